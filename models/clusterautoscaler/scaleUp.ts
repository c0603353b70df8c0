/**
 * One iteration's scale-up (reference §2): the pending pods CA helps (core/podlistprocessor, static_autoscaler.go
 * filterOutYoungPods / allPodsAreNew), the candidate groups (orchestrator.go filterValidScaleUpNodeGroups), the
 * predicate check of one sample pod per equivalence group on each group's template node, binpacking, the expander,
 * caps and balancing (prepareScaleUp), execution and the events (executor.go, eventing_scale_up_processor.go).
 * Work per loop is O(pending pods + groups) plus the binpacking of the pods that fit.
 */
import { addMicros, parseDuration, subMicros, seconds, type Micros } from '../../engine/time';
import { controllerOf, type PodObj } from '../cluster/objects';
import { newPod } from '../cluster/podFactory';
import { buildPodInfo } from '../scheduler/framework/podInfo';
import type { PodInfo } from '../scheduler/framework/types';
import { balanceScaleUpBetweenGroups, similarGroups, type GroupShape } from './balancing';
import { estimate, type PodGroup } from './estimator';
import { bestOption, defaultPodPrice, preferredNodeCpuMilli, type ExpansionOption } from './expanders';
import { addPod, LazySimNode, simNode, type SimNode } from './simNodes';
import { PRIORITY_CONFIGMAP, STATUS_CONFIGMAP, podList, podRef, type CaCore as ClusterAutoscaler, type NodeGroup } from './core';
import { isDaemonSetPod } from './drainability';

/** static_autoscaler.go unschedulablePodTimeBuffer: the oldest pod must be at least this old. */
const UNSCHEDULABLE_POD_TIME_BUFFER = seconds(2);
export const POD_SCALE_UP_DELAY_ANNOTATION = 'cluster-autoscaler.kubernetes.io/pod-scale-up-delay';
export const MAX_NODE_GROUP_SIZE_REACHED = 'max node group size reached';
export const IN_BACKOFF = 'in backoff after failed scale-up';

export interface ScaleUpOutcome {
  readonly scaledUp: boolean;
  /** allPodsAreNew: this iteration does not scale down. */
  readonly scaleDownForbidden: boolean;
}

/** An equivalence group of pending pods (same controller and template). */
interface EquivalenceGroup {
  readonly pods: PodObj[];
  readonly infos: PodInfo[];
}

function podDelay(ca: ClusterAutoscaler, pod: PodObj): Micros {
  const base = ca.settings.newPodScaleUpDelay;
  const a = pod.metadata.annotations[POD_SCALE_UP_DELAY_ANNOTATION];
  if (a === undefined) return base;
  const d = parseDuration(a);
  // An invalid or lower annotation is ignored (upstream logs an error).
  return d !== undefined && d > base ? d : base;
}

/** The DaemonSet pods that would run on a node of the group (their template passes the filters on the empty template node). */
function daemonSetPods(ca: ClusterAutoscaler, g: NodeGroup): PodInfo[] {
  const out: PodInfo[] = [];
  const empty = templateNode(ca, g, []);
  for (const ds of ca.ctx.store.list('DaemonSet')) {
    const p = newPod({ namespace: ds.metadata.namespace, name: `${ds.metadata.name}-template`, uid: '', template: ds.spec.template });
    const info = buildPodInfo({ uid: '', name: p.metadata.name, namespace: p.metadata.namespace, labels: p.metadata.labels, requests: p.requests, nonZeroRequests: p.nonZeroRequests, spec: ds.spec.template.spec });
    if (ca.checker.fits(info, empty)) out.push(info);
  }
  return out;
}

function templateNode(ca: ClusterAutoscaler, g: NodeGroup, ds: readonly PodInfo[]): SimNode {
  const t = ca.templateOf(g);
  const name = `template-node-for-${g.spec.name}`;
  return simNode({ name, labels: { ...t.labels, 'kubernetes.io/hostname': name }, taints: t.taints, unschedulable: false, allocatable: t.allocatable }, ds);
}

function shape(ca: ClusterAutoscaler, g: NodeGroup, ds: readonly PodInfo[]): GroupShape {
  const t = ca.templateOf(g);
  let cpu = 0;
  let mem = 0;
  for (const p of ds) {
    cpu += p.requests.cpuMilli;
    mem += p.requests.memoryBytes;
  }
  return { capacity: t.capacity, allocatable: t.allocatable, free: { cpuMilli: t.allocatable.cpuMilli - cpu, memoryBytes: t.allocatable.memoryBytes - mem, pods: t.allocatable.pods - ds.length }, labels: t.labels };
}

