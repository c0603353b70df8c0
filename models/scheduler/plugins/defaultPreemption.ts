/**
 * DefaultPreemption's PostFilter (scheduler.md §7.3–§7.9) as pure functions over the framework types: who may
 * preempt, the victims on one node, the dry run over the potential nodes, the choice among candidates, and
 * `preempt`, which returns what to do. Decides only: it never deletes, patches or emits anything, and never touches
 * the snapshot's nodes (dry runs work on NodeInfoCopy and `state.clone()`).
 *
 * The caller (the scheduler) carries out a `nominate` result (preemption.go : prepareCandidate, §7.8):
 * - for each victim: patch the condition DisruptionTarget=True, reason `PreemptionByScheduler`, message
 *   `<schedulerName>: preempting to accommodate a higher priority pod`; then delete it gracefully (the victim's own
 *   terminationGracePeriodSeconds); emit on the victim Normal `Preempted` (action `Preempting`, related object the
 *   preemptor) `Preempted by pod <preemptor uid> on node <nodeName>`;
 * - clear status.nominatedNodeName of every pod in `lowerPriorityNominated`;
 * - set the preemptor's status.nominatedNodeName = nodeName and fail its cycle as unschedulable with the plain FitError
 *   text (no `preemption:` part).
 * For `fail`: the preemptor's FailedScheduling message is the FitError text + ' ' + `message`; when
 * `clearNominatedNodeName` is true, its status.nominatedNodeName is cleared. For `error`: a SchedulerError.
 *
 * Random draws, all from the caller's `rng` in this order: the dry run's start offset (only when some node is a
 * potential node), then the final tie among candidates (only when more than one remains after criteria 1–5).
 */
import type { Micros } from '../../../engine/time';
import type { PluginArgs } from '../config';
import { formatFitError, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL } from '../fitError';
import type { CycleState, NodeInfo, PodInfo, Selector, Snapshot, Status } from '../framework/types';
import { unresolvable } from '../framework/types';
import { NodeInfoCopy } from './nodeInfoCopy';

export const PLUGIN = 'DefaultPreemption';

/**
 * What preemption needs of the filters (the framework runtime implements it): all enabled filter plugins in order on
 * one node (RunFilterPluginsWithNominatedPods: with the pods nominated to the node at priority ≥ the pod's, §1.2),
 * and the PreFilter extensions AddPod / RemovePod updating `state` for a pod added to / removed from `node`.
 */
export interface FilterRunner {
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, snapshot: Snapshot): Status | undefined;
  addPod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void;
  removePod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void;
}

/** A PodDisruptionBudget as preemption reads it: spec.selector and status.disruptionsAllowed / disruptedPods. */
export interface PdbInfo {
  readonly namespace: string;
  readonly selector: Selector;
  readonly disruptionsAllowed: number;
  /** status.disruptedPods: names of pods already being disrupted (not counted again). */
  readonly disruptedPods: ReadonlySet<string>;
}

/** A node where preemption helps: its victims (most important first) and how many of them violate a PDB. */
export interface Candidate {
  readonly nodeName: string;
  readonly victims: readonly PodInfo[];
  readonly numPDBViolations: number;
}

export interface PreemptionInput {
  readonly state: CycleState;
  readonly pod: PodInfo;
  /** The pod's status.nominatedNodeName (undefined or '' = none). */
  readonly nominatedNodeName?: string;
  readonly snapshot: Snapshot;
  /**
   * Diagnosis.NodeToStatus of this cycle's filters, by node name. A node absent from the map counts as
   * UnschedulableAndUnresolvable (the absent-node status: nodes a PreFilterResult excluded).
   */
  readonly nodeStatuses: ReadonlyMap<string, Status>;
  readonly filters: FilterRunner;
  readonly pdbs: readonly PdbInfo[];
  readonly args: PluginArgs['defaultPreemption'];
  /** Uniform in [0, 1), seeded by the caller. */
  readonly rng: () => number;
  /** For pods without status.startTime (GetPodStartTime: "now"). */
  readonly now: Micros;
  /** Pods nominated to a node (the scheduler's nominator); none when absent. */
  readonly nominatedPods?: (nodeName: string) => readonly PodInfo[];
}

