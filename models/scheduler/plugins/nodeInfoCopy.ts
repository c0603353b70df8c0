/**
 * A mutable copy of one NodeInfo for preemption's dry runs (framework.NodeInfo.Snapshot, then RemovePod / AddPodInfo):
 * its own pod list and requested sums, everything else shared with the original. Never touches the original node
 * or the snapshot.
 */
import type { ImageState, Labels, NodeInfo, PodInfo } from '../framework/types';
import type { Taint } from '../filter';

export class NodeInfoCopy implements NodeInfo {
  readonly index: number;
  readonly name: string;
  readonly labels: Labels;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: NodeInfo['allocatable'];
  readonly images: ReadonlyMap<string, ImageState>;
  readonly requested: { cpuMilli: number; memoryBytes: number; pods: number };
  readonly nonZeroRequested: { cpuMilli: number; memoryBytes: number };
  readonly pods: PodInfo[];

  constructor(node: NodeInfo) {
    this.index = node.index;
    this.name = node.name;
    this.labels = node.labels;
    this.unschedulable = node.unschedulable;
    this.taints = node.taints;
    this.allocatable = node.allocatable;
    this.images = node.images;
    this.requested = { cpuMilli: node.requested.cpuMilli, memoryBytes: node.requested.memoryBytes, pods: node.requested.pods };
    this.nonZeroRequested = { cpuMilli: node.nonZeroRequested.cpuMilli, memoryBytes: node.nonZeroRequested.memoryBytes };
    this.pods = [...node.pods];
  }

  /** NodeInfo.AddPodInfo: appended last, its requests added to the sums. */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    this.account(p, 1);
  }

  /** NodeInfo.RemovePod (by uid); false when the pod is not on the node. */
  removePod(p: PodInfo): boolean {
    const i = this.pods.findIndex((q) => q.uid === p.uid);
    if (i < 0) return false;
    this.account(this.pods[i], -1);
    this.pods.splice(i, 1);
    return true;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    this.requested.cpuMilli += sign * p.requests.cpuMilli;
    this.requested.memoryBytes += sign * p.requests.memoryBytes;
    this.requested.pods += sign;
    this.nonZeroRequested.cpuMilli += sign * p.nonZeroRequests.cpuMilli;
    this.nonZeroRequested.memoryBytes += sign * p.nonZeroRequests.memoryBytes;
  }
}
