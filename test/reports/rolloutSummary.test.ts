/**
 * The rollout figures of summary.csv: folded from the rollout records as the run streams them, and the same when a
 * finished folder's rollouts.csv is read back (reports/summaryFromFolder.ts); plus the fold's arithmetic.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seconds } from '../../engine/time';
import { TraceSummary, type SummaryRow } from '../../reports/summary';
import { computeSummary } from '../../reports/summaryFromFolder';
import { teeRecorder } from '../../reports/tee';
import { TraceWriter } from '../../reports/traceWriter';
import { Simulation } from '../../models/simulation';
import { loadScenario } from '../../scenarios/load';

const table = (rows: readonly SummaryRow[]) => rows.map((r) => [r.scope, r.namespace, r.name, r.figure, r.value].join(','));

test('rolling-update.yaml: the streamed rows equal the folder read back, rollout rows included', () => {
  const s = loadScenario([path.join('scenarios', 'examples', 'rolling-update.yaml')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-rollouts-'));
  const writer = new TraceWriter(dir, { rollouts: true });
  const streamed = new TraceSummary({ sloMs: null, serviceTrace: true });
  new Simulation(s, teeRecorder(writer, streamed)).runUntil(s.duration);
  writer.commit();
  const rows = table(streamed.figures());
  expect(rows).toContain('Deployment,default,web-plain,rollout_failed_requests,30');
  expect(rows).toContain('Deployment,default,web-graceful,rollout_seconds_max,20');
  expect(rows).toEqual(table(computeSummary(dir, { sloMs: null })));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the fold: count, mean and max duration, the lowest availability in percent, failed + timed out', () => {
  const sum = new TraceSummary({ sloMs: null, serviceTrace: false });
  const row = (start: number, end: number, lowest: number, failed: number, timedOut: number) =>
    sum.rollout({ start: seconds(start), end: seconds(end), namespace: 'default', deployment: 'web', desired: 4, lowestAvailable: lowest, requestsFailed: failed, requestsTimedOut: timedOut });
  row(10, 40, 4, 0, 0);
  row(100, 110, 3, 5, 2);
  // mean (30 + 10) / 2 = 20; max 30; lowest 3 of 4 = 75 %; 0 + 5 + 2 = 7
  expect(table(sum.figures()).filter((r) => r.includes('rollout'))).toEqual([
    'Deployment,default,web,rollouts,2',
    'Deployment,default,web,rollout_seconds_mean,20',
    'Deployment,default,web,rollout_seconds_max,30',
    'Deployment,default,web,rollout_lowest_available_pct,75',
    'Deployment,default,web,rollout_failed_requests,7',
  ]);
});
