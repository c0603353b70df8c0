/**
 * Issue #13: a probe through the pod whose timeout cannot fire costs no timeout event. In fluid mode (the pod's server
 * holds nothing but probes) a probe alone in its server, served strictly before its deadline, only reserves its
 * timeout's place in the event order (Simulator.reserve); the timeout is scheduled (in that place) only when the
 * server changes before the probe is served. Request mode schedules it at every send, as before.
 * Given: containers start 1 s after admission (image pull 0 s), the default serving (processor sharing, 1000m per
 * request at most), the readiness probe scripted `success` (as in the month scenario), so only liveness goes through
 * the pod: it ticks at 10, 20, 30, 40, 50 and 60 s (runUntil(60 s) runs events stamped ≤ 60 s), and probes answered
 * at tick + less than a second are answered for the first five (the sixth falls after the end of the run).
 */
import fc from 'fast-check';
import { load } from '../../../scenarios/helpers';
import { toSeconds } from '../../../../engine/time';
import type { Simulator } from '../../../../engine/simulator';
import { Simulation } from '../../../../models/simulation';
import { MemoryRecorder } from '../../../../models/recorder';
import { probeScenario } from './probeScenario';

const TICKS = [10, 20, 30, 40, 50];

/** `pods` pods of one Deployment-less app on one node of `nodeCpu`, each probed with `probeCpu` of work. */
function scenario(mode: 'fluid' | 'requests', o: { nodeCpu: string; cpuLimit?: string; probeCpu: string; pods: number }): string {
  return probeScenario({ ...o, mode, sampleInterval: '1m' });
}

/**
 * Runs the scenario recording the prober's results (instant, pod, type, result), the events handled of each type and
 * the events put into the queue of each type (schedule, scheduleAt and scheduleReserved).
 */
function probed(mode: 'fluid' | 'requests', o: Parameters<typeof scenario>[1], edit: (yaml: string) => string = (y) => y) {
  const s = load(edit(scenario(mode, o)));
  // Lazy lone completions off (fluidLazyCompletions.test.ts covers them): each probe's completion is an event here;
  // so is each tick (batching an instant's ticks is covered by test/models/kubelet/probeTickBatches.test.ts).
  const sim = new Simulation(s, new MemoryRecorder(), { lazyCompletions: false, batchProbeTicks: false });
  const results: [number, string, string, string][] = [];
  const prober = sim.kubelets.prober as unknown as { record: (w: { type: string; container: { pod: { metadata: { name: string } } } }, result: string, output: string) => void };
  const record = prober.record.bind(prober);
  prober.record = (w, result, output) => {
    results.push([toSeconds(sim.ctx.clock.now), w.container.pod.metadata.name, w.type, result]);
    record(w, result, output);
  };
  const clock = sim.ctx.clock as Simulator;
  const internals = clock as unknown as { handlers: ((a: unknown) => void)[]; byName: Map<string, number> };
  const handled = new Map<string, number>();
  for (const [name, id] of internals.byName) {
    const h = internals.handlers[id]!;
    handled.set(name, 0);
    internals.handlers[id] = (a) => {
      handled.set(name, handled.get(name)! + 1);
      h(a);
    };
  }
  const pushed = new Map<string, number>();
  const count = (name: string) => pushed.set(name, (pushed.get(name) ?? 0) + 1);
  const { schedule, scheduleAt, scheduleReserved } = clock;
  clock.schedule = (delay, type, arg, priority) => (count(type.name), schedule.call(clock, delay, type, arg, priority));
  clock.scheduleAt = (at, type, arg, priority) => (count(type.name), scheduleAt.call(clock, at, type, arg, priority));
  clock.scheduleReserved = (at, type, arg, priority, seq) => (count(type.name), scheduleReserved.call(clock, at, type, arg, priority, seq));
  sim.runUntil(s.duration);
  return { results, handled, pushed };
}

