/**
 * Issue #13: in fluid mode a kubelet probe through the pod costs two engine events (its worker's tick and the pod's
 * completion event, which tells the result), not three (the result was an event of its own at the same instant).
 * Given: one 4-core node, containers start 1 s after admission (image pull 0 s), the default serving (processor
 * sharing, 1000m per request at most), the default probe cost 0.5 ms of one core, a 1-core limit.
 */
import { load } from '../../../scenarios/helpers';
import { toSeconds } from '../../../../engine/time';
import { Simulation } from '../../../../models/simulation';
import { MemoryRecorder } from '../../../../models/recorder';

function scenario(mode: 'fluid' | 'requests', cpuLimit: string): string {
  return `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: s}
spec:
  duration: 60s
  sampleInterval: 1m
  kubelet: {imagePull: 0s, containerStart: 1s}
  nodePools:
    - {namePrefix: node, count: 1, cpu: "4", memory: 16Gi}
---
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: web}}
spec:
  containers:
    - name: app
      image: web
      resources: {requests: {cpu: 100m}, limits: {cpu: "${cpuLimit}"}}
      readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10, timeoutSeconds: 1}
      livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10, timeoutSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: t}
spec:
  service: web
  mode: ${mode}
  profile: {constant: 0}
  request: {cpu: 20ms}
`;
}

/** Runs the scenario counting the prober's recorded results (instant, type, result) and the events of each type. */
function probed(mode: 'fluid' | 'requests', cpuLimit: string) {
  const s = load(scenario(mode, cpuLimit));
  // One event per probe tick (batching an instant's ticks is covered by test/models/kubelet/probeTickBatches.test.ts):
  // the counts below are per tick.
  const sim = new Simulation(s, new MemoryRecorder(), { batchProbeTicks: false });
  const results: [number, string, string][] = [];
  const prober = sim.kubelets.prober as unknown as { record: (w: { type: string }, result: string, output: string) => void };
  const record = prober.record.bind(prober);
  prober.record = (w, result, output) => {
    results.push([toSeconds(sim.ctx.clock.now), w.type, result]);
    record(w, result, output);
  };
  // The engine's handlers by type name, wrapped to count their events.
  const clock = sim.ctx.clock as unknown as { handlers: ((a: unknown) => void)[]; byName: Map<string, number> };
  const counts = new Map<string, number>();
  for (const [name, id] of clock.byName) {
    const h = clock.handlers[id]!;
    counts.set(name, 0);
    clock.handlers[id] = (a) => {
      counts.set(name, counts.get(name)! + 1);
      h(a);
    };
  }
  sim.runUntil(s.duration);
  return { results, counts, events: [...counts.values()].reduce((a, b) => a + b, 0) };
}

describe('fluid mode: probes through a pod whose server holds only probes', () => {
  // The pod is admitted at 0 (the workers' ticker origin), its container runs from 1 s; the first ticks after that
  // are at 10, 20, 30, 40, 50 s (60 s is the end of the run: not run). Liveness and readiness tick at the same
  // instants and both enter the pod's server at once: processor sharing splits the CPU between them.
  test('1-core limit: two 0.5 ms probes share 1000m, both done at tick + 2 × 0.5 ms = tick + 1 ms', () => {
    const { results } = probed('fluid', '1');
    const ticks = [10, 20, 30, 40, 50];
    // Liveness was created first (startup, liveness, readiness): its completion is told first.
    expect(results).toEqual(ticks.flatMap((t) => [[t + 0.001, 'liveness', 'Success'], [t + 0.001, 'readiness', 'Success']]));
  });

  test('100m limit: each probe gets 50m, 0.5 ms of a core takes 10 ms: done at tick + 10 ms', () => {
    // 0.5 ms × 1000m / 50m = 10 ms, well within the 1 s timeout.
    const { results } = probed('fluid', '100m');
    expect(results).toEqual([10, 20, 30, 40, 50].flatMap((t) => [[t + 0.01, 'liveness', 'Success'], [t + 0.01, 'readiness', 'Success']]));
  });

  test('events per tick instant: 2 ticks + 1 completion telling both results (was 2 + 1 + 2 result events)', () => {
    const { counts } = probed('fluid', '1');
    // 5 instants × 2 workers = 10 probes: 10 ticks, one completion event per instant (both end together), and no
    // result event; the probes' timeouts are cancelled (tombstones, not run).
    expect(counts.get('kubelet/probe-result')).toBe(0);
    expect(counts.get('traffic/completion')).toBe(5);
    expect(counts.get('kubelet/probe-timeout')).toBe(0);
    // Ticks: the 10 above, plus one per worker at the origin (0 s, the container not running yet: it sleeps).
    expect(counts.get('kubelet/probe-tick')).toBe(12);
  });

  test('request mode keeps the result event: 10 probes, 10 result events, same results and instants', () => {
    const fluid = probed('fluid', '1');
    const requests = probed('requests', '1');
    expect(requests.counts.get('kubelet/probe-result')).toBe(10);
    expect(requests.counts.get('traffic/completion')).toBe(5);
    expect(requests.results).toEqual(fluid.results);
    // Everything else being equal, the fluid run has exactly those 10 events fewer plus its own fluid steps.
    const fluidSteps = [...fluid.counts].filter(([n]) => n.startsWith('traffic/fluid')).reduce((a, [, c]) => a + c, 0);
    expect(requests.events - 10).toBe(fluid.events - fluidSteps);
  });
});
