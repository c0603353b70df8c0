/**
 * Which pods of a node scale-down can move (cluster-autoscaler simulator/drainability/rules/rules.go `Default`,
 * simulator/drain.go `GetPodsToMove`; reference §3.4): the rules in upstream's order, the first outcome deciding.
 * Pure over plain pod facts; the controller fills them from the store.
 */
import type { Micros } from '../../engine/time';

export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SAFE_TO_EVICT_LOCAL_VOLUMES = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';
export const DAEMONSET_POD_ANNOTATION = 'cluster-autoscaler.kubernetes.io/daemonset-pod';
export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';

export interface DrainPod {
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly mirror: boolean;
  readonly longTerminating: boolean;
  /** The controller owner's kind, if any. */
  readonly controllerKind?: string;
  /** The controller object exists (false: ControllerNotFound). */
  readonly controllerFound: boolean;
  /** RC/RS replicas, for min-replica-count. */
  readonly controllerReplicas?: number;
  readonly phase: string;
  readonly restartPolicy: string;
  readonly createdAt: Micros;
  /** Local volumes (hostPath, emptyDir not in memory) by name; k8sim models none, so [] at run time. */
  readonly localVolumes: readonly string[];
  /** Matching PDBs' disruptionsAllowed (empty: no PDB). */
  readonly pdbAllowed: readonly number[];
}

export type BlockReason = 'ControllerNotFound' | 'MinReplicasReached' | 'NotReplicated' | 'UnmovableKubeSystemPod' | 'NotSafeToEvictAnnotation' | 'LocalStorageRequested' | 'NotEnoughPdb' | 'BlockedByOnCompletionPod';

export type DrainOutcome =
  | { readonly kind: 'skip' }
  | { readonly kind: 'daemonSet' }
  | { readonly kind: 'drain' }
  | { readonly kind: 'block'; readonly reason: BlockReason };

export interface DrainFlags {
  readonly skipNodesWithSystemPods: boolean;
  readonly skipNodesWithLocalStorage: boolean;
  readonly skipNodesWithCustomControllerPods: boolean;
  readonly minReplicaCount: number;
  readonly blockingSystemPodDistruptionTimeout: Micros;
}

const REPLICATED = new Set(['ReplicationController', 'Job', 'ReplicaSet', 'StatefulSet']);

/** A DaemonSet pod: owned by a DaemonSet, or annotated `cluster-autoscaler.kubernetes.io/daemonset-pod: "true"`. */
export function isDaemonSetPod(p: { readonly controllerKind?: string; readonly annotations: Readonly<Record<string, string>> }): boolean {
  return p.controllerKind === 'DaemonSet' || p.annotations[DAEMONSET_POD_ANNOTATION] === 'true';
}

export function drainOutcome(p: DrainPod, flags: DrainFlags, now: Micros): DrainOutcome {
  if (p.mirror) return { kind: 'skip' };
  if (p.longTerminating) return { kind: 'skip' };
  if (flags.skipNodesWithCustomControllerPods && p.controllerKind !== undefined) {
    if (!p.controllerFound) return { kind: 'block', reason: 'ControllerNotFound' };
    if ((p.controllerKind === 'ReplicationController' || p.controllerKind === 'ReplicaSet') && (p.controllerReplicas ?? 0) < flags.minReplicaCount) {
      return { kind: 'block', reason: 'MinReplicasReached' };
    }
  }
  if (isDaemonSetPod(p)) return { kind: 'daemonSet' };
  const safe = p.annotations[SAFE_TO_EVICT];
  if (safe === 'true') return { kind: 'drain' };
  if (p.phase === 'Failed' || (p.phase === 'Succeeded' && p.restartPolicy !== 'Always')) return { kind: 'drain' };
  if (safe === 'on-completion') return { kind: 'block', reason: 'BlockedByOnCompletionPod' };
  const replicated = p.controllerKind !== undefined && (!flags.skipNodesWithCustomControllerPods || REPLICATED.has(p.controllerKind));
  if (!replicated) return { kind: 'block', reason: 'NotReplicated' };
  if (flags.skipNodesWithSystemPods && p.namespace === 'kube-system' && p.pdbAllowed.length === 0 && now - p.createdAt <= flags.blockingSystemPodDistruptionTimeout) {
    return { kind: 'block', reason: 'UnmovableKubeSystemPod' };
  }
  if (safe === 'false') return { kind: 'block', reason: 'NotSafeToEvictAnnotation' };
  if (flags.skipNodesWithLocalStorage && p.localVolumes.length > 0) {
    const allowed = new Set((p.annotations[SAFE_TO_EVICT_LOCAL_VOLUMES] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
    if (!p.localVolumes.every((v) => allowed.has(v))) return { kind: 'block', reason: 'LocalStorageRequested' };
  }
  if (p.pdbAllowed.some((a) => a < 1)) return { kind: 'block', reason: 'NotEnoughPdb' };
  return { kind: 'drain' };
}

/** The node's pods sorted by outcome: those to move, DaemonSet pods, and the first blocking pod. */
export interface PodsToMove<P> {
  readonly move: P[];
  readonly daemonSets: P[];
  readonly blocking?: { readonly pod: P; readonly reason: BlockReason };
}

export function podsToMove<P extends DrainPod>(pods: readonly P[], flags: DrainFlags, now: Micros): PodsToMove<P> {
  const move: P[] = [];
  const daemonSets: P[] = [];
  for (const p of pods) {
    const o = drainOutcome(p, flags, now);
    if (o.kind === 'block') return { move, daemonSets, blocking: { pod: p, reason: o.reason } };
    if (o.kind === 'drain') move.push(p);
    else if (o.kind === 'daemonSet') daemonSets.push(p);
  }
  return { move, daemonSets };
}