describe('fluid mode: a probe timeout is scheduled only when it can fire', () => {
  test('a probe alone in its pod: done at tick + work / rate; no timeout put in the queue (request mode: one per probe)', () => {
    // 1-core limit on a 4-core node: the probe alone gets 1000m, 0.5 ms of a core takes 0.5 ms → tick + 0.0005 s,
    // strictly before its deadline tick + 1 s: watched, never armed.
    const o = { nodeCpu: '4', cpuLimit: '1', probeCpu: '500us', pods: 1 };
    const fluid = probed('fluid', o);
    const requests = probed('requests', o);
    // The readiness probe's first (scripted) Success at its first tick after the start, 10 s, then it sleeps.
    const expected = [[10, 'p0', 'readiness', 'Success'], ...TICKS.map((t) => [t + 0.0005, 'p0', 'liveness', 'Success'])];
    expect(fluid.results).toEqual(expected);
    expect(requests.results).toEqual(expected);
    // Queue pushes per probe (6 sent: 10 … 60 s): fluid 0 timeouts (was 1, scheduled then cancelled), request mode
    // 1 each (6); in both, one completion each (6) and the liveness worker's next tick (the readiness worker's first
    // tick at 10 s plus 6 liveness ticks, after the first one put in the queue by the container's start: 8).
    expect(fluid.pushed.get('kubelet/probe-load-timeout') ?? 0).toBe(0);
    expect(requests.pushed.get('kubelet/probe-load-timeout')).toBe(6);
    for (const r of [fluid, requests]) {
      expect(r.pushed.get('traffic/completion')).toBe(6);
      expect(r.pushed.get('kubelet/probe-tick')).toBe(8);
    }
    // Events handled per probe, unchanged: its tick and its completion (which tells the result in fluid mode);
    // 7 ticks (readiness once, liveness 6 times), 5 completions by the end.
    expect(fluid.handled.get('kubelet/probe-tick')).toBe(7);
    expect(fluid.handled.get('traffic/completion')).toBe(5);
    expect(fluid.handled.get('kubelet/probe-load-timeout')).toBe(0);
    expect(requests.handled.get('kubelet/probe-result')).toBe(5);
  });

  test('two probes on a contended node: the first was watched, the second arrival shares the node and arms its timeout, which fires', () => {
    // One 1-core node (1000m allocatable), two pods without a CPU limit (cap 1000m each), probes of 0.6 s of a core.
    // Both workers tick at the same instants (both pods admitted at 0). At tick t: p0's probe alone claims 1000m
    // (sum 1000 ≤ 1000: no sharing) → done at t + 0.6 s < t + 1 s: watched (timeout not scheduled). p1's probe
    // claims 1000m → sum 2000 > 1000: the node is shared by requests (100m each: 500m each); p0's capacity changes,
    // which arms its timeout (at t + 1 s, in the place reserved at its send). Each now needs 0.6 / 0.5 = 1.2 s → done
    // at t + 1.2 s, after the deadline t + 1 s: p1's is not watched (scheduled at once). At t + 1 s both time out, p0
    // first (its reserved place is before p1's): Failure, Failure (failureThreshold 10: no restart within the run).
    const o = { nodeCpu: '1', probeCpu: '600ms', pods: 2 };
    const fluid = probed('fluid', o);
    const requests = probed('requests', o);
    const expected = [
      [10, 'p0', 'readiness', 'Success'],
      [10, 'p1', 'readiness', 'Success'],
      ...TICKS.flatMap((t) => [
        [t + 1, 'p0', 'liveness', 'Failure'],
        [t + 1, 'p1', 'liveness', 'Failure'],
      ]),
    ];
    expect(fluid.results).toEqual(expected);
    expect(requests.results).toEqual(expected);
    // Every timeout here could fire: 12 put in the queue (2 per tick, 10 … 60 s) and 10 handled (those at 61 s fall
    // after the end), in both modes.
    for (const r of [fluid, requests]) {
      expect(r.pushed.get('kubelet/probe-load-timeout')).toBe(12);
      expect(r.handled.get('kubelet/probe-load-timeout')).toBe(10);
    }
  });

  test('two probes entering one server at once: the second arms the first one\'s timeout; both served in time', () => {
    // Liveness and readiness both through the pod (no scripted readiness): at each tick both enter the one server;
    // the first was alone (watched), the second's arrival changes the server and arms it; the second is not alone
    // (scheduled at once). Processor sharing on 1000m: each 0.5 ms probe is done at tick + 1 ms. Timeouts put in
    // the queue: 2 per tick instant, 10 … 60 s (as before: 12), none handled (both cancelled when served).
    const both = probed('fluid', { nodeCpu: '4', cpuLimit: '1', probeCpu: '500us', pods: 1 }, (y) => y.replace('    readiness: [{from: 0s, result: success}]\n', ''));
    expect(both.pushed.get('kubelet/probe-load-timeout')).toBe(12);
    expect(both.handled.get('kubelet/probe-load-timeout')).toBe(0);
    expect(both.results).toEqual(TICKS.flatMap((t) => [[t + 0.001, 'p0', 'liveness', 'Success'], [t + 0.001, 'p0', 'readiness', 'Success']]));
  });

  test('watching changes nothing: random contended nodes, probe costs, periods and timeouts run the same with every timeout scheduled at the send (fast-check)', () => {
    // Run A as built; run B turns every 'watched' answer into 'sent' (the prober schedules the timeout at once, as
    // before issue #13). Expected: the same probe results at the same instants, the same Kubernetes Events (Unhealthy,
    // Killing, restarts), the same pod_metrics rows and the same number of events handled.
    const arb = fc.record({
      pods: fc.integer({ min: 1, max: 4 }),
      nodeCpu: fc.constantFrom('1', '2'),
      probeMs: fc.integer({ min: 1, max: 1500 }),
      period: fc.integer({ min: 1, max: 4 }),
      timeout: fc.integer({ min: 1, max: 2 }),
      both: fc.boolean(),
    });
    const run = (g: typeof arb extends fc.Arbitrary<infer T> ? T : never, watch: boolean) => {
      let yaml = scenario('fluid', { nodeCpu: g.nodeCpu, probeCpu: `${g.probeMs}ms`, pods: g.pods })
        .replaceAll('periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 10', `periodSeconds: ${g.period}, timeoutSeconds: ${g.timeout}, failureThreshold: 2`)
        .replaceAll('readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}', `readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: ${g.period + 1}, timeoutSeconds: ${g.timeout}}`);
      if (g.both) yaml = yaml.replace('    readiness: [{from: 0s, result: success}]\n', '');
      const s = load(yaml);
      const rec = new MemoryRecorder();
      const sim = new Simulation(s, rec, { lazyCompletions: false });
      const results: string[] = [];
      const prober = sim.kubelets.prober as unknown as { record: (w: { type: string; container: { pod: { metadata: { name: string } } } }, result: string, output: string) => void };
      const record = prober.record.bind(prober);
      prober.record = (w, result, output) => {
        results.push(`${sim.ctx.clock.now} ${w.container.pod.metadata.name} ${w.type} ${result} ${output}`);
        record(w, result, output);
      };
      if (!watch) {
        const traffic = sim.traffic as unknown as { sendProbe: (...a: unknown[]) => string; pods: Map<unknown, { watchedProbe: unknown }> };
        const send = traffic.sendProbe.bind(traffic);
        traffic.sendProbe = (c, handler, p) => {
          const r = send(c, handler, p);
          if (r !== 'watched') return r;
          traffic.pods.get((c as { pod: unknown }).pod)!.watchedProbe = undefined;
          return 'sent';
        };
      }
      sim.runUntil(s.duration);
      return { results, events: rec.events.map((e) => JSON.stringify(e)), metrics: rec.podMetricRows.map((r) => JSON.stringify(r)), handled: (sim.ctx.clock as Simulator).eventsProcessed };
    };
    fc.assert(
      fc.property(arb, (g) => {
        expect(run(g, true)).toEqual(run(g, false));
      }),
      { numRuns: 40 },
    );
  });
});
