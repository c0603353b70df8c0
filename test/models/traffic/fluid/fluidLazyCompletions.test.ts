/**
 * Issue #13: a probe alone in its pod's server (fluid mode) whose completion nothing can observe before it happens gets
 * no completion event; the traffic model settles it as the event would have done it at the first thing that looks
 * (TrafficModel.lazyProbe). Given, as in fluidProbeTimeouts.test.ts: containers start 1 s after admission (image
 * pull 0 s), the default serving (processor sharing, 1000m per request at most), the readiness probe scripted
 * `success`, so only liveness goes through the pod: it ticks at 10, 20, …, 60 s.
 */
import fc from 'fast-check';
import { load } from '../../../scenarios/helpers';
import { micros, seconds } from '../../../../engine/time';
import { Priority } from '../../../../engine/priority';
import type { Simulator } from '../../../../engine/simulator';
import { Simulation } from '../../../../models/simulation';
import { MemoryRecorder } from '../../../../models/recorder';
import { probeScenario, type ProbeScenario } from './probeScenario';

function scenario(o: Omit<ProbeScenario, 'mode' | 'sampleInterval' | 'fluidStep'>): string {
  return probeScenario({ ...o, mode: 'fluid', sampleInterval: '15s', fluidStep: '5s' });
}

interface Lazy {
  lazyCompletions: number;
}

