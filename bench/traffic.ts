/**
 * The traffic benchmark of issue #3: a Service at 2,000 requests per second (Poisson) over 10 pods for 1 h of
 * virtual time, about 7.2 M requests, written as ordinary YAML and run through the loader, the full model and the
 * CSV writers (services.csv and pod_metrics.csv every 10 s), like a user's run. Each pod has a 1-CPU limit and gets
 * 200 rps × 2.5 ms (exponential) = 500m of work: processor sharing at ρ = 0.5.
 */
import { runYaml } from './runFile';

export function trafficYaml(rps = 2000, pods = 10, duration = '1h'): string {
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
          resources: {requests: {cpu: 500m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}
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
  readonly peakRssBytes: number;
  readonly events: number;
  readonly requests: number;
  readonly traceRows: Record<string, number>;
}

export function runTrafficBench(duration = '1h'): TrafficBenchResult {
  const r = runYaml('traffic', trafficYaml(2000, 10, duration));
  return {
    wallSeconds: r.wallSeconds,
    peakRssBytes: r.peakRssBytes,
    events: r.sim.summary().eventsProcessed,
    requests: r.sim.services.list[0].stats.arrivalsTotal,
    traceRows: r.traceRows,
  };
}

if (require.main === module) console.log(JSON.stringify(runTrafficBench(process.argv[2] ?? '1h')));
