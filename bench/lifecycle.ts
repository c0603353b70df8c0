/**
 * The lifecycle benchmark scenario: 1,000 nodes and 20,000 pods (200 Deployments × 100 replicas) for 1 h of
 * virtual time, written as ordinary YAML and run through the loader, the full model and the CSV writers, like a
 * user's run. About 10 % of the pods crash now and then (exponential run times, mean 20 min), every pod has a
 * readiness probe, one node in a hundred goes down for a while, and a few Deployments scale up and down.
 */
import { runYaml } from './runFile';

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
