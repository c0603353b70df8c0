/**
 * `k8sim describe pod|node|deployment|hpa NAME`: kubectl describe's sections (pkg/describe/describe.go) filled from
 * the trace state at one instant; what the traces do not hold prints `<unknown>`. Times are virtual: `+12m0s` after
 * the start of the run. Pure over the traces; never writes.
 */
import { formatGoDuration, type Micros } from '../../engine/time';
import { humanDuration } from './humanDuration';
import { UNKNOWN } from './get';
import { readEvents, readHpas, readNodes, readPods, readWorkloads, splitContainers, type ContainerState, type EventState } from './state';
import { tabbed } from './tabwriter';

export const DESCRIBE_KINDS = ['pod', 'node', 'deployment', 'hpa'] as const;
export type DescribeKind = (typeof DESCRIBE_KINDS)[number];

export const DESCRIBE_ALIASES: Record<string, DescribeKind> = {
  pod: 'pod', pods: 'pod', po: 'pod',
  node: 'node', nodes: 'node', no: 'node',
  deployment: 'deployment', deployments: 'deployment', deploy: 'deployment',
  hpa: 'hpa', horizontalpodautoscaler: 'hpa', horizontalpodautoscalers: 'hpa',
};

/** The object was not there at `at`: kubectl's NotFound line. */
export class NotFoundError extends Error {}

/** A virtual instant as describe prints it: `+12m0s` after the start of the run. */
const when = (t: Micros) => `+${formatGoDuration(t)}`;

export function describe(dir: string, kind: DescribeKind, name: string, namespace: string, at: Micros): string {
  switch (kind) {
    case 'pod':
      return describePod(dir, name, namespace, at);
    case 'node':
      return describeNode(dir, name, at);
    case 'deployment':
      return describeDeployment(dir, name, namespace, at);
    case 'hpa':
      return describeHpa(dir, name, namespace, at);
  }
}

function notFound(resource: string, name: string): never {
  throw new NotFoundError(`Error from server (NotFound): ${resource} "${name}" not found`);
}

function describePod(dir: string, name: string, namespace: string, at: Micros): string {
  const p = readPods(dir, at).get(`${namespace}/${name}`) ?? notFound('pods', name);
  const { init, app } = splitContainers(p);
  const lines = [
    `Name:\t${p.name}`,
    `Namespace:\t${p.namespace}`,
    `Priority:\t${UNKNOWN}`,
    `Node:\t${p.node || '<none>'}`,
    `Start Time:\t${when(p.created)}`,
    `Labels:\t${UNKNOWN}`,
    `Status:\t${p.status === 'Terminating' ? 'Terminating' : p.phase}`,
    ...(p.reason && p.reason !== p.status ? [`Reason:\t${p.reason}`] : []),
    `IP:\t${UNKNOWN}`,
    ...(init.length ? ['Init Containers:', ...init.flatMap((c) => container(c, p.ready))] : []),
    'Containers:',
    ...app.flatMap((c) => container(c, p.ready)),
    'Conditions:',
    '  Type\tStatus',
    `  Ready\t${p.ready ? 'True' : 'False'}`,
  ];
  return tabbed(lines) + eventsSection(readEvents(dir, at).filter((e) => e.kind === 'Pod' && e.namespace === namespace && e.name === name), at);
}

/** One container as describe prints it: State with its details, Last State, Ready, Restart Count. */
function container(c: ContainerState, podReady: boolean): string[] {
  const out = [`  ${c.name}:`, `    Image:\t${UNKNOWN}`];
  const state = (label: string, s: string, reason: string, exitCode: string, since: Micros) => {
    if (s === 'running') out.push(`    ${label}:\tRunning`, `      Started:\t${when(since)}`);
    else if (s === 'waiting') out.push(`    ${label}:\tWaiting`, `      Reason:\t${reason}`);
    else if (s === 'terminated') {
      out.push(`    ${label}:\tTerminated`, `      Reason:\t${reason}`, `      Exit Code:\t${exitCode}`, `      Finished:\t${when(since)}`);
    } else out.push(`    ${label}:\t${UNKNOWN}`);
  };
  state('State', c.state, c.reason, c.exitCode, c.since);
  if (c.lastState) state('Last State', 'terminated', c.lastState.reason, c.lastState.exitCode, c.lastState.at);
  const ready = c.state === 'terminated' && c.reason === 'Completed' ? 'False' : podReady && c.state === 'running' ? 'True' : 'False';
  out.push(`    Ready:\t${ready}`, `    Restart Count:\t${c.restarts}`);
  return out;
}

