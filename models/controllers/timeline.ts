/**
 * The scenario's timed actions (Simulation.spec.timeline and Timeline documents): scale a workload, delete pods,
 * kill containers, take nodes down and up, cordon and uncordon, apply a Deployment manifest, set an image, roll out
 * (undo, pause, resume). Each runs at its time at ACTION priority, before
 * anything else of that instant, through the same paths the cluster's own components use.
 */
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import type { PodObj } from '../cluster/objects';
import type { PodPick, TimelineAction } from './timelineAction';
import type { Kubelets } from '../kubelet/kubelet';
import type { NodeLifecycleController } from './nodeLifecycle';
import type { DeploymentController } from './deployment';
import { applyDeployment, pauseOrResume, rollbackDeployment, setImage, type KubectlResult } from './rolloutActions';

export interface TimelineDeps {
  readonly kubelets: Kubelets;
  readonly nodes: NodeLifecycleController;
  readonly deployments?: DeploymentController;
  /** kubectl's output line or error for the Deployment actions (apply, setImage, rollout). */
  readonly kubectl?: (a: TimelineAction, result: KubectlResult) => void;
}

export function scheduleTimeline(ctx: SimContext, actions: readonly TimelineAction[], deps: TimelineDeps): void {
  const type = ctx.clock.register<TimelineAction>('timeline/action', (a) => run(ctx, a, deps));
  for (const a of actions) ctx.clock.scheduleAt(a.at, type, a, Priority.ACTION);
}

function run(ctx: SimContext, a: TimelineAction, deps: TimelineDeps): void {
  switch (a.action) {
    case 'scale':
      // The scale subresource, the same path the HPA uses.
      ctx.store.scale(a.target.kind, a.target.namespace, a.target.name, a.replicas);
      return;
    case 'deletePod':
      for (const pod of pick(ctx, a.pods)) ctx.store.delete(pod);
      return;
    case 'killContainer':
      for (const pod of pick(ctx, a.pods)) deps.kubelets.killContainers(pod, a.container, a.exitCode, a.reason);
      return;
    case 'apply':
      for (const { workload, replicasWritten } of a.deployments) {
        const d = ctx.store.get('Deployment', workload.namespace, workload.name);
        if (d !== undefined) deps.kubectl?.(a, applyDeployment(ctx, d, workload, replicasWritten));
      }
      return;
    case 'setImage':
    case 'rollout': {
      const d = ctx.store.get('Deployment', a.target.namespace, a.target.name);
      if (d === undefined) return;
      let result: KubectlResult;
      if (a.action === 'setImage') result = setImage(ctx, d, a.container, a.image);
      else if (a.op === 'undo') result = deps.deployments ? rollbackDeployment(ctx, deps.deployments, d, a.revision) : { error: 'no Deployment controller' };
      else result = pauseOrResume(ctx, d, a.op === 'pause');
      deps.kubectl?.(a, result);
      return;
    }
    case 'nodeDown':
    case 'nodeUp':
    case 'cordon':
    case 'uncordon': {
      const node = ctx.store.getNode(a.node);
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
    return pod && pod.metadata.deletionTimestamp === undefined ? [pod] : [];
  }
  const matching = [...ctx.store.list('Pod')]
    .filter((pod) => pod.metadata.namespace === p.namespace && pod.metadata.deletionTimestamp === undefined && p.selector!.matches(pod.metadata.labels))
    .sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : x.metadata.name > y.metadata.name ? 1 : 0));
  return p.count === undefined ? matching : matching.slice(0, p.count);
}
