/**
 * Node utilization for scale-down (cluster-autoscaler simulator/utilization/info.go `Calculate`,
 * `CalculateUtilizationOfResource`; reference §3.2) and its Go rendering in events. Pure.
 */

export interface UtilizationPod {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly daemonSet: boolean;
  readonly mirror: boolean;
  /** Terminating for longer than its grace period + 30 s (drain.IsPodLongTerminating): ignored. */
  readonly longTerminating: boolean;
}

export interface UtilizationInfo {
  readonly cpu: number;
  readonly memory: number;
  readonly resourceName: 'cpu' | 'memory';
  readonly utilization: number;
}

function ofResource(allocatable: number, pods: readonly UtilizationPod[], pick: (p: UtilizationPod) => number, skipDs: boolean, skipMirror: boolean): number {
  if (allocatable === 0) return 0;
  let requested = 0;
  let skipped = 0;
  for (const p of pods) {
    if (skipDs && p.daemonSet) {
      skipped += pick(p);
      continue;
    }
    if (skipMirror && p.mirror) {
      skipped += pick(p);
      continue;
    }
    if (p.longTerminating) continue;
    requested += pick(p);
  }
  return requested / (allocatable - skipped);
}

/** util_r = Σ requests / (allocatable − skipped requests); utilization = the larger (memory wins ties). */
export function calculateUtilization(
  allocatable: { readonly cpuMilli: number; readonly memoryBytes: number },
  pods: readonly UtilizationPod[],
  flags: { readonly ignoreDaemonsetsUtilization: boolean; readonly ignoreMirrorPodsUtilization: boolean },
): UtilizationInfo {
  const cpu = ofResource(allocatable.cpuMilli, pods, (p) => p.cpuMilli, flags.ignoreDaemonsetsUtilization, flags.ignoreMirrorPodsUtilization);
  const memory = ofResource(allocatable.memoryBytes, pods, (p) => p.memoryBytes, flags.ignoreDaemonsetsUtilization, flags.ignoreMirrorPodsUtilization);
  return cpu > memory ? { cpu, memory, resourceName: 'cpu', utilization: cpu } : { cpu, memory, resourceName: 'memory', utilization: memory };
}

/** Go's %v of a float64: shortest digits, exponent form below 1e-4 or from 1e21 (strconv 'g', shortest). */
export function goFloat(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = x.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(x);
}

/** utilization.Info rendered by %v: `{CpuUtil MemUtil GpuUtil DynamicResourceUtil ResourceName Utilization}`. */
export function formatUtilization(u: UtilizationInfo): string {
  return `{${goFloat(u.cpu)} ${goFloat(u.memory)} 0 0 ${u.resourceName} ${goFloat(u.utilization)}}`;
}
