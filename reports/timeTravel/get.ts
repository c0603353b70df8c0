/**
 * `k8sim get` tables: kubectl's columns (pkg/printers/internalversion/printers.go) filled from the trace state at
 * one instant (state.ts). A column the traces do not hold prints `<unknown>`. Pure over the traces; never writes.
 */
import type { Micros } from '../../engine/time';
import { humanDuration } from './humanDuration';
import { readEvents, readHpas, readNodes, readPods, readServices, readWorkloads, splitContainers, type PodState, type RowState } from './state';

export const UNKNOWN = '<unknown>';

export const GET_RESOURCES = ['pods', 'nodes', 'deployments', 'replicasets', 'hpa', 'services', 'events'] as const;
export type GetResource = (typeof GET_RESOURCES)[number];

/** kubectl's short names and singulars. */
export const RESOURCE_ALIASES: Record<string, GetResource> = {
  pod: 'pods', po: 'pods', pods: 'pods',
  node: 'nodes', no: 'nodes', nodes: 'nodes',
  deployment: 'deployments', deploy: 'deployments', deployments: 'deployments',
  replicaset: 'replicasets', rs: 'replicasets', replicasets: 'replicasets',
  hpa: 'hpa', horizontalpodautoscaler: 'hpa', horizontalpodautoscalers: 'hpa',
  service: 'services', svc: 'services', services: 'services',
  event: 'events', ev: 'events', events: 'events',
};

export interface GetOptions {
  readonly at: Micros;
  readonly wide: boolean;
  /** undefined = all namespaces (-A). */
  readonly namespace?: string;
}

/** Header row and data rows, NAMESPACE first with -A (namespaced kinds only). */
export interface GetTable {
  readonly header: string[];
  readonly rows: string[][];
  readonly namespaced: boolean;
}

const age = (o: GetOptions, since: Micros) => humanDuration(o.at - since);

export function getTable(dir: string, what: GetResource, o: GetOptions): GetTable {
  const t = build(dir, what, o);
  if (!t.namespaced || o.namespace !== undefined) return { header: t.header, rows: t.rows.map((r) => r.slice(1)), namespaced: t.namespaced };
  return { header: ['NAMESPACE', ...t.header], rows: t.rows, namespaced: true };
}

