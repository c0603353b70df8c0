/**
 * The scenario's timed actions (Simulation.spec.timeline and Timeline documents): scale a workload, delete pods,
 * kill containers, take nodes down and up, cordon and uncordon. Each runs at its time at ACTION priority, before
 * anything else of that instant, through the same paths the cluster's own components use.
 */
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import type { PodObj } from '../cluster/objects';
import type { PodPick, TimelineAction } from './timelineAction';
import type { Kubelets } from '../kubelet/kubelet';
import type { NodeLifecycleController } from './nodeLifecycle';
import type { PodLifecycle } from './replicaSet';
import type { ScaleTargets } from './scale';

export interface TimelineDeps {
  readonly kubelets: Kubelets;
  readonly nodes: NodeLifecycleController;
  readonly pods: PodLifecycle;
  /** Writes a workload's spec.replicas (the same path the HPA uses). */
  readonly scale: ScaleTargets;
}

export function scheduleTimeline(ctx: SimContext, actions: readonly TimelineAction[], deps: TimelineDeps): void {
  const type = ctx.sim.register<TimelineAction>('timeline/action', (a) => run(ctx, a, deps));
  for (const a of actions) ctx.sim.scheduleAt(a.at, type, a, Priority.ACTION);
}

function run(ctx: SimContext, a: TimelineAction, deps: TimelineDeps): void {
  switch (a.action) {
    case 'scale':
      deps.scale.setReplicas(a.target.kind, a.target.namespace, a.target.name, a.replicas);
      return;
    case 'deletePod':
      for (const pod of pick(ctx, a.pods)) deps.pods.deletePod(pod, 'timeline');
      return;
    case 'killContainer':
      for (const pod of pick(ctx, a.pods)) {
        for (const c of [...pod.initContainers, ...pod.containers]) {
          if (a.container === undefined || c.spec.name === a.container) deps.kubelets.killNow(c, a.exitCode, a.reason);
        }
      }
      return;
    case 'nodeDown':
    case 'nodeUp':
    case 'cordon':
    case 'uncordon': {
      const node = ctx.store.nodesByName.get(a.node);
      if (!node) return;
      if (a.action === 'nodeDown') deps.nodes.nodeDown(node);
      else if (a.action === 'nodeUp') deps.nodes.nodeUp(node);
      else deps.nodes.cordon(node, a.action === 'cordon');
      return;
    }
  }
}

/** The pods an action hits: the named one, or up to `count` of the matching ones in name order. */
function pick(ctx: SimContext, p: PodPick): PodObj[] {
  if (p.name !== undefined) {
    const pod = ctx.store.getPod(p.namespace, p.name);
    return pod && pod.deletionTime === undefined ? [pod] : [];
  }
  const matching = [...ctx.store.pods.values()]
    .filter((pod) => pod.namespace === p.namespace && pod.deletionTime === undefined && p.selector!.matches(pod.labels))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return p.count === undefined ? matching : matching.slice(0, p.count);
}