/** kubectl's Events table (DescribeEvents): sorted by last emission, `<age> (x<count> over <first age>)`. */
export function eventsSection(events: readonly EventState[], at: Micros): string {
  if (events.length === 0) return 'Events:\t<none>\n';
  const rows = [...events]
    .sort((a, b) => a.last - b.last)
    .map((e) => {
      const interval = e.count > 1 ? `${humanDuration(at - e.last)} (x${e.count} over ${humanDuration(at - e.first)})` : humanDuration(at - e.first);
      return `  ${e.type}\t${e.reason}\t${interval}\t${e.source}\t${e.message.trim()}`;
    });
  return 'Events:\n' + tabbed(['  Type\tReason\tAge\tFrom\tMessage', '  ----\t------\t----\t----\t-------', ...rows]);
}

/** Millicores as a Kubernetes quantity (`4`, `3500m`); bytes as `Ki` when whole. */
const cpu = (m: number) => (m % 1000 === 0 ? String(m / 1000) : `${m}m`);
const memory = (b: number) => (b % 1024 === 0 ? `${b / 1024}Ki` : String(b));
/** describe.go: int64(float64(req) / float64(alloc) * 100), 0 without allocatable. */
const pct = (req: number, alloc: number) => (alloc > 0 ? Math.trunc((req / alloc) * 100) : 0);

