/**
 * The metrics pipeline as the HPA controller reads it: a pod's sample (cpu and memory from metrics.k8s.io, the
 * custom pod metrics, milli-units), the Service's request rate as an Object metric, and the replicas the offered
 * load implies at the HPA's CPU target.
 */
import { micros, seconds } from '../../../engine/time';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import type { ResolvedAutoscaler } from '../../../models/hpa/autoscaler';
import type { DurationDist } from '../../../models/draw';
import { meanCpu } from '../../../models/hpa/metrics';
import { behavior, container, podSpec, scenario, service, traffic, workload } from '../../support/build';

const MI = 2 ** 20;

/** A Deployment of 2 pods (request 200m) behind a Service: 20 rps × 15 ms = 300m offered; idle 10m per pod. */
function setup(): Simulation {
  const s = scenario({
    duration: seconds(120),
    workloads: [workload('Deployment', 'php', 2, { app: 'php' }, podSpec({ containers: [container('php', { requests: { cpuMilli: 200, memoryBytes: 0 } })] }))],
    behaviors: [behavior({ app: 'php' }, { resources: { cpuMilli: 10, memoryBytes: 32 * MI } })],
    services: [service('php', { app: 'php' })],
    traffic: [traffic('load', 'php', 20, 15)],
  });
  const sim = new Simulation(s, new MemoryRecorder());
  sim.runUntil(seconds(90));
  return sim;
}

const hpa = (spec: Record<string, unknown>, apiVersion = 'autoscaling/v2') =>
  ({
    namespace: 'default',
    name: 'php',
    target: { kind: 'Deployment', name: 'php' },
    manifest: { apiVersion, spec: { scaleTargetRef: { kind: 'Deployment', name: 'php' }, maxReplicas: 10, ...spec } },
  }) as unknown as ResolvedAutoscaler;

test('a pod sample carries cpu, memory (milli-bytes), requests_per_second and in_flight', () => {
  const sim = setup();
  const pod = [...sim.ctx.store.list('Pod')][0];
  const m = sim.autoscalerMetrics.podMetrics(pod, seconds(90))!;
  // RoundRobin alternates: each pod gets a 15 ms request every 100 ms, so any 60 s window holds exactly 600
  // requests' work whatever its phase: 600 × 15 ms / 60 s = 150m, + 10m idle = 160m; 10 rps = 10000m.
  expect(m).toMatchObject({ timestamp: seconds(90), window: seconds(60), usage: { cpu: 160, memory: 32 * MI * 1000, in_flight: 0 } });
  expect(m.usage.requests_per_second).toBe(10_000);
  expect(sim.autoscalerMetrics.objectMetrics('default', seconds(90))).toEqual({ requests_per_second: 20_000 });
  expect(sim.autoscalerMetrics.objectMetrics('other', seconds(90))).toEqual({});
});

test('demand replicas: offered CPU over what one pod may use at the target', () => {
  const sim = setup();
  // 300m offered. autoscaling/v1 50 %: a pod may use 200m × 50 % − 10m idle = 90m → ⌈300/90⌉ = 4.
  expect(sim.autoscalerMetrics.demandReplicas(hpa({ targetCPUUtilizationPercentage: 50 }, 'autoscaling/v1'), seconds(90))).toBe(4);
  // v2 AverageValue 160m: 150m of room per pod → ⌈300/150⌉ = 2. The v2 default (no metrics: 80 %): 150m → 2.
  const avg = { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '160m' } } };
  expect(sim.autoscalerMetrics.demandReplicas(hpa({ metrics: [avg] }), seconds(90))).toBe(2);
  expect(sim.autoscalerMetrics.demandReplicas(hpa({}), seconds(90))).toBe(2);
  // Without a cpu target k8sim cannot tell.
  const rps = { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '5' } } };
  expect(sim.autoscalerMetrics.demandReplicas(hpa({ metrics: [rps] }), seconds(90))).toBeNull();
});

test.each<[DurationDist, number]>([
  [{ kind: 'fixed', value: micros(10) }, 10],
  [{ kind: 'uniform', min: micros(10), max: micros(30) }, 20],
  [{ kind: 'exponential', mean: micros(7) }, 7],
  [{ kind: 'normal', mean: micros(9), stddev: micros(1) }, 9],
  // median · e^(σ²/2): 100 · e^(0.5) for σ = 1
  [{ kind: 'lognormal', median: micros(100), sigma: 1 }, 100 * Math.exp(0.5)],
])('mean CPU of %j is %d µs', (d, mean) => {
  expect(meanCpu(d)).toBeCloseTo(mean, 9);
});
