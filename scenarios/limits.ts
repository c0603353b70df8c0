/**
 * The documented limits of a scenario (docs/limits.md): the largest durations, rates, replica, node and pod counts
 * and ports k8sim accepts. `validate` and `run` refuse input beyond them with one located line, so nothing hangs or
 * loses exactness silently. Numbers only, and the one-line wording of each limit; no kind's rules.
 */
import { US_PER_HOUR, type Micros } from '../engine/time';

/**
 * The longest duration any field (or `--duration`) may give: 100 years, 876,000h. Virtual time is integer µs in a
 * JS number, exact up to 2^53 µs (about 285 years, engine/time.ts): a run of at most 100 years keeps every time it
 * schedules — the run's end plus any back-off, timeout or schedule, each itself at most 100 years — exact.
 */
export const MAX_DURATION = (876_000 * US_PER_HOUR) as Micros;

/**
 * The most sample rounds a run may take (duration / sampleInterval): each round writes one row per pod, node and
 * workload, so this bounds the size of the traces. At the default 10s interval, about 115 days; raise sampleInterval for
 * longer runs.
 */
export const MAX_SAMPLES = 1_000_000;

/** The highest request rate of one Traffic document, in requests per second (its peak, in every profile form). */
export const MAX_RPS = 1_000_000;

/**
 * Kubernetes' documented scalability limits (kubernetes.io "Considerations for large clusters": 5,000 nodes,
 * 150,000 pods) with 2× headroom: the most nodes (written, in pools, or a node group's max) and the most pods
 * (a workload's replicas, an HPA's maxReplicas, bare pods; the scenario's total of replicas) a scenario may ask for.
 */
export const MAX_NODES = 10_000;
export const MAX_PODS = 300_000;

/** A TCP/UDP port: 1–65535 (validation.IsValidPortNum). */
export const MIN_PORT = 1;
export const MAX_PORT = 65_535;

/** `(docs/limits.md)`: appended to every limit message so the user finds the table. */
export const LIMITS_DOC = 'docs/limits.md';

/** The problem text for a count above its limit: `expected at most 300,000 (docs/limits.md), got 123456789`. */
export function aboveLimit(what: string, limit: number, got: number | string): string {
  return `${what}: expected at most ${limit.toLocaleString('en-US')} (k8sim's limit, ${LIMITS_DOC}), got ${typeof got === 'number' ? got : got}`;
}