function describeNode(dir: string, name: string, at: Micros): string {
  const n = readNodes(dir, at).get(name) ?? notFound('nodes', name);
  const r = n.row;
  const pods = [...readPods(dir, at).values()].filter((p) => p.node === name && p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const [cpuReq, cpuAlloc, memReq, memAlloc] = [r.cpu_requested_m, r.cpu_allocatable_m, r.memory_requested_bytes, r.memory_allocatable_bytes].map(Number);
  const lines = [
    `Name:\t${name}`,
    `Roles:\t${UNKNOWN}`,
    `Labels:\t${UNKNOWN}`,
    `CreationTimestamp:\t${when(n.first)}`,
    `Unschedulable:\t${r.schedulable === 'false' ? 'true' : 'false'}`,
    'Conditions:',
    '  Type\tStatus',
    '  ----\t------',
    `  Ready\t${r.ready}`,
    'Allocatable:',
    `  cpu:\t${cpu(cpuAlloc)}`,
    `  memory:\t${memory(memAlloc)}`,
    `  pods:\t${r.pods_allocatable}`,
    `Non-terminated Pods:\t(${pods.length} in total)`,
    '  Namespace\tName\tAge',
    '  ---------\t----\t---',
    ...pods.map((p) => `  ${p.namespace}\t${p.name}\t${humanDuration(at - p.created)}`),
    'Allocated resources:',
    '  Resource\tRequests',
    '  --------\t--------',
    `  cpu\t${cpu(cpuReq)} (${pct(cpuReq, cpuAlloc)}%)`,
    `  memory\t${memory(memReq)} (${pct(memReq, memAlloc)}%)`,
  ];
  return tabbed(lines) + eventsSection(readEvents(dir, at).filter((e) => e.kind === 'Node' && e.name === name), at);
}

function describeDeployment(dir: string, name: string, namespace: string, at: Micros): string {
  const w = readWorkloads(dir, at);
  const latest = Math.max(-1, ...[...w.values()].map((s) => s.last));
  const d = w.get(`${namespace}/Deployment/${name}`);
  if (!d || d.last !== latest) notFound('deployments.apps', name);
  const rs = [...w.values()]
    .filter((s) => s.last === latest && s.row.kind === 'ReplicaSet' && s.row.namespace === namespace && s.row.name.startsWith(`${name}-`) && !s.row.name.slice(name.length + 1).includes('-'))
    .sort((a, b) => a.first - b.first);
  const newRs = rs[rs.length - 1];
  const old = rs.slice(0, -1).filter((s) => Number(s.row.desired) > 0 || Number(s.row.current) > 0);
  const created = (s: (typeof rs)[number]) => `${s.row.name} (${s.row.current}/${s.row.desired} replicas created)`;
  const total = rs.reduce((s, x) => s + Number(x.row.desired), 0);
  const available = Number(d.row.available);
  const lines = [
    `Name:\t${name}`,
    `Namespace:\t${namespace}`,
    `CreationTimestamp:\t${when(d.first)}`,
    `Selector:\t${UNKNOWN}`,
    `Replicas:\t${d.row.desired} desired | ${newRs ? newRs.row.current : UNKNOWN} updated | ${d.row.current} total | ${available} available | ${Math.max(0, total - available)} unavailable`,
    `StrategyType:\t${UNKNOWN}`,
    `OldReplicaSets:\t${old.length ? old.map(created).join(', ') : '<none>'}`,
    `NewReplicaSet:\t${newRs ? created(newRs) : '<none>'}`,
  ];
  return tabbed(lines) + eventsSection(readEvents(dir, at).filter((e) => e.kind === 'Deployment' && e.namespace === namespace && e.name === name), at);
}

/** The status of an HPA condition from its reason (horizontal.go setCondition calls); undefined when not known. */
const CONDITION_TRUE: Record<string, Set<string>> = {
  AbleToScale: new Set(['SucceededGetScale', 'SucceededRescale', 'ReadyForNewScale', 'ScaleDownStabilized', 'ScaleUpStabilized']),
  ScalingActive: new Set(['ValidMetricFound']),
  ScalingLimited: new Set(['TooManyReplicas', 'TooFewReplicas', 'ScaleUpLimit', 'ScaleDownLimit']),
};

function describeHpa(dir: string, name: string, namespace: string, at: Micros): string {
  const h = readHpas(dir, at).get(`${namespace}/${name}`) ?? notFound('horizontalpodautoscalers.autoscaling', name);
  const r = h.row;
  const metrics: string[] = [];
  for (let i = 1; `metric${i}_name` in r; i++) if (r[`metric${i}_name`]) metrics.push(`  ${r[`metric${i}_name`]}:\t${r[`metric${i}_value`] || UNKNOWN} / ${UNKNOWN}`);
  const conditions = (['AbleToScale', 'ScalingActive', 'ScalingLimited'] as const)
    .map((type) => [type, r[{ AbleToScale: 'able_to_scale', ScalingActive: 'scaling_active', ScalingLimited: 'scaling_limited' }[type]]] as const)
    .filter(([, reason]) => reason)
    .map(([type, reason]) => `  ${type}\t${CONDITION_TRUE[type].has(reason) ? 'True' : 'False'}\t${reason}\t${UNKNOWN}`);
  const lines = [
    `Name:\t${name}`,
    `Namespace:\t${namespace}`,
    `CreationTimestamp:\t${when(h.first)}`,
    `Reference:\t${r.target_kind}/${r.target_name}`,
    'Metrics:\t( current / target )',
    ...metrics,
    `Min replicas:\t${UNKNOWN}`,
    `Max replicas:\t${UNKNOWN}`,
    `${r.target_kind} pods:\t${r.current_replicas} current / ${r.desired_replicas || r.current_replicas} desired`,
    ...(conditions.length ? ['Conditions:', '  Type\tStatus\tReason\tMessage', '  ----\t------\t------\t-------', ...conditions] : []),
  ];
  return tabbed(lines) + eventsSection(readEvents(dir, at).filter((e) => e.kind === 'HorizontalPodAutoscaler' && e.namespace === namespace && e.name === name), at);
}
