/**
 * The system-day benchmark scenario of issue #13 (part s): 100 nodes, 10 Services each with a Deployment, an HPA
 * (50 % CPU) and readiness and liveness probes; 2,000 rps on average (a sinusoid over 24 h from 1,000 to 3,000 rps
 * in all), 20 ms requests, 5,000 clients per Traffic; 24 h. Written as ordinary YAML and run through the loader, the
 * full model and the CSV writers, like a user's run. The same generator, scaled down (fewer nodes and Services, a
 * shorter cycle), is the fluid-mode validation scenario (test/models/traffic/fluid/validation.test.ts) and, in fluid
 * mode for 30 days, scenarios/examples/month.yaml.
 */
import { runYaml } from './runFile';
import { benchEngine } from './engine';

export interface SystemOptions {
  readonly nodes: number;
  readonly services: number;
  /** Total rate over all Services: the sinusoid's minimum and maximum, requests per second. */
  readonly minRps: number;
  readonly maxRps: number;
  /** The sinusoid's period and the run's duration, as scenario durations (`24h`, `2h`). */
  readonly period: string;
  readonly duration: string;
  readonly mode: 'requests' | 'fluid';
  /** Fluid mode's step (`fluidStep`), e.g. `1s`. */
  readonly fluidStep?: string;
  readonly sampleInterval: string;
  readonly clients: number;
  readonly seed: number;
  /** The Services' load-balancing policy (default: the scenario default, RoundRobin). */
  readonly loadBalancing?: 'RoundRobin' | 'Random';
  /** The HPAs' CPU target, % of request (default 50). */
  readonly targetUtilization?: number;
}

export const SYSTEM_DAY: SystemOptions = {
  nodes: 100,
  services: 10,
  minRps: 1000,
  maxRps: 3000,
  period: '24h',
  duration: '24h',
  mode: 'requests',
  sampleInterval: '1m',
  clients: 5000,
  seed: 1,
};

/**
 * Each Service gets an equal part of the rate. Its pods request 500m and may use one core (a request alone runs at
 * full speed: 20 ms); the HPA keeps average CPU at 50 % of the request (250m a pod: 12.5 rps), so at the mean rate
 * each Service runs about 16 pods, 8 at the trough and 24 at the peak.
 */
export function systemYaml(o: SystemOptions, header = ''): string {
  const docs: string[] = [];
  const per = (x: number) => +(x / o.services).toFixed(6);
  docs.push(`${header}apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: system}
spec:
  seed: ${o.seed}
  duration: ${o.duration}
  sampleInterval: ${o.sampleInterval}
  metrics: {preset: metrics-server}
  nodePools:
    - {namePrefix: node, count: ${o.nodes}, cpu: "4", memory: 16Gi, pods: 110}`);
  for (let s = 0; s < o.services; s++) {
    const app = `svc-${s}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}}
spec:
  replicas: 8
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers:
        - name: app
          image: registry.example/${app}:1.0
          resources: {requests: {cpu: 500m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 10, failureThreshold: 3}`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}${o.loadBalancing !== undefined ? `, annotations: {k8sim.io/load-balancing: ${o.loadBalancing}}` : ''}}
spec:
  selector: {app: ${app}}
  ports: [{port: 80}]`);
    docs.push(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${app}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${app}}
  minReplicas: 2
  maxReplicas: 60
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: ${o.targetUtilization ?? 50}}}`);
    docs.push(`apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: ${app}}
spec:
  service: ${app}
  profile: {sine: {min: ${per(o.minRps)}, max: ${per(o.maxRps)}, period: ${o.period}}}
  clients: {count: ${o.clients}}
  request: {cpu: 20ms, timeout: 2s}${o.mode === 'fluid' ? `\n  mode: fluid${o.fluidStep !== undefined ? `\n  fluidStep: ${o.fluidStep}` : ''}` : ''}`);
  }
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: all}
spec:
  selector: {}
  startup: {imagePull: {uniform: {min: 1s, max: 5s}}, containerStart: {exponential: {mean: 1s}}}
  probes:
    readiness: [{from: 0s, result: failure}, {from: 5s, result: success}]`);
  return docs.join('\n---\n') + '\n';
}

export interface SystemDayResult {
  readonly wallSeconds: number;
  /** CPU seconds of the run (loading, simulating, traces), without the bare-engine measurement after it. */
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  /**
   * Completions settled without an event (lone requests and probes, issue #13): each stands for one event of the
   * eager run, so events + lazyCompletions is the eager run's event count (the ratio the target was set against).
   */
  readonly lazyCompletions: number;
  /** The bare engine's events per second, measured in the same process right after the run. */
  readonly engineEventsPerSecond: number;
  readonly requests: number;
  readonly traceRows: Record<string, number>;
}

export function runSystemDay(o: SystemOptions = SYSTEM_DAY): SystemDayResult {
  const r = runYaml('system-day', systemYaml(o));
  const s = r.sim.summary();
  let requests = 0;
  for (const svc of r.sim.services.list) requests += svc.stats.totals.arrivals;
  const engine = benchEngine(1000, 2_000_000, 0);
  return {
    wallSeconds: r.wallSeconds,
    cpuSeconds: r.cpuSeconds,
    peakRssBytes: r.peakRssBytes,
    events: s.eventsProcessed,
    eventsPerSecond: s.eventsProcessed / r.wallSeconds,
    lazyCompletions: r.sim.traffic.lazyCompletions,
    engineEventsPerSecond: engine.engineEventsPerSec,
    requests,
    traceRows: r.traceRows,
  };
}
