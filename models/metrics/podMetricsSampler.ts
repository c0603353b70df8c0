/**
 * pod_metrics.csv: every pod with a started app container, every sampleInterval (t = 0 to the end, inclusive) at
 * SAMPLE priority: CPU used over the interval, its request and utilization, memory, requests in flight, and what
 * the metrics pipeline serves. Only scenarios that model usage (a Traffic, or a Behavior with `resources`) get rows.
 */
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import type { TrafficModel } from '../traffic/trafficModel';
import type { MetricsPipeline } from './pipeline';

export function schedulePodMetricsSampling(ctx: SimContext, traffic: TrafficModel, metrics: MetricsPipeline): void {
  const interval = ctx.scenario.sampleInterval;
  const type = ctx.sim.register<number>('sample/pod-metrics', (at) => {
    for (const [pod, u] of traffic.pods) {
      if (pod.removed || pod.terminal) continue;
      // Exact integers (millicore-µs over µs) until this one division.
      const used = u.totalUsage(at);
      const dt = at - u.sampledAt;
      const cpu = dt > 0 ? (used - u.sampledUsage) / dt : 0;
      u.sampledUsage = used;
      u.sampledAt = at;
      const request = pod.requests.cpuMilli;
      ctx.recorder.podMetrics?.({
        time: at,
        namespace: pod.namespace,
        pod: pod.name,
        cpuUsageMilli: cpu,
        cpuRequestMilli: request,
        cpuUtilizationPct: request > 0 ? (cpu * 100) / request : undefined,
        memoryBytes: u.memoryBytes(at),
        inFlight: u.inFlight,
        metricsServerCpuMilli: metrics.metric(pod.namespace, pod.name, at)?.cpuMilli,
      });
    }
    const next = at + interval;
    if (next <= ctx.scenario.duration) ctx.sim.scheduleAt(next, type, next, Priority.SAMPLE);
  });
  ctx.sim.scheduleAt(0, type, 0, Priority.SAMPLE);
}