export type PreemptResult =
  | { readonly kind: 'nominate'; readonly nodeName: string; readonly victims: readonly PodInfo[]; readonly numPDBViolations: number; readonly lowerPriorityNominated: readonly PodInfo[] }
  | { readonly kind: 'fail'; readonly message: string; readonly clearNominatedNodeName: boolean }
  | { readonly kind: 'error'; readonly message: string };

/** default_preemption.go : PodEligibleToPreemptOthers messages (§7.3). */
export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NOT_ELIGIBLE_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';

/** util.GetPodStartTime: status.startTime, or now for a pod not started yet. */
function startTime(p: PodInfo, now: Micros): Micros {
  return p.startTime() ?? now;
}

/** util.MoreImportantPod: higher priority; equal priority → earlier start time (§7.5.3). */
export function moreImportantPod(a: PodInfo, b: PodInfo, now: Micros): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a, now) < startTime(b, now);
}

/** A stable sort by importance (upstream's sort.Slice is unstable; equal pods keep the node's order here). */
function byImportance(pods: PodInfo[], now: Micros): PodInfo[] {
  return pods.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
}

/**
 * default_preemption.go : PodEligibleToPreemptOthers (§7.3). undefined = eligible; otherwise the message. A pod
 * whose nominated node was UnschedulableAndUnresolvable this cycle (or absent) may preempt again; otherwise a
 * lower-priority pod on that node terminating because of preemption (podTerminatingByPreemption) makes it wait.
 */
export function podEligibleToPreemptOthers(pod: PodInfo, nominatedNodeName: string | undefined, nominatedNodeStatus: Status | undefined, snapshot: Snapshot): string | undefined {
  if (pod.preemptionPolicy === 'Never') return NOT_ELIGIBLE_NEVER;
  if (nominatedNodeName === undefined || nominatedNodeName === '') return undefined;
  if (nominatedNodeStatus === undefined || nominatedNodeStatus.code === 'UnschedulableAndUnresolvable') return undefined;
  const node = snapshot.nodes.find((n) => n.name === nominatedNodeName);
  if (node === undefined) return undefined;
  for (const p of node.pods) {
    if (p.priority < pod.priority && p.terminating() && p.preemptedByScheduler()) return NOT_ELIGIBLE_TERMINATING;
  }
  return undefined;
}

/**
 * default_preemption.go : filterPodsWithPDBViolation (§7.6): walks `pods` (importance order) against each PDB's
 * remaining budget; a pod that takes any matching budget below 0 is violating. Both lists keep the input order.
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PdbInfo[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pod of pods) {
    let violated = false;
    // A pod with no labels matches no PDB.
    if (hasLabels(pod)) {
      pdbs.forEach((pdb, i) => {
        if (pdb.namespace !== pod.namespace) return;
        // A nil or empty selector matches nothing here.
        if (pdb.selector.isNil || pdb.selector.isEmpty || !pdb.selector.matches(pod.labels)) return;
        // Already in DisruptedPods: processed by the API server, not counted again.
        if (pdb.disruptedPods.has(pod.name)) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

function hasLabels(p: PodInfo): boolean {
  for (const _ in p.labels) return true;
  return false;
}

export type VictimsOnNode = { readonly victims: readonly PodInfo[]; readonly numPDBViolations: number } | { readonly status: Status };

/**
 * default_preemption.go : SelectVictimsOnNode (§7.5) on a node copy and a state copy (both updated): remove every
 * lower-priority pod; if the pod still does not fit, that filter status; otherwise reprieve pods (PDB-violating ones
 * first, each list most important first) while the pod still fits. Victims most important first.
 */
