/**
 * Simulated nodes for the Cluster Autoscaler's what-ifs (reference §2.2, §3.5): a group's template node with the
 * DaemonSet pods that would run on it, a view of a real node, and "does this pod fit" through the scheduler
 * profile's PreFilter and Filter plugins on a one-node ScanSnapshot, as CA's PredicateChecker runs the scheduler
 * framework. [k8sim] Each check sees only the one node (upstream: the whole cluster snapshot plus the node), so
 * inter-pod affinity and topology spread are judged within that node alone.
 */
import { DEFAULT_PROFILE, type SchedulerSettings } from '../scheduler/config';
import { buildFramework } from '../scheduler/plugins/registry';
import type { Framework } from '../scheduler/framework/runtime';
import { ScanSnapshot } from '../scheduler/framework/scanSnapshot';
import { CycleState, type NodeInfo, type PodInfo, type Status } from '../scheduler/framework/types';
import type { Taint } from '../cluster/spec';

/** A NodeInfo the simulation may add pods to. */
export interface SimNode extends NodeInfo {
  readonly requested: { cpuMilli: number; memoryBytes: number; pods: number };
  readonly nonZeroRequested: { cpuMilli: number; memoryBytes: number };
  readonly pods: PodInfo[];
}

export interface NodeShape {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
}

export function simNode(shape: NodeShape, pods: readonly PodInfo[] = []): SimNode {
  const n: SimNode = {
    index: 0,
    name: shape.name,
    labels: shape.labels,
    unschedulable: shape.unschedulable,
    taints: shape.taints,
    allocatable: shape.allocatable,
    requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 },
    nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 },
    pods: [],
    images: new Map(),
  };
  for (const p of pods) addPod(n, p);
  return n;
}

export function addPod(n: SimNode, p: PodInfo): void {
  n.pods.push(p);
  n.requested.cpuMilli += p.requests.cpuMilli;
  n.requested.memoryBytes += p.requests.memoryBytes;
  n.requested.pods += 1;
  n.nonZeroRequested.cpuMilli += p.nonZeroRequests.cpuMilli;
  n.nonZeroRequested.memoryBytes += p.nonZeroRequests.memoryBytes;
}

/** The scheduler profiles' frameworks, and the fit check. */
export class PredicateChecker {
  private readonly frameworks = new Map<string, Framework>();

  constructor(settings: SchedulerSettings) {
    for (const profile of settings.profiles ?? [DEFAULT_PROFILE]) {
      this.frameworks.set(profile.schedulerName, buildFramework(profile, { untoleratedTaintReason: settings.untoleratedTaintReason }));
    }
  }

  /** The first failing status of the pod's profile on `node` alone (undefined = fits); a pod of an unknown scheduler fits nothing. */
  check(pod: PodInfo, node: SimNode): Status | undefined {
    const fw = this.frameworks.get(pod.schedulerName);
    if (fw === undefined) return { code: 'UnschedulableAndUnresolvable', plugin: '', reasons: [`no scheduler profile ${pod.schedulerName}`] };
    const snapshot = new ScanSnapshot({ nodes: [node] });
    const state = new CycleState();
    const verdict = fw.preFilter(state, pod, snapshot);
    if (verdict.status !== undefined) return verdict.status;
    if (verdict.nodeNames !== undefined && !verdict.nodeNames.has(node.name)) {
      return { code: 'UnschedulableAndUnresolvable', plugin: verdict.resultPlugins?.[0] ?? '', reasons: [`node(s) didn't satisfy plugin(s) [${[...(verdict.resultPlugins ?? [])].sort().join(' ')}]`] };
    }
    return fw.runFilters(state, pod, node, snapshot);
  }

  fits(pod: PodInfo, node: SimNode): boolean {
    return this.check(pod, node) === undefined;
  }
}

/** Cheap resource pre-check before the full filters (most destinations fail here). */
export function resourcesFit(pod: PodInfo, node: SimNode): boolean {
  const a = node.allocatable;
  const r = node.requested;
  return r.pods + 1 <= a.pods && r.cpuMilli + pod.requests.cpuMilli <= a.cpuMilli && r.memoryBytes + pod.requests.memoryBytes <= a.memoryBytes;
}

/**
 * A node whose SimNode is built only when a pod passes the cheap resource check against the real node's ledger
 * (most nodes of a busy cluster fail it), so a loop does not copy every node's pods.
 */
export class LazySimNode {
  private sim: SimNode | undefined;
  constructor(
    readonly name: string,
    private readonly ledger: { readonly allocatable: SimNode['allocatable']; readonly requested: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number } },
    private readonly make: () => SimNode,
  ) {}

  fitsResources(pod: PodInfo): boolean {
    if (this.sim !== undefined) return resourcesFit(pod, this.sim);
    const a = this.ledger.allocatable;
    const r = this.ledger.requested;
    return r.pods + 1 <= a.pods && r.cpuMilli + pod.requests.cpuMilli <= a.cpuMilli && r.memoryBytes + pod.requests.memoryBytes <= a.memoryBytes;
  }

  get(): SimNode {
    if (this.sim === undefined) this.sim = this.make();
    return this.sim;
  }
}
