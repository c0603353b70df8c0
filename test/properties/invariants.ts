/**
 * The invariants every run must keep, checked on the trace rows a MemoryRecorder holds (the same rows the CSV
 * writers print). Each returns the first violation as a readable line, or undefined.
 */
import type { MemoryRecorder } from '../../models/recorder';
import type { RequestOutcome, ServiceTotals } from '../../models/service';

/** A pod is bound to at most one node for its whole life (no pod on two nodes, at once or one after the other). */
export function onePodOneNode(rec: MemoryRecorder): string | undefined {
  const nodeOf = new Map<string, string>();
  for (const r of rec.pods) {
    if (r.node === '') continue;
    const key = `${r.namespace}/${r.pod}`;
    const n = nodeOf.get(key);
    if (n === undefined) nodeOf.set(key, r.node);
    else if (n !== r.node) return `pod ${key} on ${n} and then on ${r.node} at ${r.time} µs`;
  }
  return undefined;
}

/** A node's summed pod requests (cpu, memory, pod count) never exceed its allocatable, in every nodes.csv row. */
export function requestsWithinAllocatable(rec: MemoryRecorder): string | undefined {
  for (const r of rec.nodes) {
    if (r.cpuRequestedMilli > r.cpuAllocatableMilli) return `node ${r.node} at ${r.time} µs: cpu requested ${r.cpuRequestedMilli}m > allocatable ${r.cpuAllocatableMilli}m`;
    if (r.memoryRequestedBytes > r.memoryAllocatableBytes) return `node ${r.node} at ${r.time} µs: memory requested ${r.memoryRequestedBytes} > allocatable ${r.memoryAllocatableBytes}`;
    if (r.pods > r.podsAllocatable) return `node ${r.node} at ${r.time} µs: ${r.pods} pods > allocatable ${r.podsAllocatable}`;
  }
  return undefined;
}

/**
 * Every HPA sync's desired replicas lie within [minReplicas, maxReplicas]; 0 only when the target is at 0 replicas
 * (horizontal.go: autoscaling is disabled then and desired = current = 0).
 */
