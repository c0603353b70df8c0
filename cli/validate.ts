/** `k8sim validate`: load and check the scenario without running it; prints what it found. */
import { loadScenario } from '../scenarios/load';
import { reportFailure } from './failure';
import { formatGoDuration } from '../engine/time';

export function validateCommand(paths: readonly string[]): number {
  try {
    const s = loadScenario([...paths], {});
    for (const w of s.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(
      `k8sim: ${s.files.length} file(s) valid: scenario "${s.name}", seed ${s.seed}, duration ${formatGoDuration(s.duration)}, ` +
        `${s.nodes.length} nodes, ${s.workloads.length + s.daemonSets.length + s.statefulSets.length} workloads, ${s.pods.length} bare pods, ${s.services.length} services, ${s.traffic.length} traffic sources, ` +
        `${s.autoscalers.length} autoscalers, ${s.behaviors.length} behaviors, ${s.timeline.length} timed actions, ` +
        `${s.jobs.length} jobs, ${s.cronJobs.length} cronjobs
`,
    );
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
