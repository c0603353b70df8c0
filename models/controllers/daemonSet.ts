/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node that should run it (daemonSetRules.ts), bound
 * by the scheduler through a required node affinity on the node's name; pods on nodes that may no longer run it
 * deleted; RollingUpdate (maxUnavailable, or maxSurge) and OnDelete by the `controller-revision-hash` label; status
 * as `kubectl get ds` shows it. A store client: it watches DaemonSets, their pods and nodes, and writes through
 * store.create / delete / update. It never binds a pod or touches a node.
 */
import { WorkQueue } from './workQueue';
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { type Micros } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import { isPodReady, objectRef, type DaemonSetObj, type NodeObj, type PodObj } from '../cluster/objects';
import type { ResolvedPodTemplate, Toleration } from '../cluster/spec';
import { newPod } from '../cluster/podFactory';
import { generateName, newUid, podTemplateHash } from '../naming';
import { STREAMS } from '../streams';
import { availableFrom, byCreation, isAvailable, isTerminating } from '../apps/availability';
import { CONTROLLER_REVISION_HASH, daemonPodTolerations, nodeShouldRunDaemonPod, resolveDaemonSetRollingUpdate, type DaemonPodSpec } from '../apps/daemonSetRules';
import { scaledValue } from '../apps/spec';
import { ApiError } from '../cluster/apiError';
import { sameLabels } from '../labels';
import { sameTaints } from '../scheduler/filter';

const COMPONENT = 'daemonset-controller';

