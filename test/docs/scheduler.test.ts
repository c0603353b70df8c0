/**
 * docs/scheduler.md stays true to the code: its plugin table lists exactly the plugins k8sim runs
 * (models/scheduler/config.ts PLUGIN_NAMES) with their default weights, and every reason string the scheduler
 * prints appears in it verbatim (users grep for them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SCORE_WEIGHTS, INERT_PLUGIN_NAMES, PLUGIN_NAMES } from '../../models/scheduler/config';
import * as filter from '../../models/scheduler/filter';
import { NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL } from '../../models/scheduler/fitError';
import { NOT_ELIGIBLE_NEVER, NOT_ELIGIBLE_TERMINATING } from '../../models/scheduler/plugins/defaultPreemption';
import * as ipa from '../../models/scheduler/plugins/interPodAffinity';
import { REASON_AFFINITY_CONFLICT } from '../../models/scheduler/plugins/nodeAffinity';
import { REASON_CONSTRAINTS_NOT_MATCH, REASON_NODE_LABEL_NOT_MATCH } from '../../models/scheduler/plugins/podTopologySpread';

const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'scheduler.md'), 'utf8');

/** The text of the `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The plugin table's rows: the backquoted name of the first cell → the weight cell. */
function pluginRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of section('Plugins').split('\n')) {
    const m = /^\| `([A-Za-z]+)` \|[^|]*\| ([^|]+) \|/.exec(line);
    if (m) rows.set(m[1], m[2].trim());
  }
  return rows;
}

test('the plugin table of docs/scheduler.md lists every plugin of PLUGIN_NAMES, in order, and no other', () => {
  expect([...pluginRows().keys()]).toEqual([...PLUGIN_NAMES]);
});

test('the plugin table gives each score plugin its default weight and the others none', () => {
  const rows = pluginRows();
  const weights = new Map(DEFAULT_SCORE_WEIGHTS.map((w) => [w.name as string, String(w.weight)]));
  for (const name of PLUGIN_NAMES) expect({ name, weight: rows.get(name) }).toEqual({ name, weight: weights.get(name) ?? '—' });
});

test('docs/scheduler.md names the upstream plugins k8sim accepts without effect', () => {
  for (const name of INERT_PLUGIN_NAMES) expect({ name, named: doc.includes(`\`${name}\``) }).toEqual({ name, named: true });
});

test('every reason string the scheduler prints appears verbatim in docs/scheduler.md', () => {
  const reasons = [
    filter.REASON_UNSCHEDULABLE,
    filter.REASON_NODE_NAME,
    filter.REASON_NODE_AFFINITY,
    filter.REASON_TOO_MANY_PODS,
    filter.REASON_INSUFFICIENT_CPU,
    filter.REASON_INSUFFICIENT_MEMORY,
    filter.untoleratedTaintReason({ key: '<key>', value: '<value>', effect: 'NoSchedule' }),
    REASON_AFFINITY_CONFLICT,
    REASON_CONSTRAINTS_NOT_MATCH,
    REASON_NODE_LABEL_NOT_MATCH,
    ipa.ERR_REASON_AFFINITY_RULES_NOT_MATCH,
    ipa.ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
    ipa.ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
    NO_PREEMPTION_VICTIMS,
    PREEMPTION_NOT_HELPFUL,
    `preemption: ${NOT_ELIGIBLE_NEVER}`,
    `preemption: ${NOT_ELIGIBLE_TERMINATING}`,
  ];
  for (const reason of reasons) expect({ reason, documented: doc.includes(reason) }).toEqual({ reason, documented: true });
});
