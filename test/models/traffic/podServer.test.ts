/**
 * The pod's request server: processor sharing and FIFO with slots, throttling by capacity, exact usage integrals,
 * memory accounting with the limit callback, failAll, and a property test against a fluid reference model.
 * Work is in millicore-µs: `ms(x)` is x ms of one full core = x·10⁶ mcµs. Times are Micros (milliseconds(x) = x ms).
 */
import fc from 'fast-check';
import {
  DEFAULT_POD_SERVER_SETTINGS,
  PodServer,
  type PodServerListener,
  type PodServerSettings,
  type ServedRequest,
} from '../../../models/traffic/podServer';
import { END_OF_TIME, micros, milliseconds, ZERO, type Micros } from '../../../engine/time';

const ms = (x: number): number => x * 1_000_000;
const MiB = 1 << 20;

interface Req extends ServedRequest {
  readonly id: string;
  readonly arrival: Micros;
}

function recorder() {
  const log: string[] = [];
  const ooms: number[] = [];
  const listener: PodServerListener<Req> = {
    completed: (r, now) => log.push(`${r.id}✓${now}`),
    failed: (r, now) => log.push(`${r.id}✗${now}`),
    memoryLimitExceeded: (bytes, now) => ooms.push(bytes, now),
  };
  return { log, ooms, listener };
}

const PS: PodServerSettings = DEFAULT_POD_SERVER_SETTINGS;
const fifo = (slots: number, queueLimit: number, extra: Partial<PodServerSettings> = {}): PodServerSettings => ({
  ...DEFAULT_POD_SERVER_SETTINGS,
  discipline: 'FIFO',
  concurrency: slots,
  queueLimit,
  ...extra,
});
const req = (id: string, work: number, arrival = ZERO, memoryBytes = 0): Req => ({ id, work, arrival, memoryBytes });

/** Runs the server like the event loop will: completions at nextCompletionTime, interleaved with `arrivals`. */
function drive(server: PodServer<Req>, arrivals: readonly Req[], until = END_OF_TIME): boolean[] {
  const admitted: boolean[] = [];
  for (const r of arrivals) {
    server.complete(r.arrival);
    admitted.push(server.arrive(r, r.arrival));
  }
  while (server.nextCompletionTime() <= until) server.complete(server.nextCompletionTime());
  return admitted;
}

