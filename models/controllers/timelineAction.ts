/**
 * A timed action of the scenario (Simulation.spec.timeline and Timeline documents) as the timeline runs it
 * (timeline.ts), times in µs. The scenario loader produces them. Plain readonly data: no logic, and no reference to
 * the context, so the SimulationConfig can hold them.
 */
import type { KarpenterNodePool } from '../karpenter/types';
import type { Micros } from '../../engine/time';
import type { ObjectRef, ResolvedSelector, ResolvedWorkload, SourceRef } from '../cluster/spec';
import type { ScalableKind } from '../cluster/store';
import type { DrainOptions } from '../policy/drain';

export type TimelineAction =
  | { readonly at: Micros; readonly action: 'scale'; readonly target: { readonly kind: ScalableKind } & ObjectRef; readonly replicas: number; readonly source: SourceRef }
  | { readonly at: Micros; readonly action: 'deletePod'; readonly pods: PodPick; readonly source: SourceRef }
  | {
      readonly at: Micros;
      readonly action: 'killContainer';
      readonly pods: PodPick;
      /** undefined = every container. */
      readonly container?: string;
      readonly exitCode: number;
      /** Terminated reason: `Error`, or `OOMKilled`. */
      readonly reason: string;
      readonly source: SourceRef;
    }
  | { readonly at: Micros; readonly action: 'nodeDown' | 'nodeUp' | 'cordon' | 'uncordon'; readonly node: string; readonly source: SourceRef }
  /** A spot interruption of the node's cloud instance (issue #10): the notice now, the instance gone 2 min later. */
  | { readonly at: Micros; readonly action: 'interrupt'; readonly node: string; readonly source: SourceRef }
  /**
   * `kubectl apply -f <file>`: the Deployments of a manifest file, as read (replicas only when the file writes them),
   * and the karpenter.sh NodePools it changes.
   */
  | {
      readonly at: Micros;
      readonly action: 'apply';
      readonly file: string;
      readonly deployments: readonly { readonly workload: ResolvedWorkload; readonly replicasWritten: boolean }[];
      readonly nodePools: readonly KarpenterNodePool[];
      readonly source: SourceRef;
    }
  /** `kubectl set image deployment/<name> <container>=<image>`. */
  | { readonly at: Micros; readonly action: 'setImage'; readonly target: ObjectRef; readonly container: string; readonly image: string; readonly source: SourceRef }
  /** `kubectl rollout undo|pause|resume deployment/<name>`; `revision` 0 = the previous one (undo only). */
  | { readonly at: Micros; readonly action: 'rollout'; readonly target: ObjectRef; readonly op: 'undo' | 'pause' | 'resume'; readonly revision: number; readonly source: SourceRef }
  /** `kubectl drain <node>` with its flags (models/policy/drain.ts). */
  | { readonly at: Micros; readonly action: 'drain'; readonly node: string; readonly options: DrainOptions; readonly source: SourceRef }
  /** One pod through the eviction API (models/policy/eviction.ts); one attempt, no retry. */
  | { readonly at: Micros; readonly action: 'evict'; readonly pod: ObjectRef; readonly gracePeriod?: Micros; readonly source: SourceRef }
  /** `kubectl delete pod`: a graceful delete that ignores PodDisruptionBudgets. */
  | { readonly at: Micros; readonly action: 'delete'; readonly pods: PodPick; readonly gracePeriod?: Micros; readonly source: SourceRef };

/** Which pods an action hits: one by name, or up to `count` of those matching a selector (in name order). */
export interface PodPick {
  readonly namespace: string;
  readonly name?: string;
  readonly selector?: ResolvedSelector;
  /** undefined = all that match. */
  readonly count?: number;
}
