/**
 * The nominator (pkg/scheduler/backend/queue nominator): pods that preemption nominated to a node
 * (status.nominatedNodeName), and RunFilterPluginsWithNominatedPods: a node passes only if it passes with the
 * nominated pods of higher or equal priority added (on a copy) and without them.
 */
import type { PodObj } from '../cluster/objects';
import type { Framework } from './framework/runtime';
import type { CycleState, NodeInfo, PodInfo, Snapshot, Status } from './framework/types';
import { NodeInfoCopy } from './plugins/nodeInfoCopy';
import type { PodInfos } from './podInfos';

export class Nominator {
  private readonly byNode = new Map<string, Set<PodObj>>();
  /** Pods nominated anywhere (almost always 0: the filters then skip the nominator). */
  size = 0;

  constructor(private readonly infos: PodInfos) {}

  nominate(pod: PodObj, nodeName: string): void {
    this.remove(pod);
    pod.status.nominatedNodeName = nodeName;
    let set = this.byNode.get(nodeName);
    if (set === undefined) this.byNode.set(nodeName, (set = new Set()));
    set.add(pod);
    this.size++;
  }

  /** Clears the pod's nomination (bound, deleted, or preempted by a higher-priority nomination). */
  remove(pod: PodObj): void {
    const name = pod.status.nominatedNodeName;
    if (name === undefined) return;
    const set = this.byNode.get(name);
    if (set?.delete(pod)) {
      this.size--;
      if (set.size === 0) this.byNode.delete(name);
    }
    pod.status.nominatedNodeName = undefined;
  }

  /** The PodInfos nominated to `nodeName`. */
  podsOn(nodeName: string): PodInfo[] {
    const out: PodInfo[] = [];
    for (const p of this.byNode.get(nodeName) ?? []) {
      const info = this.infos.get(p);
      if (info !== undefined) out.push(info);
    }
    return out;
  }

  /** RunFilterPluginsWithNominatedPods. */
  filter(fw: Framework, state: CycleState, pod: PodInfo, node: NodeInfo, snapshot: Snapshot): Status | undefined {
    if (this.size > 0) {
      const adding = this.podsOn(node.name).filter((o) => o.uid !== pod.uid && o.priority >= pod.priority);
      if (adding.length > 0) {
        const copy = new NodeInfoCopy(node);
        const s = state.clone();
        for (const o of adding) {
          copy.addPod(o);
          fw.addPod(s, pod, o, copy, snapshot);
        }
        const status = fw.runFilters(s, pod, copy, snapshot);
        if (status !== undefined) return status;
      }
    }
    return fw.runFilters(state, pod, node, snapshot);
  }
}
