/**
 * Issue #13: the probe workers' ticks due at one instant run from one event (TickBatches), each in its own event's
 * place. The reference is the same scenario with batching off (one event per tick, as before): on random probe
 * configurations every recorder row, each worker's results with their instants, and the number of events handled must
 * be equal. Given: a Deployment of `replicas` pods admitted together at 0 s, scaled up at `scaleAt` (pods admitted
 * apart, with other tick origins), scripted liveness/readiness/startup results (success, failure, timeout: restarts,
 * on hold), random periods, initial delays, timeouts and thresholds, and optionally a Traffic (fluid or request mode)
 * whose pods answer the probes from the load. fast-check prints the seed of a failing case.
 */
import fc from 'fast-check';
import { load } from '../../scenarios/helpers';
import { toSeconds } from '../../../engine/time';
import type { Simulator } from '../../../engine/simulator';
import { Simulation } from '../../../models/simulation';
import { MemoryRecorder } from '../../../models/recorder';

const step = fc.record({ from: fc.integer({ min: 0, max: 40 }), result: fc.constantFrom('success', 'failure', 'timeout', 'fromLoad') });

const arb = fc.record({
  replicas: fc.integer({ min: 1, max: 4 }),
  scaleAt: fc.integer({ min: 1, max: 30 }),
  scaleTo: fc.integer({ min: 1, max: 6 }),
  period: fc.integer({ min: 1, max: 10 }),
  readinessPeriod: fc.integer({ min: 1, max: 10 }),
  initialDelay: fc.integer({ min: 0, max: 12 }),
  timeout: fc.integer({ min: 1, max: 3 }),
  failureThreshold: fc.integer({ min: 1, max: 3 }),
  startup: fc.boolean(),
  // Distinct `from`s: two steps of one probe at one time are an input error.
  liveness: fc.uniqueArray(step, { maxLength: 3, selector: (s) => s.from }),
  readiness: fc.uniqueArray(step, { maxLength: 3, selector: (s) => s.from }),
  traffic: fc.constantFrom('none', 'fluid', 'requests'),
  rps: fc.constantFrom(0, 20),
  probeMs: fc.constantFrom(1, 300, 1500),
});
type Config = typeof arb extends fc.Arbitrary<infer T> ? T : never;

function steps(s: readonly { from: number; result: string }[]): string {
  return `[${[...s].sort((a, b) => a.from - b.from).map((x) => `{from: ${x.from}s, result: ${x.result}}`).join(', ')}]`;
}

function yaml(g: Config): string {
  const probe = (path: string, period: number, extra = '') =>
    `{httpGet: {path: ${path}, port: 8080}, periodSeconds: ${period}, timeoutSeconds: ${g.timeout}${extra}}`;
  const probes: string[] = [];
  if (g.liveness.length > 0) probes.push(`    liveness: ${steps(g.liveness)}`);
  if (g.readiness.length > 0) probes.push(`    readiness: ${steps(g.readiness)}`);
  return `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: s}
spec:
  duration: 90s
  sampleInterval: 10s
  kubelet: {imagePull: 0s, containerStart: 1s}
  nodePools:
    - {namePrefix: node, count: 1, cpu: "2", memory: 16Gi}
  timeline:
    - {at: ${g.scaleAt}s, action: scale, target: deployment/web, replicas: ${g.scaleTo}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${g.replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: web
          resources: {requests: {cpu: 100m}, limits: {cpu: "1"}}
          livenessProbe: ${probe('/healthz', g.period, `, initialDelaySeconds: ${g.initialDelay}, failureThreshold: ${g.failureThreshold}`)}
          readinessProbe: ${probe('/ready', g.readinessPeriod)}${g.startup ? `\n          startupProbe: ${probe('/started', 2, ', failureThreshold: 5')}` : ''}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: b}
spec:
  selector: {}
  probes:
    cpu: ${g.probeMs}ms
${probes.join('\n')}
${
  g.traffic === 'none'
    ? ''
    : `---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: t}
spec:
  service: web
  mode: ${g.traffic}
  profile: {constant: ${g.rps}}
  request: {cpu: 20ms}
`
}`;
}

function run(g: Config, batchProbeTicks: boolean) {
  const s = load(yaml(g));
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec, { batchProbeTicks });
  const results: string[] = [];
  const prober = sim.kubelets.prober as unknown as { record: (w: { type: string; container: { pod: { metadata: { name: string } } } }, result: string, output: string) => void };
  const record = prober.record.bind(prober);
  prober.record = (w, result, output) => {
    results.push(`${toSeconds(sim.ctx.clock.now)} ${w.container.pod.metadata.name} ${w.type} ${result} ${output}`);
    record(w, result, output);
  };
  sim.runUntil(s.duration);
  const { kubectlLines: _k, ...records } = rec as unknown as Record<string, unknown>;
  const inlined = (sim.kubelets.prober as unknown as { ticks: { inlined: number } }).ticks.inlined;
  return { records: JSON.stringify(records), results, handled: (sim.ctx.clock as Simulator).eventsProcessed, inlined };
}

describe('probe ticks batched per instant', () => {
  test('equal the unbatched run: random probes, restarts, pods admitted together and apart, fluid and request traffic (fast-check)', () => {
    let probed = 0;
    let inlined = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const on = run(g, true);
        const off = run(g, false);
        expect(on.results).toEqual(off.results);
        expect(on.records).toEqual(off.records);
        expect(on.handled).toBe(off.handled);
        expect(off.inlined).toBe(0);
        probed += on.results.length;
        inlined += on.inlined;
      }),
      { numRuns: 60 },
    );
    // Not vacuous: the workers recorded results, and ticks ran inline from a batch.
    expect(probed).toBeGreaterThan(0);
    expect(inlined).toBeGreaterThan(0);
  });
});
