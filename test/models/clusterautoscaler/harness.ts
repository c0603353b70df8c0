/**
 * Runs a scenario with the Cluster Autoscaler on the fake cloud (test/support/fakeCloud.ts): YAML in, the
 * Simulation, its MemoryRecorder, the autoscaler and the cloud out. Helpers to build the vectors' scenarios.
 */
import { load } from '../../scenarios/helpers';
import { MemoryRecorder, type EventRecord } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { ClusterAutoscaler } from '../../../models/clusterautoscaler/clusterAutoscaler';
import { FakeCloud, poolMachine } from '../../support/fakeCloud';
import { seconds, toSeconds, ZERO, type Micros } from '../../../engine/time';

export interface CaRun {
  readonly sim: Simulation;
  readonly rec: MemoryRecorder;
  readonly ca: ClusterAutoscaler;
  readonly cloud: FakeCloud;
}

/** `provision`: registered / ready seconds after the launch; null = the machine never appears. */
export function runCa(yaml: string, provision: { registered: number; ready: number } | null = { registered: 40, ready: 60 }): CaRun {
  const config = load(yaml);
  const rec = new MemoryRecorder();
  const sim = new Simulation(config, rec);
  const cloud = new FakeCloud(sim.ctx, () => (provision === null ? undefined : { registered: seconds(provision.registered), ready: seconds(provision.ready) }));
  const fixed = (s: number) => ({ kind: 'fixed' as const, value: seconds(s) });
  const ca = new ClusterAutoscaler(sim.ctx, config.clusterAutoscaler!, {
    cloud,
    scheduler: config.scheduler,
    provisioning: () => ({ registered: fixed(provision?.registered ?? 0), ready: fixed(provision?.ready ?? 0), failureProbability: 0, failureClass: 'Other' }),
    machine: (g) => poolMachine(g.template.allocatable),
    cordon: (n, u) => sim.nodeLifecycle.cordon(n, u),
    startTime: config.startTime,
    trace: (r) => rec.nodeAutoscaler(r),
  });
  return { sim, rec, ca, cloud };
}

/** A Simulation with node pools and spec.clusterAutoscaler, then the other documents. */
export function scenario(o: { pools: string[]; ca: string; docs?: string[]; timeline?: string[]; duration?: string }): string {
  const sim = ['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec:', `  duration: ${o.duration ?? '1h'}`, '  nodePools:', ...o.pools.map((p) => `    - ${p}`), `  clusterAutoscaler: ${o.ca}`];
  if (o.timeline !== undefined && o.timeline.length > 0) sim.push('  timeline:', ...o.timeline.map((a) => `    - ${a}`));
  return [sim.join('\n'), ...(o.docs ?? [])].join('\n---\n');
}

/** A Deployment of `replicas` pods with these requests (cpu millicores, memory) on any node. */
export function deployment(name: string, replicas: number, cpu: string, memory: string, extra: { tolerations?: string; annotations?: string; grace?: number; nodeSelector?: string; affinity?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}${extra.annotations !== undefined ? `, annotations: ${extra.annotations}` : ''}}`,
    '    spec:',
    ...(extra.grace !== undefined ? [`      terminationGracePeriodSeconds: ${extra.grace}`] : []),
    ...(extra.tolerations !== undefined ? [`      tolerations: ${extra.tolerations}`] : []),
    ...(extra.nodeSelector !== undefined ? [`      nodeSelector: ${extra.nodeSelector}`] : []),
    ...(extra.affinity !== undefined ? [`      affinity: ${extra.affinity}`] : []),
    `      containers: [{name: c, image: app, resources: {requests: {cpu: ${cpu}, memory: ${memory}}}}]`,
  ].join('\n');
}

/** Events from the cluster-autoscaler, as `t type reason kind/name: message`. */
export function caEvents(rec: MemoryRecorder, from: Micros = ZERO, to: Micros = seconds(1e9)): string[] {
  return rec.events.filter((e: EventRecord) => e.source === 'cluster-autoscaler' && e.time >= from && e.time <= to).map((e) => `${toSeconds(e.time)} ${e.type} ${e.reason} ${e.kind}/${e.name}: ${e.message}`);
}

export function rows(rec: MemoryRecorder, action?: string): string[] {
  return rec.nodeAutoscalerRows.filter((r) => action === undefined || r.action === action).map((r) => `${toSeconds(r.time)} ${r.action} ${r.owner} ${r.node} ${r.from ?? ''}->${r.to ?? ''}`.trim());
}

/** A Behavior: the selected pods' containers exit `after` a SIGTERM. */
export function exitOnSigterm(app: string, after: string): string {
  return ['apiVersion: k8sim/v1alpha1', 'kind: Behavior', `metadata: {name: ${app}-sigterm}`, 'spec:', `  selector: {matchLabels: {app: ${app}}}`, `  onSigterm: {action: exit, after: ${after}}`].join('\n');
}

export const onNode = (node: string) => `{kubernetes.io/hostname: ${node}}`;