describe('PodServer, processor sharing', () => {
  it('one request alone runs at one core: 50 ms of work takes 50 ms, usage = work', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    s.arrive(req('a', ms(50)), ZERO);
    expect(s.nextCompletionTime()).toBe(milliseconds(50));
    expect(s.cpuUsageMilli).toBe(1_000);
    expect(s.complete(milliseconds(50))).toBe(1);
    expect(log).toEqual(['a✓50000']);
    expect(s.usageIntegral(milliseconds(50))).toBe(ms(50));
    expect(s.usageIntegral(milliseconds(100))).toBe(ms(50)); // idle afterwards
    expect(s.nextCompletionTime()).toBe(Infinity);
  });

  it('two requests on one core share it: 10 ms and 30 ms of work finish at 20 ms and 40 ms', () => {
    // Both at 500m: the 10-ms one needs 20 ms; the other then has 20 ms of work left at 1000m → t = 40 ms.
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    drive(s, [req('a', ms(10)), req('b', ms(30))]);
    expect(log).toEqual(['a✓20000', 'b✓40000']);
    expect(s.usageIntegral(milliseconds(40))).toBe(ms(40));
  });

  it('no request gets more than one core: on 2000m the same two finish at 10 ms and 30 ms', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 2_000, listener);
    drive(s, [req('a', ms(10)), req('b', ms(30))]);
    expect(log).toEqual(['a✓10000', 'b✓30000']);
    // Usage: 2000m for 10 ms, then 1000m for 20 ms = 20 + 20 = 40 ms of one core.
    expect(s.usageIntegral(milliseconds(30))).toBe(ms(40));
  });

  it('a request arriving mid-service slows the first: completions at 15 ms and 20 ms', () => {
    // a (10 ms) alone for 5 ms → 5 ms left; then both at 500m: a needs 10 ms → 15 ms; b has 5 ms left → 20 ms.
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    drive(s, [req('a', ms(10), ZERO), req('b', ms(10), milliseconds(5))]);
    expect(log).toEqual(['a✓15000', 'b✓20000']);
  });

  it('equal finishing tags complete together, in arrival order', () => {
    // Three 30-ms requests on 1500m: 500m each → all done at 60 ms.
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_500, listener);
    drive(s, [req('a', ms(30)), req('b', ms(30)), req('c', ms(30))]);
    expect(log).toEqual(['a✓60000', 'b✓60000', 'c✓60000']);
  });

  it('a fluid completion between µs is rounded up to the next µs', () => {
    // Three requests of 10⁶ + 1 mcµs on 1000m: 333⅓m each; fluid time 3000.003 µs → 3001 µs.
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    drive(s, [req('a', 1_000_001), req('b', 1_000_001), req('c', 1_000_001)]);
    expect(log).toEqual(['a✓3001', 'b✓3001', 'c✓3001']);
    expect(s.usageIntegral(micros(3_001))).toBe(3_001_000); // 1000m × 3001 µs: the granted CPU, rounding included
  });

  it('exact thirds: three requests of 1 ms on 1000m finish at exactly 3 ms', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    drive(s, [req('a', ms(1)), req('b', ms(1)), req('c', ms(1))]);
    expect(log).toEqual(['a✓3000', 'b✓3000', 'c✓3000']);
  });

  it('the in-flight limit rejects beyond concurrency', () => {
    const { listener } = recorder();
    const s = new PodServer<Req>({ ...PS, concurrency: 2 }, 1_000, listener);
    expect([s.arrive(req('a', ms(1)), ZERO), s.arrive(req('b', ms(1)), ZERO), s.arrive(req('c', ms(1)), ZERO)]).toEqual([true, true, false]);
    expect(s.inFlight).toBe(2);
  });

  it('perRequestMilli lets a request use more than one core', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>({ ...PS, perRequestMilli: 2_000 }, 4_000, listener);
    drive(s, [req('a', ms(20))]);
    expect(log).toEqual(['a✓10000']);
  });
});

describe('PodServer, capacity (CPU limit throttles, never kills)', () => {
  it('a 500m limit doubles the service time', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 500, listener);
    drive(s, [req('a', ms(10))]);
    expect(log).toEqual(['a✓20000']);
  });

  it('a capacity change mid-request: 5 ms at 1000m, then the remaining 5 ms at 250m take 20 ms → 25 ms', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    s.arrive(req('a', ms(10)), ZERO);
    s.setCapacity(250, milliseconds(5));
    expect(s.nextCompletionTime()).toBe(milliseconds(25));
    s.complete(milliseconds(25));
    expect(log).toEqual(['a✓25000']);
    // Usage = 1000m × 5 ms + 250m × 20 ms = 5 + 5 ms of one core.
    expect(s.usageIntegral(milliseconds(25))).toBe(ms(10));
  });

  it('capacity 0 (container not running) stops progress; restoring it resumes', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    s.arrive(req('a', ms(10)), ZERO);
    s.setCapacity(0, milliseconds(4));
    expect(s.nextCompletionTime()).toBe(Infinity);
    expect(s.complete(milliseconds(1_000))).toBe(0);
    s.setCapacity(1_000, milliseconds(1_000));
    expect(s.nextCompletionTime()).toBe(milliseconds(1_006));
    s.complete(milliseconds(1_006));
    expect(log).toEqual(['a✓1006000']);
  });

  it('complete() called late catches up, reporting each completion at its own time', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    s.arrive(req('a', ms(10)), ZERO);
    s.arrive(req('b', ms(30)), ZERO);
    expect(s.complete(milliseconds(100))).toBe(2);
    expect(log).toEqual(['a✓20000', 'b✓40000']);
  });

  it('usageIntegral reads without changing anything and rejects a time in the past', () => {
    const { listener } = recorder();
    const s = new PodServer<Req>(PS, 1_000, listener);
    s.arrive(req('a', ms(10)), ZERO);
    expect(s.usageIntegral(milliseconds(4))).toBe(ms(4));
    expect(s.usageIntegral(milliseconds(4))).toBe(ms(4));
    expect(s.nextCompletionTime()).toBe(milliseconds(10));
    s.complete(milliseconds(2)); // advances the server to 2 ms
    expect(() => s.usageIntegral(milliseconds(1))).toThrow(/backwards/);
    expect(() => s.arrive(req('b', 1), milliseconds(1))).toThrow(/backwards/);
  });
});

