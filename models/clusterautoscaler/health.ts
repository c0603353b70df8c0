/**
 * Cluster health (cluster-autoscaler clusterstate/clusterstate.go `IsClusterHealthy`, `IsNodeGroupHealthy`;
 * reference §2.9). Pure.
 */

/**
 * Unhealthy iff `unready > okTotalUnreadyCount` and `unready > maxTotalUnreadyPercentage/100 × registered`, where
 * `unready` leaves out NotStarted nodes (created less than max-node-startup-time ago) and nodes being deleted.
 */
export function isClusterHealthy(registered: number, unready: number, s: { readonly okTotalUnreadyCount: number; readonly maxTotalUnreadyPercentage: number }): boolean {
  return !(unready > s.okTotalUnreadyCount && unready > (s.maxTotalUnreadyPercentage / 100) * registered);
}