export class DaemonSetController {
  private readonly queue: WorkQueue<DaemonSetObj>;
  private readonly wakeType: EventType<DaemonSetObj>;
  /** The pods each DaemonSet created and that are still in the API. */
  private readonly owned = new Map<DaemonSetObj, Set<PodObj>>();
  private readonly rngs = new Map<DaemonSetObj, RandomStream>();
  /** A pending re-sync when a Ready pod turns available (minReadySeconds). */
  private readonly wakeups = new Map<DaemonSetObj, { readonly at: Micros; readonly key: EventKey }>();
  /** What the controller last saw of each node's labels and taints (its node informer's update filter). */
  private readonly nodeViews = new Map<NodeObj, { readonly labels: NodeObj['metadata']['labels']; readonly taints: NodeObj['spec']['taints'] }>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, 'daemonset/sync', (ds) => this.sync(ds));
    this.wakeType = ctx.clock.register('daemonset/available', (ds) => {
      this.wakeups.delete(ds);
      this.enqueue(ds);
    });
    ctx.store.watch('DaemonSet', (type, ds) => {
      if (type !== 'DELETED') return this.enqueue(ds);
      this.owned.delete(ds);
      this.rngs.delete(ds);
    });
    ctx.store.watch('Pod', (type, pod) => {
      const ds = this.ownerOf(pod);
      if (ds === undefined) return;
      if (type === 'DELETED') this.owned.get(ds)?.delete(pod);
      this.enqueue(ds);
    });
    // Nodes added, relabelled or (un)tainted: every DaemonSet looks again (the node informer's handlers).
    ctx.store.watch('Node', (type, node) => {
      // Most node updates are the scheduler's allocation changes: a shallow comparison of labels and taints with
      // the last copy tells the ones that matter, without serialising either on every binding.
      const was = this.nodeViews.get(node);
      if (type === 'MODIFIED' && was !== undefined && sameLabels(was.labels, node.metadata.labels) && sameTaints(was.taints, node.spec.taints)) return;
      if (type === 'DELETED') this.nodeViews.delete(node);
      else this.nodeViews.set(node, { labels: { ...node.metadata.labels }, taints: node.spec.taints.map((t) => ({ ...t })) });
      for (const ds of ctx.store.list('DaemonSet')) this.enqueue(ds);
    });
  }

  /** The pods a DaemonSet created that are still in the API, in creation order. */
  podsOf(ds: DaemonSetObj): readonly PodObj[] {
    return [...(this.owned.get(ds) ?? [])];
  }

  private ownerOf(pod: PodObj): DaemonSetObj | undefined {
    return this.ctx.store.controllerOf(pod, 'DaemonSet');
  }

  private enqueue(ds: DaemonSetObj): void {
    this.queue.add(ds);
  }

  private sync(ds: DaemonSetObj): void {
    if (ds.metadata.deletionTimestamp !== undefined || this.ctx.store.get('DaemonSet', ds.metadata.namespace, ds.metadata.name) !== ds) return;
    const now = this.ctx.clock.now;
    const hash = podTemplateHash(ds.spec.template.raw);
    const podSpec = daemonPodSpec(ds.spec.template);
    // Node order: sorted by name wherever upstream iterates a Go map (update candidates).
    const nodes = [...this.ctx.store.nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    const byNode = this.podsByNode(ds);
    const strategy = ds.spec.updateStrategy;
    const surge = strategy.type === 'RollingUpdate' && scaledValue(strategy.maxSurge, 1, true) > 0;

    // manage: the per-node reconcile (podsShouldBeOnNode).
    const toCreate: string[] = [];
    const toDelete: PodObj[] = [];
    for (const node of nodes) {
      const name = node.metadata.name;
      const pods = byNode.get(name) ?? [];
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(nodeView(node), podSpec);
      if (shouldRun && pods.length === 0) toCreate.push(name);
      else if (shouldContinueRunning) {
        const running: PodObj[] = [];
        for (const p of pods) {
          if (isTerminating(p)) continue;
          if (p.status.phase === 'Failed') {
            const m = p.metadata;
            this.ctx.events.emit('Warning', 'FailedDaemonPod', `Found failed daemon pod ${m.namespace}/${m.name} on node ${name}, will try to kill it`, objectRef(ds), COMPONENT);
            toDelete.push(p);
          } else if (p.status.phase === 'Succeeded') toDelete.push(p);
          else running.push(p);
        }
        running.sort(byCreation);
        if (!surge) toDelete.push(...running.slice(1)); // keep the oldest
        else if (running.length === 0 && shouldRun) toCreate.push(name);
        else if (running.length > 1) toDelete.push(...surgeExcess(running, hash, ds.spec.minReadySeconds, now));
      } else {
        for (const p of pods) if (!isTerminating(p)) toDelete.push(p);
      }
    }
    const manageChanged = toCreate.length > 0 || toDelete.length > 0;
    this.syncNodes(ds, toDelete, toCreate, hash, podSpec);
    // Updates run only once the manage loop's own changes have been observed (the controller's expectations).
    if (!manageChanged && strategy.type === 'RollingUpdate') {
      const desired = nodes.filter((n) => nodeShouldRunDaemonPod(nodeView(n), podSpec).shouldRun).length;
      const limits = resolveDaemonSetRollingUpdate(strategy.maxUnavailable, strategy.maxSurge, desired);
      const u = limits.maxSurge === 0 ? this.rollingUpdate(ds, nodes, hash, limits.maxUnavailable, now) : this.surgeUpdate(ds, nodes, hash, limits.maxSurge, podSpec, now);
      this.syncNodes(ds, u.toDelete, u.toCreate, hash, podSpec);
    }
    this.updateStatus(ds, nodes, hash, podSpec, now);
    this.wakeWhenAvailable(ds, now);
  }

  /** The DaemonSet's pods in the API, by the node each is bound or pinned to (GetTargetNodeName). */
  private podsByNode(ds: DaemonSetObj): Map<string, PodObj[]> {
    const out = new Map<string, PodObj[]>();
    for (const p of this.owned.get(ds) ?? []) {
      const node = p.spec.nodeName ?? p.template.spec.requiredNodeName ?? '';
      let list = out.get(node);
      if (list === undefined) out.set(node, (list = []));
      list.push(p);
    }
    return out;
  }

  /** update.go rollingUpdate, maxSurge = 0: delete old pods while fewer than maxUnavailable nodes are unavailable. */
  private rollingUpdate(ds: DaemonSetObj, nodes: readonly NodeObj[], hash: string, maxUnavailable: number, now: Micros): { toDelete: PodObj[]; toCreate: string[] } {
    const byNode = this.podsByNode(ds);
    let numUnavailable = 0;
    const replace: PodObj[] = [];
    const candidates: PodObj[] = [];
    for (const node of nodes) {
      const pods = byNode.get(node.metadata.name);
      if (pods === undefined) continue;
      const found = findUpdatedPodsOnNode(pods, hash);
      if (found === undefined) {
        numUnavailable++;
        continue;
      }
      const { newPod: np, oldPod: op } = found;
      if ((np === undefined) === (op === undefined)) numUnavailable++; // none, or both: the manage loop acts
      else if (np !== undefined) {
        if (!isAvailable(np, ds.spec.minReadySeconds, now)) numUnavailable++;
      } else if (!isAvailable(op!, ds.spec.minReadySeconds, now)) replace.push(op!);
      else if (numUnavailable < maxUnavailable) candidates.push(op!);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { toDelete: [...replace, ...candidates.slice(0, remaining)], toCreate: [] };
  }

  /** update.go rollingUpdate, maxSurge > 0: a new pod beside the old one, the old deleted once the new is available. */
  private surgeUpdate(ds: DaemonSetObj, nodes: readonly NodeObj[], hash: string, maxSurge: number, podSpec: DaemonPodSpec, now: Micros): { toDelete: PodObj[]; toCreate: string[] } {
    const byNode = this.podsByNode(ds);
    const toDelete: PodObj[] = [];
    const allowed: string[] = [];
    const candidates: string[] = [];
    let numSurge = 0;
    for (const node of nodes) {
      const name = node.metadata.name;
      const pods = byNode.get(name);
      if (pods === undefined) continue;
      const found = findUpdatedPodsOnNode(pods, hash);
      if (found === undefined) {
        numSurge++;
        continue;
      }
      const { newPod: np, oldPod: op } = found;
      if (op === undefined) continue;
      if (np === undefined) {
        if (!isAvailable(op, ds.spec.minReadySeconds, now)) {
          if (!nodeShouldRunDaemonPod(nodeView(node), podSpec).shouldRun) toDelete.push(op);
          else allowed.push(name);
        } else if (numSurge < maxSurge) candidates.push(name);
      } else if (!isAvailable(np, ds.spec.minReadySeconds, now)) numSurge++;
      else toDelete.push(op);
    }
    const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidates.length);
    return { toDelete, toCreate: [...allowed, ...candidates.slice(0, remaining)] };
  }

  /** syncNodes: creates first, then deletes, each with its Event. */
  private syncNodes(ds: DaemonSetObj, toDelete: readonly PodObj[], toCreate: readonly string[], hash: string, podSpec: DaemonPodSpec): void {
    for (const node of toCreate) if (!this.createPod(ds, node, hash, podSpec.tolerations)) break;
    for (const p of toDelete) {
      if (!this.ctx.store.delete(p)) continue;
      this.ctx.events.emit('Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, objectRef(ds), COMPONENT);
    }
  }

  /** Creates one pod; false when the API refused it (admission: a quota), after recording `FailedCreate`. */
  private createPod(ds: DaemonSetObj, nodeName: string, hash: string, tolerations: readonly Toleration[]): boolean {
    let rng = this.rngs.get(ds);
    if (rng === undefined) {
      rng = this.ctx.streams.get(STREAMS.apps('DaemonSet', ds.metadata.namespace, ds.metadata.name));
      this.rngs.set(ds, rng);
    }
    const r = rng;
    const u = () => r.next();
    const { namespace, name: dsName } = ds.metadata;
    let name = generateName(`${dsName}-`, u);
    while (this.ctx.store.getPod(namespace, name)) name = generateName(`${dsName}-`, u);
    const t = ds.spec.template;
    const template: ResolvedPodTemplate = {
      ...t,
      labels: { ...t.labels, [CONTROLLER_REVISION_HASH]: hash },
      spec: { ...t.spec, tolerations, requiredNodeName: nodeName },
    };
    const pod = newPod({ namespace, name, uid: newUid(u), template, owner: { kind: 'DaemonSet', name: dsName, uid: ds.metadata.uid, controller: true }, generateName: `${dsName}-` });
    let pods = this.owned.get(ds);
    if (pods === undefined) this.owned.set(ds, (pods = new Set()));
    pods.add(pod);
    try {
      this.ctx.store.create(pod);
    } catch (e) {
      pods.delete(pod);
      if (!(e instanceof ApiError)) throw e;
      this.ctx.events.emit('Warning', 'FailedCreate', `Error creating: ${e.message}`, objectRef(ds), COMPONENT);
      return false;
    }
    this.ctx.events.emit('Normal', 'SuccessfulCreate', `Created pod: ${name}`, objectRef(ds), COMPONENT);
    return true;
  }

  /** updateDaemonSetStatus: counted on the oldest pod of each node that should run one. */
  private updateStatus(ds: DaemonSetObj, nodes: readonly NodeObj[], hash: string, podSpec: DaemonPodSpec, now: Micros): void {
    const byNode = this.podsByNode(ds);
    const s = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0 };
    for (const node of nodes) {
      const pods = byNode.get(node.metadata.name) ?? [];
      if (!nodeShouldRunDaemonPod(nodeView(node), podSpec).shouldRun) {
        if (pods.length > 0) s.numberMisscheduled++;
        continue;
      }
      s.desiredNumberScheduled++;
      if (pods.length === 0) continue;
      s.currentNumberScheduled++;
      const oldest = [...pods].sort(byCreation)[0];
      if (isPodReady(oldest)) {
        s.numberReady++;
        if (isAvailable(oldest, ds.spec.minReadySeconds, now)) s.numberAvailable++;
      }
      if (oldest.metadata.labels[CONTROLLER_REVISION_HASH] === hash) s.updatedNumberScheduled++;
    }
    const st = ds.status;
    const changed =
      (Object.keys(s) as (keyof typeof s)[]).some((k) => st[k] !== s[k]) || st.observedGeneration !== ds.metadata.generation;
    if (!changed) return;
    Object.assign(st, s);
    st.observedGeneration = ds.metadata.generation;
    this.ctx.store.update(ds);
  }

  /** Sync again when the next Ready pod turns available (minReadySeconds > 0). */
  private wakeWhenAvailable(ds: DaemonSetObj, now: Micros): void {
    if (ds.spec.minReadySeconds === 0) return;
    let next: Micros | undefined;
    for (const p of this.owned.get(ds) ?? []) {
      const at = availableFrom(p, ds.spec.minReadySeconds);
      if (at !== undefined && at > now && (next === undefined || at < next)) next = at;
    }
    const w = this.wakeups.get(ds);
    if (next === undefined || (w !== undefined && w.at <= next)) return;
    if (w !== undefined) this.ctx.clock.cancel(w.key);
    this.wakeups.set(ds, { at: next, key: this.ctx.clock.scheduleAt(next, this.wakeType, ds, Priority.CONTROLLER) });
  }
}

