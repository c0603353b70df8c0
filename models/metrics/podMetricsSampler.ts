/**
 * pod_metrics.csv: every pod with a started app container, every sampleInterval (t = 0 to the end, inclusive) at
 * SAMPLE priority: CPU used over the interval, its request and utilization, memory, requests in flight, and what
 * the metrics pipeline serves. Only scenarios that model usage (a Traffic, or a Behavior with `resources`) get rows.
 */
import type { SimContext } from '../context';
import type { Recorder } from '../recorder';
import { scheduleSampling, type SamplingConfig } from '../sampling';
import type { TrafficModel } from '../traffic/trafficModel';
import type { MetricsPipeline } from './pipeline';

export function schedulePodMetricsSampling(ctx: SimContext, config: SamplingConfig, recorder: Recorder, traffic: TrafficModel, metrics: MetricsPipeline): void {
  scheduleSampling(ctx.clock, 'sample/pod-metrics', config, (at) => {
    // forEach, not for-of: no entry array and result object per pod (the same insertion order).
    traffic.pods.forEach((u, pod) => {
      if (pod.removed || pod.terminal) return;
      // Exact integers (millicore-µs over µs) until this one division.
      const used = u.totalUsage(at);
      const dt = at - u.sampledAt;
      const cpu = dt > 0 ? (used - u.sampledUsage) / dt : 0;
      u.sampledUsage = used;
      u.sampledAt = at;
      const request = pod.requests.cpuMilli;
      const { namespace, name } = pod.metadata;
      recorder.podMetrics?.({
        time: at,
        namespace,
        pod: name,
        cpuUsageMilli: cpu,
        cpuRequestMilli: request,
        cpuUtilizationPct: request > 0 ? (cpu * 100) / request : undefined,
        memoryBytes: u.memoryBytes(at),
        inFlight: u.inFlight,
        metricsServerCpuMilli: metrics.cpuMilliOf(pod, at),
      });
    });
  });
}