describe('PodServer, FIFO with slots', () => {
  it('one slot, queue 2: serves in order, rejects the fourth', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(fifo(1, 2), 1_000, listener);
    const admitted = drive(s, [req('a', ms(10)), req('b', ms(10)), req('c', ms(10)), req('d', ms(10))], ZERO);
    expect(admitted).toEqual([true, true, true, false]);
    expect([s.inService, s.queued, s.inFlight]).toEqual([1, 2, 3]);
    drive(s, []);
    expect(log).toEqual(['a✓10000', 'b✓20000', 'c✓30000']);
  });

  it('two slots on one core share it; the queue feeds a slot as soon as one frees', () => {
    // a, b in service at 500m each; c waits. At 20 ms a (10 ms) is done and b has 20 ms left; c takes the slot.
    // b and c at 500m: c (10 ms) is done at 40 ms, when b has 10 ms left; b alone at 1000m → 50 ms.
    const { log, listener } = recorder();
    const s = new PodServer<Req>(fifo(2, 10), 1_000, listener);
    drive(s, [req('a', ms(10)), req('b', ms(30)), req('c', ms(10))]);
    expect(log).toEqual(['a✓20000', 'c✓40000', 'b✓50000']);
  });

  it('a queued request waits (latency = wait + service): the M/D/1 shape by hand', () => {
    // Arrivals at 0, 2, 4 ms with 5 ms of work each on one slot: done at 5, 10, 15 ms; waits 0, 3, 6 ms.
    const { log, listener } = recorder();
    const s = new PodServer<Req>(fifo(1, Infinity), 4_000, listener);
    drive(s, [req('a', ms(5), ZERO), req('b', ms(5), milliseconds(2)), req('c', ms(5), milliseconds(4))]);
    expect(log).toEqual(['a✓5000', 'b✓10000', 'c✓15000']);
  });

  it('queue limit 0: a busy server rejects at once', () => {
    const { listener } = recorder();
    const s = new PodServer<Req>(fifo(1, 0), 1_000, listener);
    expect([s.arrive(req('a', 1), ZERO), s.arrive(req('b', 1), ZERO)]).toEqual([true, false]);
  });

  it('the wait queue grows past its initial size and keeps FIFO order', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>(fifo(1, Infinity), 1_000, listener);
    const reqs = Array.from({ length: 100 }, (_, i) => req(`r${i}`, ms(1)));
    drive(s, reqs);
    expect(log).toEqual(reqs.map((r, i) => `${r.id}✓${milliseconds(i + 1)}`));
  });
});