export function hpaWithinBounds(rec: MemoryRecorder, bounds: ReadonlyMap<string, { min: number; max: number }>): string | undefined {
  for (const r of rec.hpas) {
    const b = bounds.get(r.hpa);
    if (b === undefined) return `hpa.csv row of an unknown HPA ${r.hpa}`;
    if (r.desiredReplicas === 0 && r.currentReplicas === 0) continue;
    if (r.desiredReplicas < b.min || r.desiredReplicas > b.max) return `HPA ${r.hpa} at ${r.time} µs: desired ${r.desiredReplicas} outside [${b.min}, ${b.max}]`;
  }
  return undefined;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/**
 * Each pod's phase sequence (pod-level rows) is legal: Pending → Running → Succeeded/Failed (Pending may go straight
 * to a terminal phase), never back from Running to Pending nor out of a terminal phase; Unknown only while the pod's
 * node is not Ready (its last nodes.csv row at or before the time says so), and after Unknown the pod goes on as if
 * from the phase it had before.
 */
export function legalPhases(rec: MemoryRecorder): string | undefined {
  const nodeReady = new Map<string, string>();
  const last = new Map<string, string>(); // last non-Unknown phase of each pod
  // Node rows and pod rows are merged by time; at one instant the node rows first (a node change precedes its pods').
  const events: ({ t: number; node: (typeof rec.nodes)[number] } | { t: number; pod: (typeof rec.pods)[number] })[] = [];
  for (const n of rec.nodes) events.push({ t: n.time, node: n });
  for (const p of rec.pods) if (p.container === '') events.push({ t: p.time, pod: p });
  events.sort((a, b) => a.t - b.t || ('node' in a ? 0 : 1) - ('node' in b ? 0 : 1));
  for (const e of events) {
    if ('node' in e) {
      nodeReady.set(e.node.node, e.node.ready);
      continue;
    }
    const r = e.pod;
    const key = `${r.namespace}/${r.pod}`;
    if (r.phase === 'Unknown') {
      // No exception for the `Deleted` row: a pod deleted while its node was away is removed by the kubelet when the
      // node returns, after the kubelet has published its final status (test/properties/invariants.test.ts).
      if (nodeReady.get(r.node) === 'True') return `pod ${key} Unknown at ${r.time} µs on ${r.node}, a Ready node`;
      continue;
    }
    const prev = last.get(key);
    last.set(key, r.phase);
    if (prev === undefined || prev === r.phase) continue;
    if (TERMINAL.has(prev)) return `pod ${key} left terminal phase ${prev} for ${r.phase} at ${r.time} µs`;
    if (prev === 'Running' && r.phase === 'Pending') return `pod ${key} went back from Running to Pending at ${r.time} µs`;
    if (!['Pending', 'Running', 'Succeeded', 'Failed'].includes(r.phase)) return `pod ${key} has phase ${r.phase}`;
  }
  return undefined;
}

/** Every trace's rows are in time order (rollouts: by end time, written when they end). */
export function timeNeverBackwards(rec: MemoryRecorder): string | undefined {
  const traces: [string, readonly { time: number }[]][] = [
    ['pods', rec.pods],
    ['events', rec.events],
    ['nodes', rec.nodes],
    ['workloads', rec.workloads],
    ['services', rec.services],
    ['pod_metrics', rec.podMetricRows],
    ['requests', rec.requests],
    ['hpa', rec.hpas],
  ];
  for (const [name, rows] of traces) {
    for (let i = 1; i < rows.length; i++) if (rows[i].time < rows[i - 1].time) return `${name}: row ${i} at ${rows[i].time} µs after a row at ${rows[i - 1].time} µs`;
  }
  return undefined;
}

/**
 * Every request is counted once, in one outcome: per Service, the requests.csv rows of each outcome equal the
 * services.csv interval sums and the Service's totals (summary), and arrivals = outcomes + requests still open at the
 * end (≥ 0).
 */
export function requestsCountedOnce(rec: MemoryRecorder, totals: ReadonlyMap<string, ServiceTotals>): string | undefined {
  const outcomes: RequestOutcome[] = ['success', 'timeout', 'rejected', 'no_endpoints', 'failed'];
  for (const [svc, tot] of totals) {
    const fromRequests: Record<string, number> = { success: 0, timeout: 0, rejected: 0, no_endpoints: 0, failed: 0 };
    // One row per attempt: a request's client-visible outcome is its final attempt's.
    for (const r of rec.requests) if (r.final && `${r.namespace}/${r.service}` === svc) fromRequests[r.outcome] = (fromRequests[r.outcome] ?? 0) + 1;
    const fromServices: Record<string, number> = { arrivals: 0, success: 0, timeout: 0, rejected: 0, no_endpoints: 0, failed: 0 };
    for (const s of rec.services) {
      if (`${s.namespace}/${s.service}` !== svc) continue;
      fromServices.arrivals += s.arrivals;
      fromServices.success += s.completed;
      fromServices.timeout += s.timeout;
      fromServices.rejected += s.rejected;
      fromServices.no_endpoints += s.noEndpoints;
      fromServices.failed += s.failed;
    }
    let ended = 0;
    for (const o of outcomes) {
      if (fromRequests[o] !== tot[o] || fromServices[o] !== tot[o]) return `Service ${svc}: ${o} requests.csv ${fromRequests[o]}, services.csv ${fromServices[o]}, totals ${tot[o]}`;
      ended += tot[o];
    }
    if (fromServices.arrivals !== tot.arrivals) return `Service ${svc}: arrivals services.csv ${fromServices.arrivals}, totals ${tot.arrivals}`;
    if (ended > tot.arrivals) return `Service ${svc}: ${ended} outcomes for ${tot.arrivals} arrivals`;
    const unknown = rec.requests.filter((r) => !(outcomes as string[]).includes(r.outcome));
    if (unknown.length > 0) return `request outcome ${unknown[0].outcome} is none of ${outcomes.join(', ')}`;
  }
  return undefined;
}
