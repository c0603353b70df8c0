/**
 * Retries in the traces: services.csv's retry columns (only when a Traffic retries), requests.csv's request /
 * attempt / final columns, and the retry amplification figures of summary.csv, streamed and read back from the
 * folder alike. The run is the budget case of test/models/traffic/retryEndToEnd.test.ts, whose numbers are derived
 * there: 1,000 requests, all 503s, 300 retries allowed by the budget, 700 refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seconds, type Micros } from '../../engine/time';
import { Simulation } from '../../models/simulation';
import { TraceSummary, type SummaryRow } from '../../reports/summary';
import { computeSummary } from '../../reports/summaryFromFolder';
import { teeRecorder } from '../../reports/tee';
import { REQUEST_COLUMNS, SERVICE_COLUMNS, SERVICE_RETRY_COLUMNS, TraceWriter } from '../../reports/traceWriter';
import { scenario, service, traffic } from '../support/build';

const table = (rows: readonly SummaryRow[]) => rows.map((r) => [r.scope, r.namespace, r.name, r.figure, r.value].join(','));
const header = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[0];

function runInto(dir: string, retryColumns: boolean, withRetry: boolean): TraceSummary {
  const retry = { attempts: 2, on: ['no_endpoints' as const], backoff: { initial: 1000 as Micros, max: 1000 as Micros, multiplier: 1, jitter: 0 }, budget: { ratio: 0.2, minPerSecond: 1, ttl: seconds(10) } };
  const profile = { kind: 'piecewise' as const, points: [{ at: 0 as Micros, rps: 10 }, { at: seconds(100), rps: 0 }], interpolation: 'step' as const };
  const s = scenario({ duration: seconds(101), services: [service('web', { app: 'none' })], traffic: [traffic('t', 'web', 0, 10, { profile, ...(withRetry ? { retry } : {}) })] });
  const writer = new TraceWriter(dir, { requests: true, retryColumns });
  const streamed = new TraceSummary({ sloMs: null, serviceTrace: true, retryTrace: retryColumns });
  new Simulation(s, teeRecorder(writer, streamed), { traceRequestsEvery: 1 }).runUntil(s.duration);
  writer.commit();
  return streamed;
}

describe('retries in the traces and the summary', () => {
  test('services.csv gets the retry columns and summary.csv the amplification figures, streamed = read back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-retry-'));
    const streamed = runInto(dir, true, true);
    expect(header(dir, 'services.csv')).toBe([...SERVICE_COLUMNS, ...SERVICE_RETRY_COLUMNS].join(','));
    expect(header(dir, 'requests.csv')).toBe(REQUEST_COLUMNS.join(','));
    expect(REQUEST_COLUMNS.slice(-3)).toEqual(['request', 'attempt', 'final']);
    // 1,000 client requests, all client-visible 503s; 1,300 attempts; amplification 1,300 / 1,000 = 1.3.
    const rows = table(streamed.figures());
    for (const r of [
      'run,,,requests,1000',
      'run,,,dropped_requests,1000',
      'run,,,attempts,1300',
      'run,,,retries,300',
      'run,,,retries_refused,700',
      'run,,,retry_amplification,1.300',
      'Service,default,web,attempts,1300',
      'Service,default,web,retry_amplification,1.300',
    ])
      expect(rows).toContain(r);
    expect(rows).toEqual(table(computeSummary(dir, { sloMs: null })));
    // A retried request's rows: attempt 1 not final, attempt 2 final, one request number.
    const all = fs.readFileSync(path.join(dir, 'requests.csv'), 'utf8').trim().split('\n');
    const cols = ['latency_ms', 'outcome', 'request', 'attempt', 'final'].map((c) => all[0].split(',').indexOf(c));
    const lines = all.slice(1, 3);
    expect(lines.map((l) => cols.map((i) => l.split(',')[i]))).toEqual([
      ['0.000', 'no_endpoints', '0', '1', 'false'],
      ['0.000', 'no_endpoints', '0', '2', 'true'],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('without a retrying Traffic: no retry columns and no retry figures', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-retry-'));
    const streamed = runInto(dir, false, false);
    expect(header(dir, 'services.csv')).toBe(SERVICE_COLUMNS.join(','));
    const rows = table(streamed.figures());
    expect(rows.filter((r) => /attempts|retr/.test(r))).toEqual([]);
    expect(rows).toEqual(table(computeSummary(dir, { sloMs: null })));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