describe('fluid mode: lazy lone probe completions', () => {
  test('a lone probe: done at tick + work / rate, settled by the next look; one event fewer per settled probe', () => {
    // 1-core limit on a 4-core node: a 500 µs probe alone gets 1000m → done at tick + 500 µs, using 1000 m × 500 µs =
    // 500,000 mcµs of CPU. Ticks at 10 … 60 s.
    const o = { nodeCpu: '4', cpuLimit: '1', probeCpu: '500us', pods: 1 };
    const lazy = new Simulation(load(scenario(o)), new MemoryRecorder());
    const traffic = lazy.traffic as unknown as Lazy;
    // The first liveness probe (10 s) is eager: its Success is the worker's first result (it changes lastResult).
    // At 25 s: the probe of 20 s is lazy (no event; nothing looked since). Reading the pod settles it at its own time
    // 20.0005 s: 2 × 500,000 mcµs (were it still in service at 25 s: 500,000 + 1000 × 5,000,000 = 5.0005e9).
    lazy.runUntil(seconds(25));
    expect(traffic.lazyCompletions).toBe(0);
    const u = [...lazy.traffic.pods.values()][0]!;
    expect(u.inFlight).toBe(0);
    expect(traffic.lazyCompletions).toBe(1);
    expect(u.totalUsage(lazy.now)).toBe(1_000_000);
    // To 60 s: probes of 30 … 50 s are settled by the next tick (or a sampler) and the one of 60 s is still in
    // service at the end (due at 60.0005 s): 4 settled in all, 5 × 500,000 mcµs used, 1 in flight.
    lazy.runUntil(seconds(60));
    expect(u.inFlight).toBe(1);
    expect(traffic.lazyCompletions).toBe(4);
    expect(u.totalUsage(lazy.now)).toBe(2_500_000);
    // The eager run: the same usage, 4 completion events more.
    const eager = new Simulation(load(scenario(o)), new MemoryRecorder(), { lazyCompletions: false });
    eager.runUntil(seconds(60));
    expect([...eager.traffic.pods.values()][0]!.totalUsage(eager.now)).toBe(2_500_000);
    expect((eager.ctx.clock as Simulator).eventsProcessed - (lazy.ctx.clock as Simulator).eventsProcessed).toBe(4);
    expect((eager.traffic as unknown as Lazy).lazyCompletions).toBe(0);
  });

  test('a reader at the completion\'s very instant sees it done iff its key is after the completion\'s', () => {
    // The probe of 20 s (lazy; the first, of 10 s, is eager) completes at 20.0005 s (TRAFFIC; its seq reserved at
    // 20 s). Readers of in-flight at 20.0005 s: KUBELET (an earlier priority) and a TRAFFIC event scheduled before the run (an earlier seq) run
    // before it → 1; a TRAFFIC event scheduled at 20.0002 s (a later seq) and a SAMPLE event run after it → 0. The
    // eager run gives the same answers (its completion is an event).
    const read = (lazyCompletions: boolean) => {
      const sim = new Simulation(load(scenario({ nodeCpu: '4', cpuLimit: '1', probeCpu: '500us', pods: 1 })), new MemoryRecorder(), { lazyCompletions });
      const clock = sim.ctx.clock as Simulator;
      const seen: string[] = [];
      const at = micros(20_000_500);
      const reader = clock.register<string>('test/read', (label) => seen.push(`${label}=${[...sim.traffic.pods.values()][0]!.inFlight}`));
      const later = clock.register<null>('test/later', () => clock.scheduleAt(at, reader, 'traffic-later', Priority.TRAFFIC));
      clock.scheduleAt(at, reader, 'traffic-earlier', Priority.TRAFFIC);
      clock.scheduleAt(at, reader, 'kubelet', Priority.KUBELET);
      clock.scheduleAt(at, reader, 'sample', Priority.SAMPLE);
      clock.scheduleAt(micros(20_000_200), later, null, Priority.TRAFFIC);
      sim.runUntil(seconds(21));
      seen.push(`lazy=${(sim.traffic as unknown as Lazy).lazyCompletions}`);
      return seen;
    };
    const expected = ['kubelet=1', 'traffic-earlier=1', 'traffic-later=0', 'sample=0'];
    // Lazy: settled by the first reader after it ('traffic-later'); eager: its own event.
    expect(read(true)).toEqual([...expected, 'lazy=1']);
    expect(read(false)).toEqual([...expected, 'lazy=0']);
  });

  test('lazy on and off give the same run: random contended nodes, probe costs, periods, timeouts and fluid load (fast-check)', () => {
    // Every record (pods, nodes, services, pod metrics, Events, HPA…) and each probe worker's results in order are equal; the
    // lazy run handles exactly lazyCompletions events fewer. Liveness failures (timeouts on a contended node) restart
    // containers, so stops and restarts with lazy completions pending are covered too.
    const arb = fc.record({
      pods: fc.integer({ min: 1, max: 4 }),
      nodeCpu: fc.constantFrom('1', '2'),
      cpuLimit: fc.constantFrom(undefined, '500m', '1'),
      probeMs: fc.integer({ min: 1, max: 1500 }),
      period: fc.integer({ min: 1, max: 4 }),
      timeout: fc.integer({ min: 1, max: 2 }),
      rps: fc.constantFrom(0, 5, 40),
      both: fc.boolean(),
      // Pod i's liveness period is period + i × stagger: pods probed at different instants, so one's probe arrives
      // while another's lazy completion is due (the node's books settle it first).
      stagger: fc.constantFrom(0, 1),
    });
    const run = (g: typeof arb extends fc.Arbitrary<infer T> ? T : never, lazyCompletions: boolean) => {
      let yaml = scenario({ nodeCpu: g.nodeCpu, cpuLimit: g.cpuLimit, probeCpu: `${g.probeMs}ms`, pods: g.pods, rps: g.rps, stagger: g.stagger })
        .replace(/periodSeconds: 1(\d), timeoutSeconds: 1, failureThreshold: 10/g, (_m, d: string) => `periodSeconds: ${g.period + Number(d)}, timeoutSeconds: ${g.timeout}, failureThreshold: 2`)
        .replaceAll('readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}', `readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: ${g.period + 1}, timeoutSeconds: ${g.timeout}}`);
      if (g.both) yaml = yaml.replace('    readiness: [{from: 0s, result: success}]\n', '');
      const s = load(yaml);
      const rec = new MemoryRecorder();
      const sim = new Simulation(s, rec, { lazyCompletions });
      const results: Record<string, string[]> = {};
      const prober = sim.kubelets.prober as unknown as { record: (w: { type: string; container: { pod: { metadata: { name: string } } } }, result: string, output: string) => void };
      const record = prober.record.bind(prober);
      // Each worker's results in order, without the clock: a lazy Success is counted when it is settled, later than
      // its completion (so also after other workers' results of that time: only each worker's own order is kept).
      prober.record = (w, result, output) => {
        (results[`${w.container.pod.metadata.name} ${w.type}`] ??= []).push(`${result} ${output}`);
        record(w, result, output);
      };
      sim.runUntil(s.duration);
      const { kubectlLines: _k, ...records } = rec as unknown as Record<string, unknown>;
      return { records: JSON.stringify(records), results, handled: (sim.ctx.clock as Simulator).eventsProcessed, lazy: (sim.traffic as unknown as Lazy).lazyCompletions };
    };
    let lazyTotal = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const on = run(g, true);
        const off = run(g, false);
        expect(off.lazy).toBe(0);
        expect(on.records).toEqual(off.records);
        expect(on.results).toEqual(off.results);
        expect(off.handled - on.handled).toBe(on.lazy);
        lazyTotal += on.lazy;
      }),
      { numRuns: 40 },
    );
    // The property is not vacuous: some completions went lazy.
    expect(lazyTotal).toBeGreaterThan(0);
  });
});