/** Rows carry their namespace in cell 0 (dropped by getTable unless -A). */
function build(dir: string, what: GetResource, o: GetOptions): { header: string[]; rows: string[][]; namespaced: boolean } {
  const inNs = (ns: string) => o.namespace === undefined || ns === o.namespace;
  switch (what) {
    case 'pods': {
      const header = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(o.wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])];
      const rows = [...readPods(dir, o.at).values()].filter((p) => inNs(p.namespace)).sort(byNsName).map((p) => [p.namespace, ...podRow(p, o)]);
      return { header, rows, namespaced: true };
    }
    case 'nodes': {
      const header = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', ...(o.wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : [])];
      const rows = [...readNodes(dir, o.at).values()]
        .sort((a, b) => cmp(a.row.node, b.row.node))
        .map((n) => ['', n.row.node, nodeStatus(n.row), UNKNOWN, age(o, n.first), UNKNOWN, ...(o.wide ? Array(5).fill(UNKNOWN) : [])]);
      return { header, rows, namespaced: false };
    }
    case 'deployments':
    case 'replicasets': {
      const w = readWorkloads(dir, o.at);
      const latest = Math.max(-1, ...[...w.values()].map((s) => s.last));
      const live = [...w.values()].filter((s) => s.last === latest && inNs(s.row.namespace));
      const wide = o.wide ? [UNKNOWN, UNKNOWN, UNKNOWN] : [];
      if (what === 'deployments') {
        const header = ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', ...(o.wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
        const rows = live
          .filter((s) => s.row.kind === 'Deployment')
          .sort(byRowNsName)
          .map((d) => [d.row.namespace, d.row.name, `${d.row.ready}/${d.row.desired}`, upToDate(d, live), d.row.available, age(o, d.first), ...wide]);
        return { header, rows, namespaced: true };
      }
      const header = ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', ...(o.wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : [])];
      const rows = live
        .filter((s) => s.row.kind === 'ReplicaSet')
        .sort(byRowNsName)
        .map((r) => [r.row.namespace, r.row.name, r.row.desired, r.row.current, r.row.ready, age(o, r.first), ...wide]);
      return { header, rows, namespaced: true };
    }
    case 'hpa': {
      const header = ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'];
      const rows = [...readHpas(dir, o.at).values()]
        .filter((h) => inNs(h.row.namespace))
        .sort((a, b) => cmp(`${a.row.namespace}/${a.row.hpa}`, `${b.row.namespace}/${b.row.hpa}`))
        .map((h) => [h.row.namespace, h.row.hpa, `${h.row.target_kind}/${h.row.target_name}`, hpaTargets(h.row), UNKNOWN, UNKNOWN, h.row.current_replicas, age(o, h.first)]);
      return { header, rows, namespaced: true };
    }
    case 'services': {
      const header = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(o.wide ? ['SELECTOR', 'ENDPOINTS'] : [])];
      const rows = [...readServices(dir, o.at).values()]
        .filter((s) => inNs(s.row.namespace))
        .sort((a, b) => cmp(`${a.row.namespace}/${a.row.service}`, `${b.row.namespace}/${b.row.service}`))
        .map((s) => [s.row.namespace, s.row.service, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, age(o, s.first), ...(o.wide ? [UNKNOWN, s.row.endpoints_ready] : [])]);
      return { header, rows, namespaced: true };
    }
    case 'events': {
      const header = o.wide
        ? ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']
        : ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
      const rows = readEvents(dir, o.at)
        .filter((e) => inNs(e.namespace))
        .map((e) => {
          const object = `${e.kind.toLowerCase()}/${e.name}`;
          const message = e.message.trim();
          return o.wide
            ? [e.namespace, age(o, e.last), e.type, e.reason, object, e.fieldPath, e.source, message, age(o, e.first), String(e.count), UNKNOWN]
            : [e.namespace, age(o, e.last), e.type, e.reason, object, message];
        });
      return { header, rows, namespaced: true };
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNsName = (a: PodState, b: PodState) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`);
const byRowNsName = (a: RowState, b: RowState) => cmp(`${a.row.namespace}/${a.row.name}`, `${b.row.namespace}/${b.row.name}`);

/**
 * kubectl printPod: READY = ready app containers / app containers, RESTARTS = their restart counts summed, with
 * `(<age> ago)` of the latest lastState termination. Per-container readiness is not traced: every running app
 * container counts as ready while the pod's Ready condition is True, none while it is False.
 */
export function podRow(p: PodState, o: GetOptions): string[] {
  const { app } = splitContainers(p);
  const ready = p.ready ? app.filter((c) => c.state === 'running').length : 0;
  const restarts = app.reduce((s, c) => s + c.restarts, 0);
  const lastRestart = Math.max(-1, ...app.filter((c) => c.lastState).map((c) => c.lastState!.at));
  const restartCell = restarts > 0 && lastRestart >= 0 ? `${restarts} (${humanDuration(o.at - lastRestart)} ago)` : String(restarts);
  const row = [p.name, `${ready}/${app.length}`, p.status, restartCell, humanDuration(o.at - p.created)];
  if (o.wide) row.push(UNKNOWN, p.node || '<none>', UNKNOWN, '<none>');
  return row;
}

/** kubectl printNode: `Ready`, `NotReady` or `Unknown`, then `,SchedulingDisabled` when cordoned. */
export function nodeStatus(r: Record<string, string>): string {
  const ready = r.ready === 'True' ? 'Ready' : r.ready === 'False' ? 'NotReady' : 'Unknown';
  return r.schedulable === 'false' ? `${ready},SchedulingDisabled` : ready;
}

/** The Deployment's newest ReplicaSet (`<deployment>-<hash>`, the last to appear in workloads.csv): its `current`. */
function upToDate(d: RowState, live: readonly RowState[]): string {
  const rs = live.filter((s) => s.row.kind === 'ReplicaSet' && s.row.namespace === d.row.namespace && s.row.name.startsWith(`${d.row.name}-`) && !s.row.name.slice(d.row.name.length + 1).includes('-'));
  if (rs.length === 0) return UNKNOWN;
  const newest = rs.reduce((a, b) => (b.first >= a.first ? b : a));
  return newest.row.current;
}

/** `cpu: 45/<unknown>` per metric: the value as hpa.csv has it; the target is not traced. */
export function hpaTargets(r: Record<string, string>): string {
  const out: string[] = [];
  for (let i = 1; `metric${i}_name` in r; i++) {
    const name = r[`metric${i}_name`];
    if (name === '') continue;
    out.push(`${name}: ${r[`metric${i}_value`] || UNKNOWN}/${UNKNOWN}`);
  }
  return out.join(', ') || '<none>';
}
