/**
 * Random scenarios for the property suites, as YAML text run through the same loader as a user's files
 * (scenarios/load.ts resolveScenario): node pools, Deployments with probes, Behaviors with crashes, Services with
 * Traffic, HPAs and timeline actions (scale, nodeDown/nodeUp, cordon, drain, delete, killContainer). Small and short
 * (≤ 6 nodes, ≤ 3 Deployments of ≤ 5 pods, ≤ 4 min), so a thousand of them run in well under a minute.
 */
import fc from 'fast-check';

export interface GenDeployment {
  readonly replicas: number;
  readonly cpuMilli: number;
  readonly memMi: number;
  readonly readiness: boolean;
  readonly liveness: boolean;
  readonly crashMeanS: number | null;
  readonly readyFailFirstS: number | null;
  readonly service: boolean;
  readonly rps: number;
  readonly requestMs: number;
  readonly timeoutS: number | null;
  readonly hpa: { readonly min: number; readonly max: number; readonly target: number } | null;
  readonly grace: number;
}

export interface GenAction {
  readonly at: number;
  readonly kind: 'scale' | 'nodeDown' | 'nodeUp' | 'cordon' | 'drain' | 'delete' | 'killContainer';
  readonly dep: number;
  readonly node: number;
  readonly n: number;
}

export interface GenScenario {
  readonly seed: number;
  readonly durationS: number;
  readonly pools: readonly { readonly count: number; readonly cpu: number; readonly memGi: number; readonly pods: number }[];
  readonly deployments: readonly GenDeployment[];
  readonly actions: readonly GenAction[];
}

const deployment: fc.Arbitrary<GenDeployment> = fc.record({
  replicas: fc.integer({ min: 0, max: 5 }),
  cpuMilli: fc.constantFrom(0, 100, 250, 500, 1000, 1500),
  memMi: fc.constantFrom(0, 64, 512, 2048),
  readiness: fc.boolean(),
  liveness: fc.boolean(),
  crashMeanS: fc.option(fc.integer({ min: 5, max: 200 }), { nil: null }),
  readyFailFirstS: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
  service: fc.boolean(),
  rps: fc.integer({ min: 0, max: 4 }),
  requestMs: fc.integer({ min: 1, max: 400 }),
  timeoutS: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  hpa: fc.option(
    fc.record({ min: fc.integer({ min: 1, max: 3 }), max: fc.integer({ min: 0, max: 4 }), target: fc.constantFrom(20, 50, 80) }).map((h) => ({ ...h, max: h.min + h.max })),
    { nil: null },
  ),
  grace: fc.constantFrom(0, 5, 30),
});

const action: fc.Arbitrary<GenAction> = fc.record({
  at: fc.integer({ min: 1, max: 89 }),
  kind: fc.constantFrom('scale', 'nodeDown', 'nodeUp', 'cordon', 'drain', 'delete', 'killContainer'),
  dep: fc.nat(),
  node: fc.nat(),
  n: fc.integer({ min: 0, max: 6 }),
});

export const scenarioArb: fc.Arbitrary<GenScenario> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  durationS: fc.integer({ min: 20, max: 90 }),
  pools: fc.array(fc.record({ count: fc.integer({ min: 1, max: 3 }), cpu: fc.constantFrom(1, 2, 4), memGi: fc.constantFrom(2, 8), pods: fc.constantFrom(3, 110) }), { minLength: 1, maxLength: 2 }),
  deployments: fc.array(deployment, { minLength: 1, maxLength: 3 }),
  actions: fc.array(action, { maxLength: 6 }),
});

export function nodeNames(g: GenScenario): string[] {
  const out: string[] = [];
  g.pools.forEach((p, i) => {
    for (let k = 1; k <= p.count; k++) out.push(`pool${i}-${k}`);
  });
  return out;
}

/** The scenario as YAML documents (one file). */
export function scenarioYaml(g: GenScenario): string {
  const nodes = nodeNames(g);
  const docs: string[] = [];
  const timeline = g.actions
    .filter((a) => a.at < g.durationS)
    .map((a) => {
      const dep = `app${a.dep % g.deployments.length}`;
      const node = nodes[a.node % nodes.length];
      switch (a.kind) {
        case 'scale':
          // An HPA's target is not scaled to 0 by hand (the HPA would then be off, by design: desired 0).
          return `    - {at: ${a.at}s, action: scale, target: deployment/${dep}, replicas: ${g.deployments[a.dep % g.deployments.length].hpa ? Math.max(1, a.n) : a.n}}`;
        case 'nodeDown':
        case 'nodeUp':
        case 'cordon':
          return `    - {at: ${a.at}s, action: ${a.kind}, node: ${node}}`;
        case 'drain':
          return `    - {at: ${a.at}s, action: drain, node: ${node}, timeout: 60s}`;
        case 'delete':
          return `    - {at: ${a.at}s, action: delete, selector: {matchLabels: {app: ${dep}}}, count: ${Math.max(1, a.n)}}`;
        case 'killContainer':
          return `    - {at: ${a.at}s, action: killContainer, selector: {matchLabels: {app: ${dep}}}, count: 1}`;
      }
    });
  const pools = g.pools.map((p, i) => `    - {namePrefix: pool${i}, count: ${p.count}, cpu: "${p.cpu}", memory: ${p.memGi}Gi, pods: ${p.pods}}`);
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: prop}
spec:
  seed: ${g.seed}
  duration: ${g.durationS}s
  sampleInterval: 10s
  nodePools:
${pools.join('\n')}${timeline.length > 0 ? `\n  timeline:\n${timeline.join('\n')}` : ''}`);
  g.deployments.forEach((d, i) => {
    const name = `app${i}`;
    const probes: string[] = [];
    if (d.readiness) probes.push(`          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}`);
    if (d.liveness) probes.push(`          livenessProbe: {httpGet: {path: /live, port: 8080}, periodSeconds: 5, failureThreshold: 2}`);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${d.replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: ${d.grace}
      containers:
        - name: app
          image: registry.example/${name}:1.0
          resources: {requests: {cpu: ${d.cpuMilli}m, memory: ${d.memMi}Mi}}
${probes.join('\n')}`.trimEnd());
    const behavior: string[] = [];
    if (d.crashMeanS !== null) behavior.push(`  exit: {after: {exponential: {mean: ${d.crashMeanS}s}}, code: 1}`);
    if (d.readyFailFirstS !== null) {
      behavior.push(`  probes:\n    readiness: [{from: 0s, result: failure}, {from: ${d.readyFailFirstS}s, result: success}]`);
      if (d.liveness) behavior.push(`    liveness: [{from: 0s, result: success}, {from: ${d.readyFailFirstS * 3}s, result: failure}]`);
    }
    if (behavior.length > 0) {
      docs.push(`apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: b-${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  startup: {imagePull: {uniform: {min: 0s, max: 3s}}, containerStart: {exponential: {mean: 1s}}}
${behavior.join('\n')}`);
    }
    if (d.service) {
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]`);
      if (d.rps > 0) {
        docs.push(`apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: load-${name}}
spec:
  service: ${name}
  profile: {constant: ${d.rps}}
  clients: {count: 5}
  request: {cpu: {exponential: {mean: ${d.requestMs}ms}}${d.timeoutS !== null ? `, timeout: ${d.timeoutS}s` : ''}}`);
      }
    }
    if (d.hpa !== null) {
      docs.push(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: ${d.hpa.min}
  maxReplicas: ${d.hpa.max}
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: ${d.hpa.target}}}}]`);
    }
  });
  return docs.join('\n---\n') + '\n';
}
