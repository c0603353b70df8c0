/**
 * The traffic benchmark of issue #3: a Service at 2,000 requests per second (Poisson) over 10 pods for 1 h of
 * virtual time, about 7.2 M requests, written as ordinary YAML and run through the loader, the full model and the
 * CSV writers (services.csv and pod_metrics.csv every 10 s), like a user's run. Each pod has a 1-CPU limit and gets
 * 200 rps × 2.5 ms (exponential) = 500m of work: processor sharing at ρ = 0.5.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../scenarios/load';
import { Simulation } from '../models/simulation';
import { TraceWriter } from '../reports/traceWriter';

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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-bench-'));
  try {
    const file = path.join(dir, 'traffic.yaml');
    fs.writeFileSync(file, trafficYaml(2000, 10, duration));
    let peak = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const scenario = loadScenario([file], {});
    const writer = new TraceWriter(path.join(dir, 'out'));
    const sim = new Simulation(scenario, writer);
    const slices = 60;
    for (let i = 1; i <= slices; i++) {
      sim.runUntil(Math.floor((scenario.duration * i) / slices));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    writer.commit();
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return {
      wallSeconds,
      peakRssBytes: peak,
      events: sim.summary().eventsProcessed,
      requests: sim.services.list[0].stats.arrivalsTotal,
      traceRows: writer.rowCounts(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(JSON.stringify(runTrafficBench(process.argv[2] ?? '1h')));
