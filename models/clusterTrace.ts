/**
 * pods.csv and nodes.csv rows, from a watch on the store (the trace writer is one more API client): one row per
 * container whose status changed since the pod's last row, or one pod-level row when only the pod's own fields
 * changed (and a `Deleted` row when it leaves); one node row per node change. Registered before every other
 * watcher, so rows follow the order of the changes. Keeps its own last snapshot per pod; never changes an object.
 */
import type { ClusterStore } from './cluster/store';
import { isPodReady, type NodeObj, type PodObj } from './cluster/objects';
import { printPodStatus } from './kubelet/printStatus';
import type { ContainerState, ContainerStatus } from './podStatus';
import type { Recorder } from './recorder';
import type { Micros } from '../engine/time';

/** What nodes.csv shows of a node's cloud instance (issue #10); the Simulation gives the Cloud's answer. */
export interface NodeInstanceInfo {
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: string;
  readonly pricePerHour: number;
  /** `NodeGroup/<name>`, `NodePool/<name>`, or `Static/<pool>`. */
  readonly owner: string;
  /** Launched by an autoscaler (its ADDED row says `registered`), or a scenario node (`added`). */
  readonly launched: boolean;
  /** Why it ended, once it has (`scale-down`, `spot-interruption`, ...). */
  readonly endReason?: string;
}

/** The most distinct snapshot strings ClusterTrace keeps one copy of. */
const INTERNED = 100_000;

/**
 * A pod's last traced snapshot: `[pod-level, then per container: state, restart count, row]`, the pod-level and row
 * texts compact strings compared whole; the state and count say whether a row's text can be reused.
 */
type Snapshot = (string | ContainerState | number | undefined)[];

export class ClusterTrace {
  /** Per container of the pod podRows is at: its row text changed since the last snapshot (scratch). */
  private readonly rowChanged: boolean[] = [];
  /** Each pod's last traced snapshot (see Snapshot). */
  private readonly traced = new Map<PodObj, Snapshot>();
  /**
   * One copy of each distinct snapshot string (a handful of states per node and container): a pod's snapshot points
   * at the shared copies instead of keeping a string tree of its own (issue #13: 100,000 pods). Bounded: past
   * INTERNED strings a new one is kept as it is (equal either way; only memory differs).
   */
  private readonly interned = new Map<string, string>();
  /** Each node's last traced Ready value (a `ready` row when a launched node first turns True). */
  private readonly lastReady = new Map<NodeObj, string>();
  /** The instance behind a node (set by the Simulation once the Cloud exists); none = empty columns. */
  instanceOf: (nodeName: string) => NodeInstanceInfo | undefined = () => undefined;

  constructor(
    store: ClusterStore,
    private readonly clock: { readonly now: Micros },
    private readonly recorder: Recorder,
  ) {
    store.watch('Pod', (type, pod) => {
      this.podRows(pod, type === 'DELETED');
      if (type === 'DELETED') this.traced.delete(pod);
    });
    // A row per change, and one when the Node leaves the API (a terminated cloud instance).
    store.watch('Node', (type, node) => this.nodeRow(node, type));
  }

  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    if (this.interned.size < INTERNED) this.interned.set(s, s);
    return s;
  }

  private nodeRow(node: NodeObj, type: 'ADDED' | 'MODIFIED' | 'DELETED'): void {
    const a = node.allocated.requested;
    const alloc = node.status.allocatable;
    const info = this.instanceOf(node.metadata.name);
    const was = this.lastReady.get(node);
    let reason = '';
    if (type === 'ADDED') reason = info?.launched ? 'registered' : 'added';
    else if (type === 'DELETED') reason = `removed: ${info?.endReason ?? 'deleted'}`;
    else if (info?.launched && node.status.ready === 'True' && was !== 'True') reason = 'ready';
    if (type === 'DELETED') this.lastReady.delete(node);
    else this.lastReady.set(node, node.status.ready);
    this.recorder.node({
      time: this.clock.now,
      node: node.metadata.name,
      ready: node.status.ready,
      schedulable: !node.spec.unschedulable,
      cpuRequestedMilli: a.cpuMilli,
      cpuAllocatableMilli: alloc.cpuMilli,
      memoryRequestedBytes: a.memoryBytes,
      memoryAllocatableBytes: alloc.memoryBytes,
      pods: a.pods,
      podsAllocatable: alloc.pods,
      instanceType: info?.instanceType ?? '',
      zone: info?.zone ?? '',
      capacityType: info?.capacityType ?? '',
      pricePerHour: info?.pricePerHour,
      owner: info?.owner ?? '',
      reason,
    });
  }

  private podRows(pod: PodObj, deleted: boolean): void {
    const now = this.clock.now;
    const ready = isPodReady(pod);
    const status = deleted ? 'Deleted' : printPodStatus(pod);
    const node = pod.spec.nodeName ?? '';
    const st = pod.status;
    const all: ContainerStatus[] = st.initContainerStatuses.length ? [...st.initContainerStatuses, ...st.containerStatuses] : st.containerStatuses;
    const prev = this.traced.get(pod);
    // Updated in place after the first (a pod's containers never change); exactly as long as it needs (a literal grown
    // by push would leave room for about 16: kept per pod, issue #13).
    let snap = prev;
    if (snap === undefined) {
      snap = new Array<Snapshot[number]>(1 + 3 * all.length);
      this.traced.set(pod, snap);
    }
    const podLevel = this.intern(`${st.phase}|${ready}|${status}|${node}`);
    const podChanged = prev === undefined || prev[0] !== podLevel;
    snap[0] = podLevel;
    const changed = this.rowChanged;
    changed.length = all.length;
    for (let k = 0; k < all.length; k++) {
      const c = all[k];
      const s = c.state;
      const at = 1 + 3 * k;
      // A container's row text is a function of its state (an immutable record, replaced on every change) and its
      // restart count: the same two as the last snapshot's give the same text, without building it again.
      if (prev !== undefined && prev[at] === s && prev[at + 1] === c.restartCount) {
        changed[k] = false;
        continue;
      }
      const row = this.intern(
        s === undefined
          ? ''
          : s.kind === 'terminated'
            ? `t|${s.reason}|${s.exitCode}|${c.restartCount}`
            : s.kind === 'waiting'
              ? `w|${s.reason}|${c.restartCount}`
              : `r|${c.restartCount}`,
      );
      changed[k] = prev === undefined || prev[at + 2] !== row;
      snap[at] = s;
      snap[at + 1] = c.restartCount;
      snap[at + 2] = row;
    }
    const namespace = pod.metadata.namespace;
    const name = pod.metadata.name;
    const phase = st.phase;
    let wrote = false;
    for (let i = 0; i < all.length && !deleted; i++) {
      if (prev && !changed[i]) continue;
      if (!prev && all[i].state === undefined) continue;
      const s = all[i].state;
      this.recorder.pod({
        time: now,
        namespace,
        pod: name,
        node,
        phase,
        ready,
        status,
        container: all[i].name,
        containerState: s?.kind ?? '',
        reason: s === undefined || s.kind === 'running' ? '' : s.reason,
        exitCode: s?.kind === 'terminated' ? s.exitCode : undefined,
        restarts: all[i].restartCount,
      });
      wrote = true;
    }
    if (!wrote && (podChanged || deleted)) {
      this.recorder.pod({ time: now, namespace, pod: name, node, phase, ready, status, container: '', containerState: '', reason: st.reason ?? '', exitCode: undefined, restarts: undefined });
    }
  }
}
