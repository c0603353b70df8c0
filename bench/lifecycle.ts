/**
 * The lifecycle benchmark scenario: 1,000 nodes and 20,000 pods (200 Deployments × 100 replicas) for 1 h of
 * virtual time, written as ordinary YAML and run through the loader, the full model and the CSV writers, like a
 * user's run. About 10 % of the pods crash now and then (exponential run times, mean 20 min), every pod has a
 * readiness probe, one node in a hundred goes down for a while, and a few Deployments scale up and down.
 * Part (l) is the same generator at 5,000 nodes and 1,000 Deployments × 100 (issue #13), run exactly as `k8sim run`
 * runs it (loader, model, traces, summary.csv, run.json).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runYaml } from './runFile';
import { loadScenario } from '../scenarios/load';
import { runScenario } from '../cli/run';

export function lifecycleYaml(nodes = 1000, deployments = 200, replicas = 100): string {
  const docs: string[] = [];
  const timeline: string[] = [];
  for (let i = 0; i < nodes; i += 100) {
    timeline.push(`    - {at: ${600 + i}s, action: nodeDown, node: node-${i + 1}}`);
    timeline.push(`    - {at: ${1800 + i}s, action: nodeUp, node: node-${i + 1}}`);
  }
  for (let d = 0; d < deployments; d += 20) {
    timeline.push(`    - {at: 1200s, action: scale, target: {kind: Deployment, name: app-${d}}, replicas: ${replicas + 20}}`);
    timeline.push(`    - {at: 2400s, action: scale, target: {kind: Deployment, name: app-${d}}, replicas: ${replicas - 20}}`);
  }
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: lifecycle}
spec:
  seed: 1
  duration: 1h
  sampleInterval: 30s
  nodePools:
    - {namePrefix: node, count: ${nodes}, cpu: "32", memory: 128Gi, pods: 110}
  timeline:
${timeline.join('\n')}`);
  for (let d = 0; d < deployments; d++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${d}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: app-${d}}}
  template:
    metadata: {labels: {app: app-${d}, tier: ${d % 10 === 0 ? 'flaky' : 'stable'}}}
    spec:
      containers:
        - name: app
          image: registry.example/app-${d % 17}:1.0
          resources: {requests: {cpu: 250m, memory: 512Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}`);
  }
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: all}
spec:
  selector: {}
  startup: {imagePull: {uniform: {min: 1s, max: 5s}}, containerStart: {exponential: {mean: 1s}}}
  probes:
    readiness: [{from: 0s, result: failure}, {from: 8s, result: success}]`);
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: flaky}
spec:
  selector: {matchLabels: {tier: flaky}}
  exit: {after: {exponential: {mean: 20m}}, code: 1}`);
  return docs.join('\n---\n') + '\n';
}

export interface LifecycleResult {
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
  readonly events: number;
  readonly pods: number;
  readonly restarts: number;
  readonly traceRows: Record<string, number>;
}

export function runLifecycle(): LifecycleResult {
  const r = runYaml('lifecycle', lifecycleYaml());
  const s = r.sim.summary();
  return { wallSeconds: r.wallSeconds, peakRssBytes: r.peakRssBytes, events: s.eventsProcessed, pods: s.podsCreated, restarts: s.containerRestarts, traceRows: r.traceRows };
}

export interface LargeLifecycleResult {
  readonly nodes: number;
  readonly deployments: number;
  readonly replicas: number;
  /** Wall seconds from reading the YAML to summary.csv and run.json written (what a user waits for). */
  readonly wallSeconds: number;
  /** Wall seconds of the simulation alone (runScenario's own figure: model and trace writing). */
  readonly simulateSeconds: number;
  /** CPU seconds (user + system) of the same span: less sensitive than wall time to other processes on the machine. */
  readonly cpuSeconds: number;
  /** Peak RSS of the process (the kernel's high-water mark, `process.resourceUsage().maxRSS`). */
  readonly peakRssBytes: number;
  readonly events: number;
  readonly pods: number;
  readonly restarts: number;
  readonly traceRows: Record<string, number>;
}

/** Part (l): the lifecycle scenario at 5,000 nodes and 100,000 pods for 1 h, through `k8sim run`'s own code path. */
export async function runLifecycleLarge(nodes = 5000, deployments = 1000, replicas = 100): Promise<LargeLifecycleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-bench-'));
  try {
    const file = path.join(dir, 'lifecycle-large.yaml');
    fs.writeFileSync(file, lifecycleYaml(nodes, deployments, replicas));
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const scenario = loadScenario([file], {});
    const r = await runScenario(scenario, path.join(dir, 'out'), { progress: false });
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    const runJson = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'run.json'), 'utf8')) as { counts: { traceRows: Record<string, number> } };
    return {
      nodes,
      deployments,
      replicas,
      wallSeconds,
      simulateSeconds: r.wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      events: r.counts.eventsProcessed,
      pods: r.counts.podsCreated,
      restarts: r.counts.containerRestarts,
      traceRows: runJson.counts.traceRows,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