/**
 * filterOutSchedulable (core/podlistprocessor/filter_out_schedulable.go): pods that fit an existing node (a node
 * may have become Ready or freed room since the scheduler's last attempt) or an upcoming placeholder node come off
 * the list, placed in turn so they use up the room. Per equivalence group (same requests and spec) a node that
 * failed one pod is not tried again for the next: O(groups × nodes + pods).
 */
function dropPodsFittingUpcoming(ca: ClusterAutoscaler, pods: PodObj[], now: Micros, dsOf: (g: NodeGroup) => PodInfo[]): PodObj[] {
  const placeholders: LazySimNode[] = [];
  for (const n of ca.ctx.store.nodes) {
    if (!ca.isReady(n) || n.spec.unschedulable || ca.isBeingDeleted(n)) continue;
    placeholders.push(ca.lazyView(n));
  }
  for (const g of ca.groups) {
    const n = ca.upcoming(g, now);
    for (let i = 0; i < n; i++) {
      const t = templateNode(ca, g, dsOf(g));
      placeholders.push(new LazySimNode(t.name, t, () => t));
    }
  }
  if (placeholders.length === 0) return pods;
  // Higher priority first (the processor sorts by priority), then the list order.
  const order = pods.map((p, i) => ({ p, i })).sort((a, b) => (b.p.spec.priority ?? 0) - (a.p.spec.priority ?? 0) || a.i - b.i);
  const kept = new Set<PodObj>(pods);
  // Per template (and owner): the first node index still worth trying.
  const next = new Map<unknown, Map<string, number>>();
  for (const { p } of order) {
    const info = ca.infos.of(p);
    const key = `${controllerOf(p)?.uid ?? p.metadata.uid}`;
    const byTemplate = next.get(p.template);
    const m = byTemplate ?? new Map<string, number>();
    if (byTemplate === undefined) next.set(p.template, m);
    let k = m.get(key) ?? 0;
    for (; k < placeholders.length; k++) {
      const node = placeholders[k];
      if (node.fitsResources(info) && ca.checker.fits(info, node.get())) {
        addPod(node.get(), info);
        kept.delete(p);
        break;
      }
    }
    m.set(key, k);
  }
  return pods.filter((p) => kept.has(p));
}