/** The template's daemon pod as nodeShouldRunDaemonPod sees it: its node name, selector and tolerations (with the automatic ones). */
export function daemonPodSpec(t: ResolvedPodTemplate): DaemonPodSpec {
  return { nodeName: t.spec.nodeName, nodeSelector: t.spec.nodeSelector, tolerations: daemonPodTolerations(t.spec.tolerations, templateHostNetwork(t)) };
}

/** spec.hostNetwork of the template as written (k8sim does not model networking; only this toleration reads it). */
function templateHostNetwork(t: ResolvedPodTemplate): boolean {
  const raw = t.raw as { spec?: { hostNetwork?: unknown } } | undefined;
  return raw?.spec?.hostNetwork === true;
}

function nodeView(n: NodeObj) {
  return { name: n.metadata.name, labels: n.metadata.labels, taints: n.spec.taints };
}

/** findUpdatedPodsOnNode: at most one non-deleted new and one old pod; undefined when there are more. */
function findUpdatedPodsOnNode(pods: readonly PodObj[], hash: string): { newPod?: PodObj; oldPod?: PodObj } | undefined {
  let newPod: PodObj | undefined;
  let oldPod: PodObj | undefined;
  for (const p of pods) {
    if (isTerminating(p)) continue;
    if (p.metadata.labels[CONTROLLER_REVISION_HASH] === hash) {
      if (newPod !== undefined) return undefined;
      newPod = p;
    } else {
      if (oldPod !== undefined) return undefined;
      oldPod = p;
    }
  }
  return { newPod, oldPod };
}

/**
 * manage with surge: two pods on a node only while the oldest new pod is not yet available and the oldest old pod
 * is Ready; every other running pod goes (sorted oldest first).
 */
function surgeExcess(running: readonly PodObj[], hash: string, minReadySeconds: number, now: Micros): PodObj[] {
  const out: PodObj[] = [];
  let oldestNew: PodObj | undefined;
  let oldestOld: PodObj | undefined;
  for (const p of running) {
    const isNew = p.metadata.labels[CONTROLLER_REVISION_HASH] === hash;
    if (isNew && oldestNew === undefined) oldestNew = p;
    else if (!isNew && oldestOld === undefined) oldestOld = p;
    else out.push(p);
  }
  if (oldestNew !== undefined && oldestOld !== undefined) {
    if (!isPodReady(oldestOld) || isAvailable(oldestNew, minReadySeconds, now)) out.push(oldestOld);
  }
  return out;
}

