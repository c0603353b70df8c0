/**
 * The prober's reused probe records (a probe answered by its completion is its worker's next probe): every trace of
 * a run equals the run that makes a new record per probe (Prober.reuseProbes = false, the reference), byte for byte,
 * with the same events handled — on random probe scenarios (fast-check: request and fluid mode, contended nodes where
 * probes time out and arrive while others are in flight, traffic or none) and on the examples with probes through
 * the pod (overload, probes, the month in fluid mode).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../../../scenarios/load';
import { Simulation } from '../../../models/simulation';
import { TraceWriter } from '../../../reports/traceWriter';
import { Prober } from '../../../models/kubelet/prober';
import { TrafficModel } from '../../../models/traffic/trafficModel';
import { minutes } from '../../../engine/time';
import { probeScenario } from '../traffic/fluid/probeScenario';

const EX = path.join(__dirname, '../../../scenarios/examples');

interface Run {
  readonly files: Record<string, string>;
  readonly events: number;
  /** Probes sent through pods, and how many distinct records they were. */
  readonly sent: number;
  readonly distinct: number;
}

function run(paths: string[], duration: number | undefined, reuse: boolean): Run {
  const seen = new Set<object>();
  let sent = 0;
  const original = TrafficModel.prototype.sendProbe;
  const spy = jest.spyOn(TrafficModel.prototype, 'sendProbe').mockImplementation(function (this: TrafficModel, c, handler, p) {
    seen.add(p);
    sent++;
    return original.call(this, c, handler, p);
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-probe-reuse-'));
  Prober.reuseProbes = reuse;
  try {
    const scenario = loadScenario(paths, duration === undefined ? {} : { duration: duration as never });
    const out = path.join(dir, 'out');
    const writer = new TraceWriter(out);
    const sim = new Simulation(scenario, writer);
    sim.runUntil(scenario.duration);
    writer.commit();
    const files: Record<string, string> = {};
    for (const f of fs.readdirSync(out).sort()) if (f.endsWith('.csv')) files[f] = fs.readFileSync(path.join(out, f), 'utf8');
    return { files, events: sim.summary().eventsProcessed, sent, distinct: seen.size };
  } finally {
    Prober.reuseProbes = true;
    spy.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function same(a: Run, b: Run): void {
  expect(Object.keys(a.files)).toEqual(Object.keys(b.files));
  for (const f of Object.keys(b.files)) if (a.files[f] !== b.files[f]) expect(`${f}\n${a.files[f]}`).toBe(`${f}\n${b.files[f]}`);
  expect(a.events).toBe(b.events);
}

describe('reused probe records', () => {
  test('random probe scenarios: the same traces and events as a new record per probe', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-probe-reuse-yaml-'));
    try {
      fc.assert(
        fc.property(
          fc.record({
            mode: fc.constantFrom('fluid' as const, 'requests' as const),
            nodeCpu: fc.constantFrom('100m', '250m', '1', '4'),
            probeCpu: fc.constantFrom('5ms', '200ms', '600ms', '1500ms'),
            pods: fc.integer({ min: 1, max: 4 }),
            rps: fc.constantFrom(0, 0, 5, 40),
            stagger: fc.integer({ min: 0, max: 3 }),
          }),
          (o) => {
            const file = path.join(dir, 's.yaml');
            fs.writeFileSync(file, probeScenario({ ...o, sampleInterval: '5s' }));
            const reused = run([file], undefined, true);
            const fresh = run([file], undefined, false);
            same(reused, fresh);
            expect(fresh.distinct).toBe(fresh.sent);
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['overload', [`${EX}/overload.yaml`], undefined],
    ['probes', [`${EX}/probes.yaml`], undefined],
    ['month (fluid)', [`${EX}/month.yaml`], minutes(60)],
  ])('%s: the same traces and events as a new record per probe', (_name, paths, duration) => {
    const reused = run(paths, duration, true);
    const fresh = run(paths, duration, false);
    same(reused, fresh);
    expect(fresh.distinct).toBe(fresh.sent);
    if (_name === 'month (fluid)') {
      // The fast path ran: about one record per worker, not one per probe.
      expect(fresh.sent).toBeGreaterThan(1000);
      expect(reused.distinct).toBeLessThan(reused.sent / 10);
    }
  });
});
