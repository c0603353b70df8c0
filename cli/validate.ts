/** `k8sim validate`: load and check the scenario without running it; prints what it found. */
import { loadScenario } from '../scenarios/load';
import { reportFailure, strictFailure, warningLine } from './failure';
import { formatGoDuration } from '../engine/time';
import type { ResolvedScenario } from '../scenarios/types';

export function validateCommand(paths: readonly string[], o: { readonly strict?: boolean } = {}): number {
  try {
    const s = loadScenario([...paths], {});
    if (o.strict && s.warnings.length > 0) return strictFailure(s.warnings);
    for (const w of s.warnings) process.stderr.write(warningLine(w));
    process.stdout.write(
      `k8sim: ${s.files.length} file(s) valid: scenario "${s.name}", seed ${s.seed}, duration ${formatGoDuration(s.duration)}, ` +
        `${s.nodes.length} nodes, ${s.workloads.length + s.daemonSets.length + s.statefulSets.length} workloads, ${s.pods.length} bare pods, ${staticPods(s)}${s.services.length} services, ${s.traffic.length} traffic sources, ` +
        `${s.autoscalers.length} autoscalers, ${s.behaviors.length} behaviors, ${s.timeline.length} timed actions, ` +
        `${s.jobs.length} jobs, ${s.cronJobs.length} cronjobs${policyCounts(s)}${schedulingCounts(s)}\n`,
    );
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}

/** PodDisruptionBudgets, ResourceQuotas and LimitRanges (issue #8), named only when the scenario has some. */
function policyCounts(s: { podDisruptionBudgets: readonly unknown[]; resourceQuotas: readonly unknown[]; limitRanges: readonly unknown[] }): string {
  const parts: string[] = [];
  if (s.podDisruptionBudgets.length > 0) parts.push(`${s.podDisruptionBudgets.length} disruption budgets`);
  if (s.resourceQuotas.length > 0) parts.push(`${s.resourceQuotas.length} resource quotas`);
  if (s.limitRanges.length > 0) parts.push(`${s.limitRanges.length} limit ranges`);
  return parts.map((p) => `, ${p}`).join('');
}

/** PriorityClasses and the KubeSchedulerConfiguration's profiles (issue #9), named only when the scenario has some. */
function schedulingCounts(s: ResolvedScenario): string {
  const parts: string[] = [];
  const classes = s.scheduler.priorityClasses?.length ?? 0;
  if (classes > 0) parts.push(`${classes} priority classes`);
  if (s.scheduler.profiles) parts.push(`${s.scheduler.profiles.length} scheduler profiles (${s.scheduler.profiles.map((p) => p.schedulerName).join(', ')})`);
  return parts.map((p) => `, ${p}`).join('');
}

/** `N static pods, ` when node pools run static pods (ResolvedNode.staticPods), else nothing. */
function staticPods(s: ResolvedScenario): string {
  const n = s.nodes.reduce((sum, node) => sum + (node.staticPods?.length ?? 0), 0);
  return n > 0 ? `${n} static pods, ` : '';
}
