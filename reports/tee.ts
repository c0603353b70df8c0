/**
 * One Recorder that hands every record to several (the trace writer and the streaming summary), in the order given,
 * so each sees the run's records in the same order. Forwards only; never changes, buffers or drops a record.
 */
import type { Recorder } from '../models/recorder';

export function teeRecorder(...targets: readonly Partial<Recorder>[]): Recorder {
  return {
    pod(r) {
      for (const t of targets) t.pod?.(r);
    },
    event(r) {
      for (const t of targets) t.event?.(r);
    },
    node(r) {
      for (const t of targets) t.node?.(r);
    },
    workload(r) {
      for (const t of targets) t.workload?.(r);
    },
    service(r) {
      for (const t of targets) t.service?.(r);
    },
    podMetrics(r) {
      for (const t of targets) t.podMetrics?.(r);
    },
    request(r) {
      for (const t of targets) t.request?.(r);
    },
    hpa(r) {
      for (const t of targets) t.hpa?.(r);
    },
    rollout(r) {
      for (const t of targets) t.rollout?.(r);
    },
    nodeAutoscaler(r) {
      for (const t of targets) t.nodeAutoscaler?.(r);
    },
    kubectl(r) {
      for (const t of targets) t.kubectl?.(r);
    },
    scheduling(r) {
      for (const t of targets) t.scheduling?.(r);
    },
  };
}