export function runScaleUp(ca: ClusterAutoscaler, now: Micros): ScaleUpOutcome {
  const s = ca.settings;
  const dsCache = new Map<NodeGroup, PodInfo[]>();
  const dsOf = (g: NodeGroup) => {
    let d = dsCache.get(g);
    if (d === undefined) dsCache.set(g, (d = daemonSetPods(ca, g)));
    return d;
  };
  // The pod list (creation time, then namespace/name: [k8sim] the order of identical pods), processors in order.
  let pods: PodObj[] = [];
  for (const p of ca.pending) if (!p.removed && (p.spec.nodeName ?? '') === '') pods.push(p);
  const keyed = pods.map((p) => ({ p, t: p.metadata.creationTimestamp, k: `${p.metadata.namespace}/${p.metadata.name}` }));
  keyed.sort((a, b) => a.t - b.t || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  pods = keyed.map((x) => x.p);
  pods = pods.filter((p) => (p.spec.priority ?? 0) >= s.expendablePodsPriorityCutoff);
  pods = dropPodsFittingUpcoming(ca, pods, now, dsOf);
  pods = pods.filter((p) => !isDaemonSetPod({ controllerKind: controllerOf(p)?.kind, annotations: p.metadata.annotations }));
  // filterOutYoungPods: age > delay (strict). [k8sim] With a zero delay every pod passes: a pod the loop sees was
  // created before it ran (upstream's clock has moved on by then; k8sim's loop may share the pod's instant).
  pods = pods.filter((p) => {
    const d = podDelay(ca, p);
    return d === 0 || subMicros(now, p.metadata.creationTimestamp) > d;
  });
  if (pods.length === 0) return { scaledUp: false, scaleDownForbidden: false };

  const ready = ca.readiness(now).ready;
  if (s.maxNodesTotal > 0 && ready >= s.maxNodesTotal) {
    const msg = `Max total nodes in cluster reached: ${s.maxNodesTotal}`;
    ca.emit('Warning', 'MaxNodesTotalReached', msg, STATUS_CONFIGMAP);
    for (const p of pods) ca.emit('Normal', 'NotTriggerScaleUp', "pod didn't trigger scale-up: max total nodes in cluster reached", podRef(p));
    ca.trace(now, 'no-scale-up', '', '', undefined, undefined, msg, podList(pods));
    return { scaledUp: false, scaleDownForbidden: false };
  }
  const oldest = pods.reduce((m, p) => Math.min(m, p.metadata.creationTimestamp), Infinity);
  if (addMicros(oldest as Micros, UNSCHEDULABLE_POD_TIME_BUFFER) > now) {
    ca.trace(now, 'no-scale-up', '', '', undefined, undefined, 'Unschedulable pods are very new, waiting one iteration for more', podList(pods));
    return { scaledUp: false, scaleDownForbidden: true };
  }

  // Equivalence groups: same controller and same template ([k8sim] the template object stands for "same spec").
  const byKey = new Map<unknown, Map<string, EquivalenceGroup>>();
  const eqs: EquivalenceGroup[] = [];
  for (const p of pods) {
    const owner = controllerOf(p)?.uid ?? `pod:${p.metadata.uid}`;
    let m = byKey.get(p.template);
    if (m === undefined) byKey.set(p.template, (m = new Map()));
    let e = m.get(owner);
    if (e === undefined) {
      e = { pods: [], infos: [] };
      m.set(owner, e);
      eqs.push(e);
    }
    e.pods.push(p);
    e.infos.push(ca.infos.of(p));
  }

  // Candidate groups and the skip reasons (§2.2).
  const valid: NodeGroup[] = [];
  const skipped: string[] = [];
  for (const g of ca.groups) {
    if (ca.backoff.isBackedOff(g.spec.name, now)) skipped.push(IN_BACKOFF);
    else if (g.target >= g.spec.maxSize) skipped.push(MAX_NODE_GROUP_SIZE_REACHED);
    else valid.push(g);
  }
  // Predicates: one sample pod per equivalence group on each valid group's template node.
  const fitting = new Map<NodeGroup, EquivalenceGroup[]>();
  const rejected = new Map<EquivalenceGroup, Map<string, number>>();
  for (const e of eqs) {
    const reasons = new Map<string, number>();
    for (const g of valid) {
      const st = ca.checker.check(e.infos[0], templateNode(ca, g, dsOf(g)));
      if (st === undefined) {
        let l = fitting.get(g);
        if (l === undefined) fitting.set(g, (l = []));
        l.push(e);
      } else for (const r of st.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    for (const r of skipped) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    rejected.set(e, reasons);
  }

  // Node count for max-nodes-total: started registered nodes plus upcoming placeholders.
  let upcomingTotal = 0;
  for (const g of ca.groups) upcomingTotal += ca.upcoming(g, now);
  let startedNodes = 0;
  for (const n of ca.ctx.store.nodes) if (!ca.isNotStarted(n, now)) startedNodes++;
  const nodeCount = startedNodes + upcomingTotal;

  const similarOf = (g: NodeGroup): NodeGroup[] => {
    if (!s.balanceSimilarNodeGroups) return [];
    const mine = fitting.get(g) ?? [];
    return valid.filter((o) => o !== g && sameGroups(fitting.get(o) ?? [], mine) && similarGroups(shape(ca, g, dsOf(g)), shape(ca, o, dsOf(o)), s));
  };

  const options: (ExpansionOption & { readonly ng: NodeGroup; readonly placed: readonly PodObj[] })[] = [];
  for (const g of valid) {
    const eg = fitting.get(g);
    if (eg === undefined) continue;
    let headroom = g.spec.maxSize - g.target;
    for (const o of similarOf(g)) headroom += o.spec.maxSize - o.target;
    let limit = Math.min(s.maxNodesPerScaleUp, headroom);
    if (s.maxNodesTotal > 0) limit = Math.min(limit, Math.max(0, s.maxNodesTotal - nodeCount));
    const podGroups: PodGroup<{ pod: PodObj; info: PodInfo }>[] = eg.map((e) => {
      const r = e.infos[0].requests;
      const a = ca.templateOf(g).allocatable;
      return { pods: e.pods.map((pod, i) => ({ pod, info: e.infos[i] })), score: r.cpuMilli / a.cpuMilli + r.memoryBytes / a.memoryBytes };
    });
    const est = estimate(podGroups, { newBin: () => templateNode(ca, g, dsOf(g)), fits: (p, b) => ca.checker.fits(p.info, b), place: (p, b) => addPod(b, p.info) }, limit);
    if (est.nodeCount === 0 || est.pods.length === 0) continue;
    options.push({
      group: g.spec.name,
      nodeCount: est.nodeCount,
      pods: est.pods.map((p) => p.pod.requests),
      capacity: ca.templateOf(g).capacity,
      ...(nodePrice(ca, g) !== undefined ? { nodePrice: nodePrice(ca, g) } : {}),
      ng: g,
      placed: est.pods.map((p) => p.pod),
    });
  }

  if (options.length === 0) {
    let first = '';
    for (const e of eqs) {
      if (valid.some((g) => fitting.get(g)?.includes(e))) continue;
      const reasons = rejected.get(e)!;
      const msg = `pod didn't trigger scale-up: ${[...reasons].map(([r, c]) => `${c} ${r}`).sort().join(', ')}`;
      if (first === '') first = msg;
      for (const p of e.pods) ca.emit('Normal', 'NotTriggerScaleUp', msg, podRef(p));
    }
    ca.trace(now, 'no-scale-up', '', '', undefined, undefined, first === '' ? 'no node can be added (limits)' : first, podList(pods));
    return { scaledUp: false, scaleDownForbidden: false };
  }

  const rng = ca.ctx.streams.get('clusterautoscaler/expander');
  const best = bestOption(s.expander, options, {
    draw: () => rng.next(),
    priorities: s.priorities,
    preferredNodeCpuMilli: preferredNodeCpuMilli(ca.readiness(now).registered),
    podPrice: defaultPodPrice,
    warn: (reason, message) => ca.emit('Warning', reason, message, PRIORITY_CONFIGMAP),
  }) as (typeof options)[number];

  // Caps (§2.5): max-nodes-total, then balancing and the groups' max sizes.
  let newNodes = best.nodeCount;
  if (s.maxNodesTotal > 0 && newNodes + nodeCount > s.maxNodesTotal) {
    newNodes = s.maxNodesTotal - nodeCount;
    ca.emit('Warning', 'MaxNodesTotalReached', `Max total nodes in cluster reached: ${s.maxNodesTotal}`, STATUS_CONFIGMAP);
    if (newNodes < 1) return { scaledUp: false, scaleDownForbidden: false };
  }
  const targets = [best.ng, ...similarOf(best.ng)];
  const infos = balanceScaleUpBetweenGroups(
    targets.map((g) => ({ group: g.spec.name, currentSize: g.target, maxSize: g.spec.maxSize })),
    newNodes,
  ).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  if (infos.length === 0) return { scaledUp: false, scaleDownForbidden: false };

  // Execution (executor.go executeScaleUp) and the pods' events.
  for (const info of infos) {
    const g = ca.groupByName.get(info.group)!;
    const tail = `size to ${info.newSize} instead of ${info.currentSize} (max: ${info.maxSize})`;
    ca.emit('Normal', 'ScaledUpGroup', `Scale-up: setting group ${info.group} ${tail}`, STATUS_CONFIGMAP);
    const delta = info.newSize - info.currentSize;
    g.target = info.newSize;
    ca.launch(g, delta);
    ca.emit('Normal', 'ScaledUpGroup', `Scale-up: group ${info.group} ${tail.replace('size to', 'size set to')}`, STATUS_CONFIGMAP);
    // clusterstate RegisterOrUpdateScaleUp: one request per group, its increase summed, its times from now.
    const expected = addMicros(now, s.maxNodeProvisionTime);
    g.request = g.request === undefined ? { increase: delta, time: now, expectedAddTime: expected } : { increase: g.request.increase + delta, time: now, expectedAddTime: expected };
    ca.trace(now, 'scale-up', info.group, '', info.currentSize, info.newSize, `expander ${s.expander.join(',')}: ${best.nodeCount} node(s) for ${best.placed.length} pod(s)`, podList(best.placed));
  }
  const msg = `pod triggered scale-up: [${infos.map((i) => `{${i.group} ${i.currentSize}->${i.newSize} (max: ${i.maxSize})}`).join(' ')}]`;
  for (const p of best.placed) ca.emit('Normal', 'TriggeredScaleUp', msg, podRef(p));
  return { scaledUp: true, scaleDownForbidden: false };
}

function sameGroups(a: readonly EquivalenceGroup[], b: readonly EquivalenceGroup[]): boolean {
  return a.length === b.length && a.every((e) => b.includes(e));
}

function nodePrice(ca: ClusterAutoscaler, g: NodeGroup): number | undefined {
  if (g.spec.instanceType === undefined) return undefined;
  return ca.deps.machine(g.spec).offering.pricePerHour;
}

