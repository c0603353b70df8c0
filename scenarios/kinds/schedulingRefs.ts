/**
 * Cross-document checks of what pod templates name for scheduling, run once every document is read: a
 * priorityClassName must name a PriorityClass of the scenario or a built-in system class (the priority admission
 * plugin would refuse every pod: FailedCreate), and a scheduled pod's schedulerName must name a scheduler profile
 * (upstream leaves such a pod Pending forever; k8sim refuses the scenario instead). Reads only.
 */
import type { ResolvedPodTemplate } from '../../models/cluster/spec';
import { DEFAULT_SCHEDULER_NAME } from '../../models/scheduler/config';
import { templateSpecAt } from '../podTemplate';
import type { ScenarioDraft } from './draft';
import { SYSTEM_PRIORITY_CLASSES } from './priorityClass';

export function checkSchedulingReferences(draft: ScenarioDraft): void {
  const classes = [...draft.priorityClasses.map((c) => c.spec.name), ...SYSTEM_PRIORITY_CLASSES];
  const profiles = draft.schedulerConfig?.profiles.map((p) => p.schedulerName) ?? [DEFAULT_SCHEDULER_NAME];
  // Static pods are run by their kubelet, never scheduled.
  const staticRaws = new Set<unknown>(draft.nodes.flatMap((n) => (n.staticPods ?? []).map((p) => p.template.raw)));
  const templates: ResolvedPodTemplate[] = draft.podSources().map((s) => s.template);
  for (const a of draft.timeline) if (a.action === 'apply') templates.push(...a.deployments.map((d) => d.workload.template));
  const seen = new Set<unknown>();
  for (const t of templates) {
    if (seen.has(t.raw)) continue;
    seen.add(t.raw);
    const at = templateSpecAt(t);
    if (!at) continue;
    const pc = t.spec.priorityClassName;
    if (pc !== undefined && !classes.includes(pc)) {
      at.doc.fail([...at.path, 'priorityClassName'], `no PriorityClass with name ${pc} was found (PriorityClasses: ${classes.join(', ')})`);
    }
    const name = t.spec.schedulerName;
    if (t.spec.nodeName === undefined && !staticRaws.has(t.raw) && !profiles.includes(name)) {
      at.doc.fail(
        [...at.path, 'schedulerName'],
        `no scheduler profile named ${JSON.stringify(name)} (profiles: ${profiles.join(', ')}); a real cluster would leave the pod Pending forever`,
      );
    }
  }
}
