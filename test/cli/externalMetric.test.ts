/**
 * An External metric replayed from the user's CSV (ExternalMetric document) drives the HPA in a run:
 * test/fixtures/external/queue-worker.yaml, target AverageValue 30 messages per pod, min 1, max 10, legacy path.
 * The series (step interpolation): 0 until 60 s, 300 from 60 s, 30 from 300 s.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

const dir = tempDir();
const r = k8sim(['run', 'test/fixtures/external/queue-worker.yaml', '--out', dir, '--quiet']);
if (r.code !== 0) throw new Error(r.stderr);
const hpa = readCsv(path.join(dir, 'hpa.csv'));
const at = (t: number) => hpa.find((x) => Number(x.time_s) === t)!;
const cols = (t: number) => ['current_replicas', 'metric1_value', 'metric1_proposal', 'desired_replicas'].map((c) => at(t)[c]);

test('300 messages: ratio 300 / (30 × replicas); the legacy up-limit max(2 × current, 4) gives 1 → 4 → 8 → 10 (max)', () => {
  // 60 s: 300 / (30 × 1) = 10 → proposal ceil(10 × 1) = 10, limited to 4. metric1_value is the per-pod average in
  // milli-units: 300,000 / 1.
  expect(cols(60)).toEqual(['1', '300000', '10', '4']);
  // 75 s: 300 / (30 × 4) = 2.5 → ceil(2.5 × 4) = 10, limited to max(8, 4) = 8; per pod 75,000.
  expect(cols(75)).toEqual(['4', '75000', '10', '8']);
  // 90 s: 300 / (30 × 8) = 1.25 → 10, within the limit 16 and equal to maxReplicas.
  expect(cols(90)).toEqual(['8', '37500', '10', '10']);
  // 105 s: 300 / (30 × 10) = 1: on target.
  expect(cols(105)).toEqual(['10', '30000', '10', '10']);
});

test('30 messages from 300 s: proposal 1, held by the 5-minute window until the last 10 (at 285 s) ages out at 600 s', () => {
  // 300 s: 30 / (30 × 10) = 0.1 → ceil(0.1 × 10) = 1; the window still holds the 10 recommended at 285 s.
  expect(cols(300)).toEqual(['10', '3000', '1', '10']);
  expect(cols(585)).toEqual(['10', '3000', '1', '10']); // cutoff 285: the 285 s recommendation is not before it
  expect(cols(600)).toEqual(['10', '3000', '1', '1']); // cutoff 300: only 1s left
  expect(cols(615)).toEqual(['1', '30000', '1', '1']);
});

test('a bad series line is located in the CSV file', () => {
  const d = tempDir();
  const fs = require('node:fs') as typeof import('node:fs');
  fs.writeFileSync(path.join(d, 's.yaml'), fs.readFileSync('test/fixtures/external/queue-worker.yaml', 'utf8'));
  fs.writeFileSync(path.join(d, 'queue.csv'), 'time_s,value\n0,0\n60,many\n');
  const bad = k8sim(['run', path.join(d, 's.yaml'), '--out', path.join(d, 'out')]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/queue\.csv:3: value must be a number ≥ 0, got "many"/);
});

test('ContainerResource on a single-container pod decides exactly as Resource (the pod sample is the container sample)', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const d = tempDir();
  const text = fs
    .readFileSync('scenarios/examples/hpa-walkthrough.yaml', 'utf8')
    .replace(/- type: Resource\n      resource:\n        name: cpu/, '- type: ContainerResource\n      containerResource:\n        name: cpu\n        container: php-apache');
  expect(text).toContain('containerResource');
  fs.writeFileSync(path.join(d, 'w.yaml'), text);
  const a = k8sim(['run', 'scenarios/examples/hpa-walkthrough.yaml', '--out', path.join(d, 'a'), '--quiet']);
  const b = k8sim(['run', path.join(d, 'w.yaml'), '--out', path.join(d, 'b'), '--quiet']);
  expect([a.code, b.code]).toEqual([0, 0]);
  const seq = (o: string) => readCsv(path.join(d, o, 'hpa.csv')).map((x) => `${x.time_s} ${x.metric1_value} ${x.desired_replicas}`);
  expect(seq('b')).toEqual(seq('a'));
});
