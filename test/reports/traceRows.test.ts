/**
 * TraceWriter writes pods.csv and events.csv rows as text it joins itself (reports/traceWriter.ts pod, event): each
 * file must be byte for byte what CsvFile.write() of the row's cells writes (the plain path, whose equivalence with
 * csv-stringify test/reports/csvFile.test.ts checks), for any cell text and for times repeated or not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { CsvFile } from '../../reports/csvFile';
import { bool, int, time } from '../../reports/format';
import { EVENT_COLUMNS, POD_COLUMNS, TraceWriter } from '../../reports/traceWriter';
import { micros } from '../../engine/time';
import type { EventRecord, PodRecord } from '../../models/recorder';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-rows-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Text rich in the characters that decide quoting; times from a few values so consecutive rows often share one.
const text = fc.array(fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', '-', 'é', '😀', '\udc00'), { maxLength: 5 }).map((cs) => cs.join(''));
const at = fc.constantFrom(0, 1, 1_500_000, 3_600_000_000).map(micros);
const maybeInt = fc.option(fc.integer({ min: -3, max: 300 }), { nil: undefined });
const podRecord: fc.Arbitrary<PodRecord> = fc.record({
  time: at,
  namespace: text,
  pod: text,
  node: text,
  phase: text,
  ready: fc.boolean(),
  status: text,
  container: text,
  containerState: text,
  reason: text,
  exitCode: maybeInt,
  restarts: maybeInt,
});
const eventRecord: fc.Arbitrary<EventRecord> = fc.record({
  time: at,
  type: fc.constantFrom('Normal' as const, 'Warning' as const),
  reason: text,
  kind: text,
  namespace: text,
  name: text,
  fieldPath: text,
  message: text,
  count: fc.integer({ min: 1, max: 1000 }),
  source: text,
});

let n = 0;
test('pods.csv and events.csv are what CsvFile.write() of the cells writes', () => {
  fc.assert(
    fc.property(fc.array(podRecord, { maxLength: 6 }), fc.array(eventRecord, { maxLength: 6 }), (pods, events) => {
      const out = path.join(dir, `w${n}`);
      const w = new TraceWriter(out);
      for (const r of pods) w.pod(r);
      for (const r of events) w.event(r);
      w.commit();
      const ref = path.join(dir, `r${n++}`);
      fs.mkdirSync(ref);
      const p = new CsvFile(ref, 'pods.csv', POD_COLUMNS);
      for (const r of pods) p.write([time(r.time), r.namespace, r.pod, r.node, r.phase, bool(r.ready), r.status, r.container, r.containerState, r.reason, int(r.exitCode), int(r.restarts)]);
      p.commit();
      const e = new CsvFile(ref, 'events.csv', EVENT_COLUMNS);
      for (const r of events) e.write([time(r.time), r.type, r.reason, r.kind, r.namespace, r.name, r.fieldPath, r.message, int(r.count), r.source]);
      e.commit();
      for (const f of ['pods.csv', 'events.csv']) expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(fs.readFileSync(path.join(ref, f), 'utf8'));
      expect(w.rowCounts()['pods.csv']).toBe(pods.length);
      expect(w.rowCounts()['events.csv']).toBe(events.length);
    }),
    { numRuns: 200 },
  );
});
