/**
 * One Recorder that hands every record to several (the trace writer and the streaming summary), in the order given,
 * so each sees the run's records in the same order. Forwards only; never changes, buffers or drops a record.
 * Indexed loops, so no array iterator can be made per record (issue #13); the allocation profile shows the targets'
 * own work inlined here (the trace writer's row text), not the loop.
 */
import type { Recorder } from '../models/recorder';

export function teeRecorder(...targets: readonly Partial<Recorder>[]): Recorder {
  return {
    pod(r) {
      for (let i = 0; i < targets.length; i++) targets[i].pod?.(r);
    },
    event(r) {
      for (let i = 0; i < targets.length; i++) targets[i].event?.(r);
    },
    node(r) {
      for (let i = 0; i < targets.length; i++) targets[i].node?.(r);
    },
    workload(r) {
      for (let i = 0; i < targets.length; i++) targets[i].workload?.(r);
    },
    service(r) {
      for (let i = 0; i < targets.length; i++) targets[i].service?.(r);
    },
    podMetrics(r) {
      for (let i = 0; i < targets.length; i++) targets[i].podMetrics?.(r);
    },
    request(r) {
      for (let i = 0; i < targets.length; i++) targets[i].request?.(r);
    },
    hpa(r) {
      for (let i = 0; i < targets.length; i++) targets[i].hpa?.(r);
    },
    rollout(r) {
      for (let i = 0; i < targets.length; i++) targets[i].rollout?.(r);
    },
    nodeAutoscaler(r) {
      for (let i = 0; i < targets.length; i++) targets[i].nodeAutoscaler?.(r);
    },
    kubectl(r) {
      for (let i = 0; i < targets.length; i++) targets[i].kubectl?.(r);
    },
    scheduling(r) {
      for (let i = 0; i < targets.length; i++) targets[i].scheduling?.(r);
    },
  };
}
