/**
 * The content of the Cluster Autoscaler's status ConfigMap `kube-system/cluster-autoscaler-status`
 * (clusterstate/api/types.go, clusterstate.go GetStatus; reference §3.10). k8sim stores no ConfigMap: the CA's events
 * name it, and this record is what its `status` key would hold. [k8sim] Groups are always Healthy (no per-group
 * unready accounting); the last-updated annotation is not modelled.
 */
import type { Micros } from '../../engine/time';
import type { CaCore } from './core';

export function statusOf(ca: CaCore, now: Micros, state: { readonly unhealthy: boolean; readonly candidates: number }): ClusterAutoscalerStatus {
  const r = ca.readiness(now);
  const unregistered = ca.deps.cloud.instances().filter((i) => i.request.owner.kind === 'NodeGroup' && i.state === 'launching').length;
  const groups = ca.groups.map((g) => {
    const b = ca.backoff.info(g.spec.name, now);
    return {
      name: g.spec.name,
      health: { status: 'Healthy' as const, cloudProviderTarget: g.target, minSize: g.spec.minSize, maxSize: g.spec.maxSize },
      scaleUp: b !== undefined ? ('Backoff' as const) : ca.upcoming(g, now) > 0 ? ('InProgress' as const) : ('NoActivity' as const),
      ...(b !== undefined ? { backoffInfo: { errorCode: b.errorCode, errorMessage: b.errorMessage } } : {}),
    };
  });
  return {
    autoscalerStatus: 'Running',
    clusterWide: {
      health: { status: state.unhealthy ? 'Unhealthy' : 'Healthy', nodeCounts: { registered: { total: r.registered, ready: r.ready, notStarted: r.notStarted, unready: r.unready }, unregistered } },
      scaleUp: { status: groups.some((g) => g.scaleUp === 'InProgress') ? 'InProgress' : 'NoActivity' },
      scaleDown: { status: state.candidates > 0 ? 'CandidatesPresent' : 'NoCandidates', candidates: state.candidates },
    },
    nodeGroups: groups,
  };
}

export interface ClusterAutoscalerStatus {
  readonly autoscalerStatus: 'Running' | 'Initializing';
  readonly clusterWide: {
    readonly health: { readonly status: 'Healthy' | 'Unhealthy'; readonly nodeCounts: { readonly registered: { readonly total: number; readonly ready: number; readonly notStarted: number; readonly unready: number }; readonly unregistered: number } };
    readonly scaleUp: { readonly status: 'InProgress' | 'NoActivity' };
    readonly scaleDown: { readonly status: 'CandidatesPresent' | 'NoCandidates'; readonly candidates: number };
  };
  readonly nodeGroups: readonly {
    readonly name: string;
    readonly health: { readonly status: 'Healthy'; readonly cloudProviderTarget: number; readonly minSize: number; readonly maxSize: number };
    readonly scaleUp: 'InProgress' | 'Backoff' | 'NoActivity';
    readonly backoffInfo?: { readonly errorCode: string; readonly errorMessage: string };
  }[];
}
