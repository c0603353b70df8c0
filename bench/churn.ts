/**
 * The churn benchmark of issue #14: one Deployment of `pods` replicas (100 pods per node) for 2 min of virtual time,
 * scaled down to 4 at 60 s, with and without a Service selecting its pods (and, as a variant, an HPA doing the
 * scale-down instead of the timeline). The Service's endpoint updates must cost O(changed pods) per change, so the
 * with-Service run stays within 2× of the run without. Written as ordinary YAML and run through the loader, the full
 * model and the CSV writers (runFile.ts), like a user's run.
 */
import { runYaml } from './runFile';

export type ChurnVariant = 'plain' | 'service' | 'hpa';

export function churnYaml(pods: number, variant: ChurnVariant): string {
  const nodes = Math.ceil(pods / 100);
  const docs: string[] = [];
  const scale = variant === 'hpa' ? '' : `
  timeline:
    - {at: 60s, action: scale, target: {kind: Deployment, name: app}, replicas: 4}`;
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: churn}
spec:
  seed: 1
  duration: 2m
  sampleInterval: 30s
  nodePools:
    - {namePrefix: node, count: ${nodes}, cpu: "64", memory: 256Gi, pods: 110}${scale}`);
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: ${pods}
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
        - name: app
          image: registry.example/app:1.0
          resources: {requests: {cpu: 100m, memory: 128Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}`);
  if (variant !== 'plain') {
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: app}
spec:
  selector: {app: app}
  ports: [{port: 80, targetPort: 8080}]`);
  }
  if (variant === 'hpa') {
    docs.push(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}
  minReplicas: 4
  maxReplicas: ${pods}
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 0
      policies: [{type: Percent, value: 100, periodSeconds: 15}]`);
  }
  return docs.join('\n---\n') + '\n';
}

export interface ChurnResult {
  readonly pods: number;
  readonly variant: ChurnVariant;
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
  readonly events: number;
  readonly podsCreated: number;
  readonly podsAtEnd: number;
}

export function runChurn(pods: number, variant: ChurnVariant): ChurnResult {
  const r = runYaml(`churn-${variant}`, churnYaml(pods, variant));
  const s = r.sim.summary();
  let podsAtEnd = 0;
  for (const p of r.sim.ctx.store.list('Pod')) if (!p.removed) podsAtEnd++;
  return { pods, variant, wallSeconds: r.wallSeconds, peakRssBytes: r.peakRssBytes, events: s.eventsProcessed, podsCreated: s.podsCreated, podsAtEnd };
}

if (require.main === module) console.log(JSON.stringify(runChurn(Number(process.argv[2] ?? 20000), (process.argv[3] ?? 'service') as ChurnVariant)));
