/**
 * The scenario's timed actions (Simulation.spec.timeline and Timeline documents): scale a workload, delete pods,
 * kill containers, take nodes down and up, cordon and uncordon, apply a Deployment manifest, set an image, roll out
 * (undo, pause, resume), drain a node, evict or delete pods, interrupt a spot instance. Each runs at its time at ACTION priority, before
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
import type { Drainer } from '../policy/drain';
import { evictPod } from '../policy/eviction';
import type { KubectlRecord } from '../recorder';
import type { Cloud } from '../cloud/cloud';
import type { KarpenterNodePool } from '../karpenter/types';

export interface TimelineDeps {
  readonly kubelets: Kubelets;
  readonly nodes: NodeLifecycleController;
  readonly deployments?: DeploymentController;
  /** kubectl drain (issue #8). */
  readonly drainer?: Drainer;
  /** Where kubectl's lines go (kubectl.csv): its output or error for each kubectl-like action. */
  readonly kubectl?: (r: KubectlRecord) => void;
  /** The cloud, for spot interruptions (issue #10). */
  readonly cloud?: Cloud;
  /** The Karpenter-style provisioner, for applied NodePools (issue #10). */
  readonly nodePools?: { updateNodePool(pool: KarpenterNodePool): void };
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
        if (d !== undefined) printed(ctx, deps, `kubectl apply -f ${a.file}`, applyDeployment(ctx, d, workload, replicasWritten));
      }
      for (const pool of a.nodePools) {
        deps.nodePools?.updateNodePool(pool);
        printed(ctx, deps, `kubectl apply -f ${a.file}`, { output: `nodepool.karpenter.sh/${pool.name} configured` });
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
      printed(ctx, deps, kubectlCommand(a), result);
      return;
    }
    case 'drain':
      deps.drainer?.drain(a.node, a.options);
      return;
    case 'evict': {
      const { namespace, name } = a.pod;
      const r = evictPod(ctx, namespace, name, a.gracePeriod !== undefined ? { gracePeriod: a.gracePeriod } : {});
      // kubectl has no evict command: the line stands for a POST to the eviction subresource.
      const command = `POST /api/v1/namespaces/${namespace}/pods/${name}/eviction`;
      const message = r.code === 201 ? `pod/${name} evicted` : `Error from server (${STATUS_REASONS[r.code] ?? 'InternalError'}): ${r.message}`;
      deps.kubectl?.({ time: ctx.clock.now, command, stream: r.code === 201 ? 'stdout' : 'stderr', message });
      return;
    }
    case 'delete':
      for (const pod of pick(ctx, a.pods)) {
        ctx.store.delete(pod, a.gracePeriod !== undefined ? { gracePeriod: a.gracePeriod } : {});
        const m = pod.metadata;
        deps.kubectl?.({ time: ctx.clock.now, command: `kubectl delete pod ${m.name} -n ${m.namespace}`, stream: 'stdout', message: `pod "${m.name}" deleted` });
      }
      return;
    case 'interrupt': {
      const i = deps.cloud?.instanceOfNode(a.node);
      if (i !== undefined) deps.cloud!.interrupt(i);
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
      else {
        // kubectl cordon / uncordon (pkg/drain/cordon.go): `node/<n> cordoned`, or `already cordoned` when unchanged.
        const want = a.action === 'cordon';
        const verb = want ? 'cordoned' : 'uncordoned';
        const message = node.spec.unschedulable === want ? `node/${a.node} already ${verb}` : `node/${a.node} ${verb}`;
        deps.nodes.cordon(node, want);
        deps.kubectl?.({ time: ctx.clock.now, command: `kubectl ${a.action} ${a.node}`, stream: 'stdout', message });
      }
      return;
    }
  }
}

/** metav1.StatusReason of the eviction API's codes, as kubectl prints them (`Error from server (TooManyRequests): ...`). */
const STATUS_REASONS: Record<number, string> = { 403: 'Forbidden', 404: 'NotFound', 429: 'TooManyRequests', 500: 'InternalError' };

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

/** The kubectl command a Deployment action stands for. */
function kubectlCommand(a: Extract<TimelineAction, { action: 'setImage' | 'rollout' }>): string {
  const target = `deployment/${a.target.name} -n ${a.target.namespace}`;
  if (a.action === 'setImage') return `kubectl set image ${target} ${a.container}=${a.image}`;
  return `kubectl rollout ${a.op} ${target}${a.op === 'undo' && a.revision > 0 ? ` --to-revision=${a.revision}` : ''}`;
}

/** kubectl's answer as it prints it: the output line on stdout, or `error: …` on stderr. */
function printed(ctx: SimContext, deps: TimelineDeps, command: string, r: KubectlResult): void {
  const time = ctx.clock.now;
  deps.kubectl?.('output' in r ? { time, command, stream: 'stdout', message: r.output } : { time, command, stream: 'stderr', message: `error: ${r.error}` });
}
