/**
 * One node's CPU as the request servers of its pods share it: each server's claim (its demand, capped by its CPU
 * limit) is summed, and only while the sum exceeds the node's allocatable are capacities recomputed by weighted
 * water-filling (nodeShare.ts); otherwise every server runs at its cap. Never schedules: `moved` reschedules.
 */
import type { Micros } from '../../engine/time';
import { shareNodeCpu, type CpuClaim } from './nodeShare';
import type { NodeCpuShare, PodUsage } from './podUsage';

export class NodeCpu implements NodeCpuShare {
  /** Pods on the node with a request server, in the order they got one. */
  private readonly members = new Set<PodUsage>();
  private sum = 0;
  /** The last rebalance found the node oversubscribed: capacities are shares, not caps. */
  private shared = false;
  /** Pods whose lone completion is pending without an event (kept by the TrafficModel, which settles them before any change here). */
  readonly lazy: PodUsage[] = [];

  constructor(
    readonly allocatableMilli: number,
    /** Called for each pod whose server capacity was changed by a rebalance (to reschedule its completion). */
    private readonly moved: (u: PodUsage) => void,
  ) {}

  /** Σ claims, millicores. */
  get claimed(): number {
    return this.sum;
  }

  get oversubscribed(): boolean {
    return this.shared;
  }

  add(u: PodUsage): void {
    this.members.add(u);
    u.claim = 0;
  }

  remove(u: PodUsage, now: Micros): void {
    if (!this.members.delete(u)) return;
    this.sum -= u.claim;
    u.claim = 0;
    if (this.shared) this.rebalance(now);
  }

  /** The pod's demand changed (a request arrived, completed or failed): update the sum, share out if needed. */
  claimChanged(u: PodUsage, claim: number, now: Micros): void {
    this.sum += claim - u.claim;
    u.claim = claim;
    if (this.shared || this.sum > this.allocatableMilli) this.rebalance(now);
  }

  private rebalance(now: Micros): void {
    const members = [...this.members];
    let shares: number[];
    if (this.sum <= this.allocatableMilli) {
      this.shared = false;
      shares = members.map((u) => u.capMilli);
    } else {
      this.shared = true;
      const claims: CpuClaim[] = members.map((u) => ({ demandMilli: u.server!.cpuDemandMilli, requestMilli: u.pod.requests.cpuMilli, limitMilli: u.capMilli }));
      // A pod that wants nothing gets 0; its next request changes its claim, which rebalances at that same instant.
      shares = shareNodeCpu(claims, this.allocatableMilli);
    }
    for (let i = 0; i < members.length; i++) {
      const u = members[i];
      const s = u.server!;
      if (s.capacityMilli === shares[i]) continue;
      s.setCapacity(shares[i], now);
      this.moved(u);
    }
  }
}
