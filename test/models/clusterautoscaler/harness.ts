/**
 * Runs a scenario with the Cluster Autoscaler through the Simulation (the real Cloud): YAML in, the Simulation, its
 * MemoryRecorder and the autoscaler out. Helpers to build the vectors' scenarios.
 */
import { load } from '../../scenarios/helpers';
import { MemoryRecorder, type EventRecord } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { ClusterAutoscaler } from '../../../models/clusterautoscaler/clusterAutoscaler';
import { seconds, toSeconds, ZERO, type Micros } from '../../../engine/time';

export interface CaRun {
  readonly sim: Simulation;
  readonly rec: MemoryRecorder;
  readonly ca: ClusterAutoscaler;
}

/**
 * Through the Simulation's own wiring (the real Cloud). `provision`: registered / ready seconds after the launch for
 * every group; null = the machine never appears (registration after 10^7 s).
 */
export function runCa(yaml: string, provision: { registered: number; ready: number } | null = { registered: 40, ready: 60 }): CaRun {
  const config = load(yaml);
  const fixed = (s: number) => ({ kind: 'fixed' as const, value: seconds(s) });
  const p = provision ?? { registered: 1e7, ready: 1e7 };
  const ca = config.clusterAutoscaler!;
  const withDelays = { ...config, clusterAutoscaler: { ...ca, groups: ca.groups.map((g) => ({ ...g, provisioning: { registered: fixed(p.registered), ready: fixed(p.ready), failureProbability: 0, failureClass: 'OutOfResource' as const } })) } };
  const rec = new MemoryRecorder();
  const sim = new Simulation(withDelays, rec);
  return { sim, rec, ca: sim.clusterAutoscaler! };
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
