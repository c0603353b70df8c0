/**
 * The binpacking estimator (cluster-autoscaler estimator/binpacking_estimator.go `Estimate`; reference §2.3): how
 * many template nodes a group needs for the pending pods, first-fit decreasing. Generic over the "bin" (a simulated
 * template node) so the caller decides what "fits" means (the scheduler's Filter plugins at run time, plain
 * resources in unit tests). Pure.
 */

export interface PodGroup<P> {
  /** The group's pods (an equivalence group: same controller and spec), in k8sim's order (creation, then name). */
  readonly pods: readonly P[];
  /** DecreasingPodOrderer score of the group's sample pod: cpuReq/allocCPU + memReq/allocMem of the template. */
  readonly score: number;
}

export interface BinOps<P, B> {
  /** A new template node (with its DaemonSet pods). */
  newBin(): B;
  fits(pod: P, bin: B): boolean;
  place(pod: P, bin: B): void;
}

export interface Estimate<P> {
  /** Nodes that received pods. */
  readonly nodeCount: number;
  /** Pods placed, in placement order. */
  readonly pods: readonly P[];
}

/**
 * Estimate: groups by decreasing score (stable: equal scores keep the caller's order, [k8sim] since sort.Slice leaves
 * them unspecified); per group, pods first on any node already added (first that fits, in creation order), then the
 * rest: the last added node; if it does not fit and that node is still empty, stop (the pod can never fit);
 * otherwise take a node from the limiter (`maxNodes`) and place the pod on it.
 */
export function estimate<P, B>(groups: readonly PodGroup<P>[], ops: BinOps<P, B>, maxNodes: number): Estimate<P> {
  const ordered = groups.map((g, i) => ({ g, i })).sort((a, b) => b.g.score - a.g.score || a.i - b.i);
  const bins: { bin: B; used: boolean }[] = [];
  const placed: P[] = [];
  for (const { g } of ordered) {
    let k = 0;
    // tryToScheduleOnExistingNodes: stops at the first pod that fits none. The group's pods are alike and bins only
    // fill up, so a bin one pod did not fit is not tried for the next: O(pods + bins) per group.
    let from = 0;
    for (; k < g.pods.length; k++) {
      const pod = g.pods[k];
      while (from < bins.length && !ops.fits(pod, bins[from].bin)) from++;
      if (from === bins.length) break;
      const target = bins[from];
      ops.place(pod, target.bin);
      target.used = true;
      placed.push(pod);
    }
    // tryToScheduleOnNewNodes.
    for (; k < g.pods.length; k++) {
      const pod = g.pods[k];
      const last = bins.length > 0 ? bins[bins.length - 1] : undefined;
      if (last !== undefined && ops.fits(pod, last.bin)) {
        ops.place(pod, last.bin);
        last.used = true;
        placed.push(pod);
        continue;
      }
      if (last !== undefined && !last.used) break;
      if (bins.length >= maxNodes) break;
      const fresh = { bin: ops.newBin(), used: false };
      bins.push(fresh);
      if (ops.fits(pod, fresh.bin)) {
        ops.place(pod, fresh.bin);
        fresh.used = true;
        placed.push(pod);
      }
    }
  }
  return { nodeCount: bins.filter((b) => b.used).length, pods: placed };
}
