/**
 * The provisioner's disruption controller (reference §7.1–§7.10; kubernetes-sigs/karpenter
 * pkg/controllers/disruption/controller.go, emptiness.go, drift.go, multinodeconsolidation.go,
 * singlenodeconsolidation.go, queue.go): a pass every 10 s — Emptiness, Drift, Multi-node, Single-node consolidation,
 * the first that yields a command ends the pass — with the per-NodePool budgets, the 15 s validation of emptiness and
 * consolidation commands, and the execution of commands (taint, replacements, wait for them, delete the candidates).
 * Decisions come from consolidation.ts (pure); this file only gathers the inputs and carries the commands out.
 */
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { micros, minutes, seconds, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { NodeObj } from '../cluster/objects';
import type { InvolvedObject } from '../kubeEvents';
import { pdbsMatching } from '../policy/disruption';
import { budgetBlockedMessage, rawAllowed } from './budgets';
import { balancedPoolTotals, computeConsolidation, consolidationCandidateMessage, isEmpty, multiNodeConsolidation, orderCandidates, singleNodeConsolidation, type Candidate, type ClusterView, type Decision } from './consolidation';
import { claimRef, nodeRef, podKey, reschedulablePods, simPod, type NodeClaim } from './nodeClaim';
import { solve } from './scheduling';
import { taintDisrupted, untaintDisrupted } from './termination';
import { DO_NOT_DISRUPT_ANNOTATION, type DisruptionReason } from './types';
import type { InstanceType, Offering } from '../cloud/types';
import type { NewClaim, SimNode, SimPool } from './scheduling';
import type { Terminator } from './termination';
import type { KarpenterNodePool, KarpenterSettings } from './types';

/** What the disruption controller needs of the provisioner (karpenter.ts Karpenter implements it). */
export interface Provisioner {
  readonly claims: ReadonlyMap<string, NodeClaim>;
  readonly pools: readonly KarpenterNodePool[];
  readonly settings: KarpenterSettings;
  readonly types: readonly InstanceType[];
  readonly terminator: Terminator;
  readonly stateVersion: number;
  simNodes(exclude?: ReadonlySet<string>): SimNode[];
  simPools(exclude?: ReadonlySet<string>): SimPool[];
  isUnavailable(type: string, o: Offering): boolean;
  createClaim(nc: NewClaim, reason: string, disruptionReason?: DisruptionReason): NodeClaim | undefined;
  isLive(c: NodeClaim): boolean;
  record(action: string, owner: string, node: string, reason: string, pods?: readonly string[]): void;
}

const COMPONENT = 'karpenter';
/** controller.go pollingPeriod. */
export const POLL_PERIOD = seconds(10);
/**
 * The first pass: when the controller starts (t = 0). Upstream's singleton runs Reconcile as soon as it starts, then
 * waits what Reconcile returned: `pollingPeriod` after a pass that did nothing, nothing after a started command
 * (pkg/operator/controller singleton.go; disruption/controller.go).
 */
export const FIRST_POLL = seconds(0);
/** consolidation.go commandValidationDelay (§7.5, §7.7). */
export const VALIDATION_DELAY = seconds(15);
/** state/cluster.go: a consolidated cluster is looked at again after 5 min even without a change. */
export const CONSOLIDATED_TTL = minutes(5);
/** queue.go: a command whose replacements are not initialized within 10 min fails (§7.9). */
export const COMMAND_TIMEOUT = minutes(10);

interface Command {
  readonly candidates: NodeClaim[];
  readonly replacements: NodeClaim[];
  readonly reason: DisruptionReason;
  readonly action: string;
}

interface Validation {
  readonly method: 'emptiness' | 'multi' | 'single';
  readonly decision: Exclude<Decision, { kind: 'none' }>;
}

interface Cand {
  readonly claim: NodeClaim;
  readonly node: NodeObj;
  readonly candidate: Candidate;
}

export class DisruptionController {
  private readonly pollType: EventType<null>;
  private readonly validateType: EventType<null>;
  private readonly timeoutType: EventType<Command>;
  private pollKey?: EventKey;
  private validation?: Validation;
  private readonly commands: Command[] = [];
  private readonly lastEvent = new Map<string, Micros>();
  /**
   * The cluster was found consolidated (state/cluster.go Consolidated): the state version, the eligible candidates and
   * when. Consolidation is skipped while neither changed, for at most 5 min, as upstream.
   */
  private passCandidates?: Cand[];
  private consolidated?: { readonly version: number; readonly candidates: string; readonly at: Micros };

  constructor(
    private readonly ctx: SimContext,
    private readonly k: Provisioner,
    private readonly startTime: number,
  ) {
    this.pollType = ctx.clock.register<null>('karpenter/disruption', () => {
      this.pollKey = undefined;
      this.pass();
    });
    this.validateType = ctx.clock.register<null>('karpenter/validate', () => this.validate());
    this.timeoutType = ctx.clock.register<Command>('karpenter/commandTimeout', (cmd) => {
      if (this.commands.includes(cmd)) this.fail(cmd);
    });
    this.schedulePoll(FIRST_POLL);
  }

  /**
   * Moves the next pass to `at` (a controller started later than t = 0): tests put the polls at the times a vector
   * gives as its input (e.g. 5, 15, 25, …).
   */
  startPollsAt(at: Micros): void {
    if (this.validation === undefined) this.schedulePoll(at);
  }

  private schedulePoll(at: Micros): void {
    if (this.pollKey !== undefined) this.ctx.clock.cancel(this.pollKey);
    this.pollKey = this.ctx.clock.scheduleAt(at, this.pollType, null, Priority.CONTROLLER);
  }

  /** Emits unless the same (reason, object, message) was emitted within `dedupe`; true when emitted. */
  private emit(dedupe: Micros, type: 'Normal' | 'Warning', reason: string, message: string, obj: InvolvedObject): boolean {
    const key = `${reason}\u0000${obj.kind}/${obj.name}\u0000${message}`;
    const now = this.ctx.clock.now;
    const last = this.lastEvent.get(key);
    if (last !== undefined && now - last < dedupe) return false;
    this.lastEvent.set(key, now);
    this.ctx.events.emit(type, reason, message, obj, COMPONENT);
    return true;
  }

  /** One pass: the first method that yields a command or a validation ends it (§7.1). */
  private pass(): void {
    const now = this.ctx.clock.now;
    if (this.validation) return;
    // The candidates are computed once per pass (every method starts from the same cluster state).
    this.passCandidates = undefined;
    const r = this.emptiness() ?? this.drift() ?? this.consolidation();
    this.passCandidates = undefined;
    if (r === 'command') this.schedulePoll(now);
    else if (r !== 'validation') this.schedulePoll(micros(now + POLL_PERIOD));
  }

  // ---- inputs -------------------------------------------------------------------------------------------------

  /** Disruption candidates (state/statenode.go NewCandidate): initialized, not deleting, not nominated, not blocked. */
  private candidates(): Cand[] {
    if (this.passCandidates !== undefined) return this.passCandidates;
    const now = this.ctx.clock.now;
    const out: Cand[] = [];
    for (const c of [...this.k.claims.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (c.initializedAt === undefined || c.deletedAt !== undefined || c.disrupting) continue;
      const node = this.ctx.store.getNode(c.name);
      if (!node) continue;
      const blocked = this.blockedReason(c, node, now);
      if (blocked !== undefined) {
        this.emit(minutes(1), 'Normal', 'DisruptionBlocked', blocked, nodeRef(node));
        continue;
      }
      const pods = reschedulablePods(node).map(simPod);
      out.push({ claim: c, node, candidate: { name: c.name, pool: c.pool, type: c.type, offering: c.offering, pods } });
    }
    this.passCandidates = out;
    return out;
  }

  private blockedReason(c: NodeClaim, node: NodeObj, now: Micros): string | undefined {
    if (c.nominatedUntil !== undefined && c.nominatedUntil > now) return 'node is nominated for a pending pod';
    if (node.metadata.annotations[DO_NOT_DISRUPT_ANNOTATION] === 'true') return `disruption is blocked through the "${DO_NOT_DISRUPT_ANNOTATION}" annotation`;
    for (const p of reschedulablePods(node)) {
      if (p.metadata.annotations[DO_NOT_DISRUPT_ANNOTATION] === 'true') return `pod "${podKey(p)}" has "${DO_NOT_DISRUPT_ANNOTATION}=true" annotation`;
      if (c.pool.terminationGracePeriod === null && pdbsMatching(this.ctx, p).some((b) => b.status.disruptionsAllowed <= 0)) return `pdb prevents pod evictions`;
    }
    return undefined;
  }

  /** Consolidatable (§7.4): initialized and consolidateAfter elapsed since the last pod event. */
  private consolidatable(c: NodeClaim): boolean {
    const after = c.pool.consolidateAfter;
    if (after === null || c.initializedAt === undefined) return false;
    const t0 = Math.max(c.initializedAt, c.lastPodEventAt ?? c.initializedAt);
    return this.ctx.clock.now - t0 >= after;
  }

  /** Allowed disruptions of a pool for a reason (BuildDisruptionBudgetMapping, §7.3). */
  allowance(pool: string, reason: DisruptionReason): number {
    const p = this.k.pools.find((x) => x.name === pool);
    if (!p) return 0;
    let total = 0;
    let disrupting = 0;
    for (const c of this.k.claims.values()) {
      if (c.pool.name !== pool || c.initializedAt === undefined) continue;
      const node = this.ctx.store.getNode(c.name);
      if (!node) continue;
      total++;
      if (c.deletedAt !== undefined || c.disrupting || node.status.ready !== 'True') disrupting++;
    }
    const raw = rawAllowed(p.budgets, total, reason, this.startTime + this.ctx.clock.now);
    if (total > 0 && raw === 0) {
      const obj: InvolvedObject = { kind: 'NodePool', namespace: '', name: pool, uid: pool };
      if (this.emit(minutes(1), 'Normal', 'DisruptionBlocked', budgetBlockedMessage(reason), obj)) this.k.record('disruption-blocked', pool, '', budgetBlockedMessage(reason));
    }
    return Math.max(raw - disrupting, 0);
  }

  /**
   * The cluster for consolidation simulations: pods are not moved onto nodes still inside their consolidateAfter
   * window (§7.4; nodeclaim/disruption/consolidation.go), so a node whose pods just left is not refilled at once.
   */
  private view(): ClusterView {
    const inWindow = new Set<string>();
    for (const c of this.k.claims.values()) if (c.pool.consolidateAfter !== null && c.initializedAt !== undefined && !this.consolidatable(c)) inWindow.add(c.name);
    return {
      nodes: this.k.simNodes(inWindow),
      pools: this.k.simPools(),
      types: this.k.types,
      unavailable: (t, o) => this.k.isUnavailable(t, o),
      spotToSpotConsolidation: this.k.settings.spotToSpotConsolidation,
      ...(this.k.pools.some((p) => p.consolidationPolicy === 'Balanced') ? { poolTotals: balancedPoolTotals(this.candidates().map((x) => x.candidate)) } : {}),
    };
  }

  // ---- methods --------------------------------------------------------------------------------------------------

  /** Emptiness (§7.5): empty consolidatable candidates, each while its pool's Empty allowance lasts; one command. */
  private emptiness(): 'validation' | undefined {
    const cands = this.candidates().filter((x) => isEmpty(x.candidate) && this.consolidatable(x.claim));
    if (cands.length === 0) return undefined;
    const ordered = orderCandidates(cands.map((x) => x.candidate));
    const allow = new Map<string, number>();
    const taken: Candidate[] = [];
    for (const c of ordered) {
      if (!allow.has(c.pool.name)) allow.set(c.pool.name, this.allowance(c.pool.name, 'Empty'));
      const a = allow.get(c.pool.name)!;
      if (a <= 0) continue;
      allow.set(c.pool.name, a - 1);
      taken.push(c);
    }
    if (taken.length === 0) return undefined;
    return this.startValidation({ method: 'emptiness', decision: { kind: 'delete', candidates: taken } });
  }

  /** Drift (§7.10): one drifted candidate, empty first then by drift time; replacements if its pods need them. */
  private drift(): 'command' | undefined {
    const cands = this.candidates()
      .filter((x) => x.claim.drifted !== undefined)
      .sort((a, b) => Number(!isEmpty(a.candidate)) - Number(!isEmpty(b.candidate)) || a.claim.drifted!.at - b.claim.drifted!.at || (a.claim.name < b.claim.name ? -1 : 1));
    for (const x of cands) {
      if (this.allowance(x.claim.pool.name, 'Drifted') <= 0) continue;
      const view = this.view();
      const r = solve({ pods: x.candidate.pods, nodes: view.nodes.filter((n) => n.name !== x.claim.name), pools: view.pools, types: view.types, unavailable: view.unavailable });
      this.execute([x.claim], 'Drifted', 'drift', r.claims);
      return 'command';
    }
    return undefined;
  }

  /** Multi-node, then single-node consolidation (§7.6, §7.7). */
  private consolidation(): 'validation' | undefined {
    const cands = this.candidates().filter((x) => !isEmpty(x.candidate) && this.consolidatable(x.claim));
    const eligible: Cand[] = [];
    for (const x of cands) {
      if (x.claim.pool.consolidationPolicy === 'WhenEmpty') {
        const msg = `NodePool "${x.claim.pool.name}" has consolidation policy WhenEmpty, but node is not empty`;
        this.emit(minutes(15), 'Normal', 'Unconsolidatable', msg, nodeRef(x.node));
        this.emit(minutes(15), 'Normal', 'Unconsolidatable', msg, claimRef(x.claim));
        continue;
      }
      eligible.push(x);
    }
    if (eligible.length === 0) return undefined;
    const now = this.ctx.clock.now;
    const names = eligible.map((x) => x.claim.name).join(' ');
    const c = this.consolidated;
    if (c !== undefined && c.version === this.k.stateVersion && c.candidates === names && now - c.at < CONSOLIDATED_TTL) return undefined;
    this.consolidated = undefined;
    const ordered = orderCandidates(eligible.map((x) => x.candidate));
    const allow = new Map<string, number>();
    const allowance = (pool: string) => {
      if (!allow.has(pool)) allow.set(pool, this.allowance(pool, 'Underutilized'));
      return allow.get(pool)!;
    };
    const cut: Candidate[] = [];
    for (const c of ordered) {
      const a = allowance(c.pool.name);
      if (a <= 0) continue;
      allow.set(c.pool.name, a - 1);
      cut.push(c);
    }
    allow.clear();
    const view = this.view();
    const multi = multiNodeConsolidation(cut, view);
    if (multi.kind !== 'none') return this.startValidation({ method: 'multi', decision: multi });
    const single = singleNodeConsolidation(ordered, view, allowance);
    for (const u of single.unconsolidatable) {
      const node = this.ctx.store.getNode(u.candidate.name);
      const claim = this.k.claims.get(u.candidate.name);
      if (node) this.emit(minutes(15), 'Normal', 'Unconsolidatable', u.reason, nodeRef(node));
      if (claim) this.emit(minutes(15), 'Normal', 'Unconsolidatable', u.reason, claimRef(claim));
    }
    if (single.decision.kind !== 'none') return this.startValidation({ method: 'single', decision: single.decision });
    this.consolidated = { version: this.k.stateVersion, candidates: names, at: now };
    return undefined;
  }

  private startValidation(v: Validation): 'validation' {
    if (v.decision.kind === 'replace') {
      for (const c of v.decision.candidates) {
        const msg = consolidationCandidateMessage(v.decision, c.name);
        const node = this.ctx.store.getNode(c.name);
        const claim = this.k.claims.get(c.name);
        if (node) this.ctx.events.emit('Normal', 'ConsolidationCandidate', msg, nodeRef(node), COMPONENT);
        if (claim) this.ctx.events.emit('Normal', 'ConsolidationCandidate', msg, claimRef(claim), COMPONENT);
      }
    }
    this.validation = v;
    this.ctx.clock.schedule(VALIDATION_DELAY, this.validateType, null, Priority.CONTROLLER);
    return 'validation';
  }

  /** After 15 s: the candidates must still be candidates within budget, and a new simulation must agree (§7.7). */
  private validate(): void {
    const v = this.validation;
    this.validation = undefined;
    const now = this.ctx.clock.now;
    if (!v) return this.schedulePoll(now);
    this.passCandidates = undefined;
    const current = new Map(this.candidates().map((x) => [x.claim.name, x]));
    const still = v.decision.candidates.map((c) => current.get(c.name));
    const reason: DisruptionReason = v.method === 'emptiness' ? 'Empty' : 'Underutilized';
    const perPool = new Map<string, number>();
    for (const c of v.decision.candidates) perPool.set(c.pool.name, (perPool.get(c.pool.name) ?? 0) + 1);
    const withinBudget = [...perPool].every(([pool, n]) => this.allowance(pool, reason) >= n);
    let ok = withinBudget && still.every((x) => x !== undefined && this.consolidatable(x.claim));
    let decision: Decision = v.decision;
    if (ok && v.method === 'emptiness') {
      ok = still.every((x) => isEmpty(x!.candidate));
    } else if (ok) {
      decision = computeConsolidation(
        still.map((x) => x!.candidate),
        this.view(),
        v.method === 'multi',
      );
      ok = decision.kind === v.decision.kind;
      if (ok && decision.kind === 'replace' && v.decision.kind === 'replace') {
        const before = new Set(v.decision.claim.options.map((o) => o.type.name));
        ok = decision.claim.options.every((o) => before.has(o.type.name));
      }
    }
    if (ok && decision.kind !== 'none') {
      const action = v.method === 'emptiness' ? 'empty' : decision.kind === 'delete' ? 'consolidate-delete' : 'consolidate-replace';
      this.execute(
        still.map((x) => x!.claim),
        reason,
        action,
        decision.kind === 'replace' ? [decision.claim] : [],
      );
    }
    this.passCandidates = undefined;
    this.schedulePoll(now);
  }

  // ---- execution (queue.go) ------------------------------------------------------------------------------------

  private execute(claims: NodeClaim[], reason: DisruptionReason, action: string, replacements: readonly NewClaim[]): void {
    for (const c of claims) {
      c.disrupting = true;
      c.disruptionReason = reason;
      const node = this.ctx.store.getNode(c.name);
      if (node) taintDisrupted(this.ctx, node);
      this.k.record(action, c.pool.name, c.name, reason, node ? reschedulablePods(node).map(podKey) : []);
    }
    const made: NodeClaim[] = [];
    for (const r of replacements) {
      const c = this.k.createClaim(r, 'replacement', reason);
      if (!c) continue;
      made.push(c);
      this.ctx.events.emit('Normal', 'DisruptionLaunching', `Launching NodeClaim: ${reason}`, claimRef(c), COMPONENT);
      this.ctx.events.emit('Normal', 'DisruptionWaitingReadiness', 'Waiting on readiness to continue disruption', claimRef(c), COMPONENT);
    }
    const cmd: Command = { candidates: claims, replacements: made, reason, action };
    // A replacement whose launch failed at once (insufficient capacity) fails the command (§7.9).
    if (made.some((c) => !this.k.isLive(c))) return this.fail(cmd);
    if (made.length === 0) return this.finish(cmd);
    this.commands.push(cmd);
    this.ctx.clock.schedule(COMMAND_TIMEOUT, this.timeoutType, cmd, Priority.CONTROLLER);
  }

  /** All replacements initialized (or none): the candidates' NodeClaims are deleted (§7.9 step 4). */
  private finish(cmd: Command): void {
    const i = this.commands.indexOf(cmd);
    if (i >= 0) this.commands.splice(i, 1);
    for (const c of cmd.candidates) {
      const node = this.ctx.store.getNode(c.name);
      if (node) this.ctx.events.emit('Normal', 'DisruptionTerminating', `Disrupting Node: ${cmd.reason}`, nodeRef(node), COMPONENT);
      this.ctx.events.emit('Normal', 'DisruptionTerminating', `Disrupting NodeClaim: ${cmd.reason}`, claimRef(c), COMPONENT);
      this.k.terminator.start(c);
    }
  }

  /** A replacement was deleted or the command timed out: the candidates are released (taint removed). */
  private fail(cmd: Command): void {
    const i = this.commands.indexOf(cmd);
    if (i >= 0) this.commands.splice(i, 1);
    for (const c of cmd.candidates) {
      c.disrupting = false;
      c.disruptionReason = undefined;
      const node = this.ctx.store.getNode(c.name);
      if (node) untaintDisrupted(this.ctx, node);
    }
  }

  claimInitialized(c: NodeClaim): void {
    for (const cmd of [...this.commands]) {
      if (cmd.replacements.includes(c) && cmd.replacements.every((r) => r.initializedAt !== undefined)) this.finish(cmd);
    }
  }

  claimGone(c: NodeClaim): void {
    for (const cmd of [...this.commands]) if (cmd.replacements.includes(c)) this.fail(cmd);
  }
}
