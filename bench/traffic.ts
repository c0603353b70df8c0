/**
 * The traffic benchmark of issue #3: a Service at 2,000 requests per second (Poisson) over 10 pods for 1 h of
 * virtual time, about 7.2 M requests, written as ordinary YAML and run through the loader, the full model and the
 * CSV writers (services.csv and pod_metrics.csv every 10 s), like a user's run. Each pod has a 1-CPU limit and gets
 * 200 rps × 2.5 ms (exponential) = 500m of work: processor sharing at ρ = 0.5. With `probes` (the part
 * `traffic-probes`, issue #12) each pod also has httpGet readiness and liveness probes every 10 s, sent through the
 * pod (the default `probes.default: fromLoad`): 720 probes per pod-hour that share the CPU with the requests.
 */
import { runYaml } from './runFile';

export function trafficYaml(rps = 2000, pods = 10, duration = '1h', probes = false): string {
  const probeLines = probes
    ? `
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}
          livenessProbe: {httpGet: {path: /live, port: 8080}, periodSeconds: 10}`
    : '';
  return `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: traffic-bench}
spec:
  seed: 1
  duration: ${duration}
  sampleInterval: 10s
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: ${pods}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: registry.example/api:1.0
          resources: {requests: {cpu: 500m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}${probeLines}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: load}
spec:
  service: api
  profile: {constant: ${rps}}
  clients: {count: 10000}
  request: {cpu: {exponential: {mean: 2500us}}, memory: 64Ki, timeout: 5s}
`;
}

export interface TrafficBenchResult {
  readonly wallSeconds: number;
  /** CPU time of the run (user + system, the same span as wallSeconds), s: the figure to compare on a shared machine. */
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly events: number;
  readonly requests: number;
  readonly traceRows: Record<string, number>;
}

export function runTrafficBench(duration = '1h', probes = false): TrafficBenchResult {
  const r = runYaml('traffic', trafficYaml(2000, 10, duration, probes));
  return {
    wallSeconds: r.wallSeconds,
    cpuSeconds: r.cpuSeconds,
    peakRssBytes: r.peakRssBytes,
    events: r.sim.summary().eventsProcessed,
    requests: r.sim.services.list[0].stats.arrivalsTotal,
    traceRows: r.traceRows,
  };
}

if (require.main === module) console.log(JSON.stringify(runTrafficBench(process.argv[2] ?? '1h')));