export function selectVictimsOnNode(state: CycleState, pod: PodInfo, node: NodeInfoCopy, snapshot: Snapshot, filters: FilterRunner, pdbs: readonly PdbInfo[], now: Micros): VictimsOnNode {
  const remove = (p: PodInfo) => {
    node.removePod(p);
    filters.removePod(state, pod, p, node, snapshot);
  };
  const add = (p: PodInfo) => {
    node.addPod(p);
    filters.addPod(state, pod, p, node, snapshot);
  };
  const potential = node.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return { status: unresolvable(PLUGIN, NO_PREEMPTION_VICTIMS) };
  for (const p of potential) remove(p);
  const status = filters.runFilters(state, pod, node, snapshot);
  if (status !== undefined) return { status };
  byImportance(potential, now);
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  const reprieve = (p: PodInfo): boolean => {
    add(p);
    if (filters.runFilters(state, pod, node, snapshot) === undefined) return true;
    remove(p);
    victims.push(p);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length > 0 && nonViolating.length > 0) byImportance(victims, now);
  return { victims, numPDBViolations };
}

/** default_preemption.go : calculateNumCandidates (§7.4). */
export function calculateNumCandidates(numNodes: number, args: PluginArgs['defaultPreemption']): number {
  let n = Math.floor((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

export interface DryRunResult {
  /** PDB-free candidates first, then PDB-violating ones, each in the order tried. */
  readonly candidates: readonly Candidate[];
  /** Statuses of the nodes tried that yielded no candidate. */
  readonly nodeStatuses: ReadonlyMap<string, Status>;
  /** A node whose victims came back empty although the pod did not fit before (upstream: an error). */
  readonly error?: string;
}

/**
 * preemption.go : DryRunPreemption (§7.4): tries the potential nodes from `offset`, wrapping around, each on a
 * NodeInfoCopy and a clone of `state`, and stops once it holds a PDB-free candidate and `numCandidates` in all (each
 * list holds at most `numCandidates`). Upstream runs the nodes in parallel; here in order, so the stop is
 * deterministic.
 */
export function dryRunPreemption(
  input: Pick<PreemptionInput, 'state' | 'pod' | 'snapshot' | 'filters' | 'pdbs' | 'now'>,
  potentialNodes: readonly NodeInfo[],
  offset: number,
  numCandidates: number,
): DryRunResult {
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const nodeStatuses = new Map<string, Status>();
  let error: string | undefined;
  for (let i = 0; i < potentialNodes.length; i++) {
    const node = new NodeInfoCopy(potentialNodes[(offset + i) % potentialNodes.length]);
    const r = selectVictimsOnNode(input.state.clone(), input.pod, node, input.snapshot, input.filters, input.pdbs, input.now);
    if ('status' in r) {
      nodeStatuses.set(node.name, r.status);
      continue;
    }
    if (r.victims.length === 0) {
      const message = `expected at least one victim pod on node "${node.name}"`;
      error ??= message;
      nodeStatuses.set(node.name, { code: 'Error', plugin: PLUGIN, reasons: [message] });
      continue;
    }
    const list = r.numPDBViolations === 0 ? nonViolating : violating;
    if (list.length < numCandidates) list.push({ nodeName: node.name, victims: r.victims, numPDBViolations: r.numPDBViolations });
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
  }
  return { candidates: [...nonViolating, ...violating], nodeStatuses, ...(error !== undefined ? { error } : {}) };
}

/**
 * preemption.go : findCandidates (§7.4): the potential nodes are those whose status this cycle is Unschedulable (in
 * snapshot order); none → no candidates and no statuses (no draw). Otherwise the dry run from offset
 * rand.Int31n(len) (GetOffsetAndNumCandidates) with calculateNumCandidates(len).
 */
export function findCandidates(input: PreemptionInput): DryRunResult {
  const potential = input.snapshot.nodes.filter((n) => input.nodeStatuses.get(n.name)?.code === 'Unschedulable');
  if (potential.length === 0) return { candidates: [], nodeStatuses: new Map() };
  const offset = Math.floor(input.rng() * potential.length);
  return dryRunPreemption(input, potential, offset, calculateNumCandidates(potential.length, input.args));
}

/** util.GetEarliestPodStartTime: the earliest start time among the victims of the highest priority. */
function earliestStartOfHighest(victims: readonly PodInfo[], now: Micros): Micros {
  let maxPriority = victims[0].priority;
  let earliest = startTime(victims[0], now);
  for (const p of victims) {
    const t = startTime(p, now);
    if (p.priority === maxPriority) {
      if (t < earliest) earliest = t;
    } else if (p.priority > maxPriority) {
      maxPriority = p.priority;
      earliest = t;
    }
  }
  return earliest;
}

/** math.MaxInt32 + 1: added to each victim's priority so every term of the sum is ≥ 0. */
const PRIORITY_OFFSET = 2_147_483_648;

/**
 * preemption.go : pickOneNodeForPreemption (§7.7): keeps the candidates with the best score of each criterion in
 * turn (fewest PDB violations, lowest top victim priority, smallest offset priority sum, fewest victims, latest
 * earliest start of the top-priority victims); a tie left after all five is broken by `rng` (upstream: map order).
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: Micros, rng: () => number): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const scores: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -c.victims[0].priority,
    (c) => -c.victims.reduce((s, p) => s + p.priority + PRIORITY_OFFSET, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfHighest(c.victims, now),
  ];
  let remaining = candidates;
  for (const score of scores) {
    let best = -Infinity;
    let kept: Candidate[] = [];
    for (const c of remaining) {
      const s = score(c);
      if (s > best) {
        best = s;
        kept = [c];
      } else if (s === best) kept.push(c);
    }
    if (kept.length === 1) return kept[0];
    remaining = kept;
  }
  return remaining[Math.floor(rng() * remaining.length)];
}

/** preemption.go : SelectCandidate: a single candidate is taken as is (no draw). */
export function selectCandidate(candidates: readonly Candidate[], now: Micros, rng: () => number): Candidate | undefined {
  return candidates.length === 1 ? candidates[0] : pickOneNodeForPreemption(candidates, now, rng);
}

/**
 * DefaultPreemption.PostFilter → preemption.go : Evaluator.Preempt (§7.3–§7.9): eligibility, potential nodes
 * (status Unschedulable), the dry run from a random offset, the best candidate, and the lower-priority pods
 * nominated to it (getLowerPriorityNominatedPods). Messages are prefixed `preemption: ` as PostFilter does.
 */
export function preempt(input: PreemptionInput): PreemptResult {
  const { pod, snapshot } = input;
  const nominated = input.nominatedNodeName;
  const notEligible = podEligibleToPreemptOthers(pod, nominated, nominated ? input.nodeStatuses.get(nominated) : undefined, snapshot);
  if (notEligible !== undefined) return { kind: 'fail', message: `preemption: ${notEligible}`, clearNominatedNodeName: false };
  if (snapshot.nodes.length === 0) return { kind: 'error', message: 'preemption: no nodes available' };

  const dry = findCandidates(input);
  if (dry.error !== undefined && dry.candidates.length === 0) return { kind: 'error', message: `preemption: ${dry.error}` };
  if (dry.candidates.length === 0) {
    // FitError over all nodes; nodes not tried get the absent-node status.
    const reasons = snapshot.nodes.map((n) => dry.nodeStatuses.get(n.name)?.reasons ?? [PREEMPTION_NOT_HELPFUL]);
    return { kind: 'fail', message: `preemption: ${formatFitError(snapshot.nodes.length, reasons)}`, clearNominatedNodeName: true };
  }
  const best = selectCandidate(dry.candidates, input.now, input.rng)!;
  const lowerPriorityNominated = (input.nominatedPods?.(best.nodeName) ?? []).filter((p) => p.priority < pod.priority);
  return { kind: 'nominate', nodeName: best.nodeName, victims: best.victims, numPDBViolations: best.numPDBViolations, lowerPriorityNominated };
}