describe('PodServer, memory and failures', () => {
  it('memory = baseline + in-flight requests; the limit crossing is reported once per crossing', () => {
    // baseline 100 MiB, 10 MiB per request, limit 125 MiB: 2 in flight = 120 MiB fine, the 3rd → 130 MiB > limit.
    const { ooms, listener } = recorder();
    const s = new PodServer<Req>({ ...fifo(1, 10), baselineMemoryBytes: 100 * MiB, memoryLimitBytes: 125 * MiB }, 1_000, listener);
    s.arrive(req('a', ms(10), ZERO, 10 * MiB), ZERO);
    s.arrive(req('b', ms(10), ZERO, 10 * MiB), ZERO);
    expect(s.memoryBytes).toBe(120 * MiB);
    expect(ooms).toEqual([]);
    s.arrive(req('c', ms(10), ZERO, 10 * MiB), micros(1));
    expect(ooms).toEqual([130 * MiB, 1]);
    s.arrive(req('d', ms(10), ZERO, 10 * MiB), micros(2));
    expect(ooms).toHaveLength(2); // still over: no second report
    s.complete(milliseconds(20)); // a and b done → 120 MiB, back under
    expect(s.memoryBytes).toBe(120 * MiB);
    s.arrive(req('e', ms(10), ZERO, 10 * MiB), milliseconds(20));
    expect(ooms).toEqual([130 * MiB, 1, 130 * MiB, milliseconds(20)]);
  });

  it('exactly at the limit is not over it', () => {
    const { ooms, listener } = recorder();
    const s = new PodServer<Req>({ ...PS, baselineMemoryBytes: 100, memoryLimitBytes: 110 }, 1_000, listener);
    s.arrive(req('a', 1, ZERO, 10), ZERO);
    expect(ooms).toEqual([]);
  });

  it('a rising baseline (a leak) can cross the limit too', () => {
    const { ooms, listener } = recorder();
    const s = new PodServer<Req>({ ...PS, baselineMemoryBytes: 100, memoryLimitBytes: 150 }, 1_000, listener);
    s.arrive(req('a', ms(1), ZERO, 20), ZERO);
    s.setBaselineMemory(131, micros(500));
    expect(ooms).toEqual([151, 500]);
  });

  it('failAll fails in-service requests (arrival order) then queued ones, and resets memory', () => {
    const { log, listener } = recorder();
    const s = new PodServer<Req>({ ...fifo(2, 5), baselineMemoryBytes: 50 }, 1_000, listener);
    // b has less work than a, so the heap holds b first; failAll still reports a, b (arrival order), then c, d.
    for (const r of [req('a', ms(30), ZERO, 1), req('b', ms(5), ZERO, 1), req('c', ms(5), ZERO, 1), req('d', ms(5), ZERO, 1)]) s.arrive(r, ZERO);
    expect(s.failAll(milliseconds(4))).toBe(4);
    expect(log).toEqual(['a✗4000', 'b✗4000', 'c✗4000', 'd✗4000']);
    expect([s.inFlight, s.memoryBytes, s.cpuUsageMilli]).toEqual([0, 50, 0]);
    expect(s.usageIntegral(milliseconds(10))).toBe(ms(4)); // 4 ms at 1000m before the failure, nothing after
    // The server works again afterwards.
    s.arrive(req('e', ms(1)), milliseconds(10));
    s.complete(milliseconds(11));
    expect(log[4]).toBe('e✓11000');
  });

  it('rejects invalid settings and capacities', () => {
    const { listener } = recorder();
    expect(() => new PodServer<Req>({ ...PS, queueLimit: 3 }, 1_000, listener)).toThrow(/queueLimit must be 0/);
    expect(() => new PodServer<Req>(fifo(Infinity, 0), 1_000, listener)).toThrow(/finite number of slots/);
    expect(() => new PodServer<Req>(fifo(0, 0), 1_000, listener)).toThrow(/concurrency/);
    expect(() => new PodServer<Req>(PS, 1.5, listener)).toThrow(/millicores/);
    expect(() => new PodServer<Req>(PS, 1_000, listener).setCapacity(-1, ZERO)).toThrow(/millicores/);
    const s = new PodServer<Req>(PS, 1_000, listener);
    expect(() => s.arrive(req('a', 0), ZERO)).toThrow(/positive integer/);
    expect(() => s.arrive(req('a', 1.5), ZERO)).toThrow(/positive integer/);
    expect(() => s.arrive(req('a', 10, ZERO, -1), ZERO)).toThrow(/non-negative integer/);
    expect(s.inFlight).toBe(0);
  });
});

describe('PodServer against a fluid processor-sharing reference (property)', () => {
  /**
   * Reference: exact fluid PS in floats (each request progresses at min(perRequest, C/n)), event by event. The
   * server's completion times may differ from the fluid ones by its rounding: each completion is rounded up to a
   * µs (delaying the others' speed-up by < 1 µs) and each change of n floors < 1 mcµs of the others' progress. So
   * every completion lies within [fluid − k, fluid + k + 1] µs with k = number of earlier events; the usage
   * integral is exactly Σ G·Δ and at least the work done.
   */
  function fluid(cap: number, reqs: readonly { at: number; work: number }[]): number[] {
    const remaining = new Map<number, number>();
    const done: number[] = new Array<number>(reqs.length).fill(NaN);
    let t = 0;
    let next = 0;
    while (next < reqs.length || remaining.size > 0) {
      const n = remaining.size;
      const rate = n === 0 ? 0 : Math.min(1_000, cap / n);
      let minLeft = Infinity;
      for (const w of remaining.values()) minLeft = Math.min(minLeft, w);
      const tDone = n === 0 ? Infinity : t + minLeft / rate;
      const tArr = next < reqs.length ? reqs[next].at : Infinity;
      const tNext = Math.min(tDone, tArr);
      for (const [i, w] of remaining) remaining.set(i, w - rate * (tNext - t));
      t = tNext;
      for (const [i, w] of remaining) {
        if (w <= 1e-6 * (1 + reqs[i].work)) {
          done[i] = t;
          remaining.delete(i);
        }
      }
      while (next < reqs.length && reqs[next].at <= t) remaining.set(next, reqs[next++].work);
    }
    return done;
  }

  it('completion times match fluid PS within the rounding bound, usage is exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 4_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 50_000_000 })), { minLength: 1, maxLength: 25 }),
        (cap, raw) => {
          const reqs = raw.map(([at, work]) => ({ at: micros(at), work })).sort((a, b) => a.at - b.at);
          const got: number[] = new Array<number>(reqs.length).fill(NaN);
          let grantedLog = 0;
          const listener: PodServerListener<Req> = {
            completed: (r, now) => (got[Number(r.id)] = now),
            failed: () => undefined,
            memoryLimitExceeded: () => undefined,
          };
          const s = new PodServer<Req>(PS, cap, listener);
          let last = ZERO;
          for (let i = 0; i < reqs.length; i++) {
            // Independent usage integral: Σ G·Δ from the server's cpuUsageMilli between our own calls.
            const step = (to: Micros) => {
              while (s.nextCompletionTime() <= to) {
                const tc = s.nextCompletionTime();
                grantedLog += s.cpuUsageMilli * (tc - last);
                last = tc;
                s.complete(tc);
              }
              grantedLog += s.cpuUsageMilli * (to - last);
              last = to;
            };
            step(reqs[i].at);
            s.arrive(req(String(i), reqs[i].work, reqs[i].at), reqs[i].at);
          }
          let end = last;
          while (s.nextCompletionTime() < Infinity) {
            const tc = s.nextCompletionTime();
            grantedLog += s.cpuUsageMilli * (tc - end);
            end = tc;
            s.complete(tc);
          }
          const ref = fluid(cap, reqs);
          const k = 2 * reqs.length;
          for (let i = 0; i < reqs.length; i++) {
            if (!(got[i] >= ref[i] - k && got[i] <= ref[i] + k + 1)) return false;
          }
          const totalWork = reqs.reduce((a, r) => a + r.work, 0);
          const usage = s.usageIntegral(end);
          return usage === grantedLog && usage >= totalWork && Number.isInteger(usage);
        },
      ),
      { numRuns: 300 },
    );
  });
});
