/**
 * The engine's contract: total order (time, priority, seq), the runUntil(t) boundary rule, cancellation with
 * generation-checked keys, the errors it must throw, stop(), growth, and its counters. Expected orders are derived
 * by hand from the rule in a comment beside each case; the property tests at the end compare the engine with a
 * naive reference model.
 *
 * fast-check prints the seed and counterexample path of a failing property ("seed: …, path: …"); replay it with
 * fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { Simulator, type EventKey, type EventType } from '../../engine/simulator';
import { Priority, type PriorityLevel } from '../../engine/priority';
import { micros, seconds, ZERO, type Micros } from '../../engine/time';

const { ACTION, KUBELET, TRAFFIC, CONTROLLER, SAMPLE } = Priority;
const PRIORITIES: readonly PriorityLevel[] = [ACTION, KUBELET, TRAFFIC, CONTROLLER, SAMPLE];

/** A simulator with one event type that logs `label@now`. */
function recorder() {
  const sim = new Simulator();
  const log: string[] = [];
  const rec = sim.register<string>('rec', (label) => {
    log.push(`${label}@${sim.now}`);
  });
  return { sim, log, rec };
}

describe('Simulator ordering', () => {
  it('runs equal-time events of one priority FIFO, in the order they were scheduled', () => {
    const { sim, log, rec } = recorder();
    // All at t=10 µs, same priority: seq decides, and seq rises on every schedule → a, b, c, d.
    for (const label of ['a', 'b', 'c', 'd']) sim.schedule(micros(10), rec, label, KUBELET);
    sim.runUntil(micros(100));
    expect(log).toEqual(['a@10', 'b@10', 'c@10', 'd@10']);
  });

  it('runs lower priority levels first at equal times, FIFO within each level', () => {
    const { sim, log, rec } = recorder();
    // Scheduled in the order s1 c1 a1 k1 t1 a2 s2 k2, all at t=5.
    // Sorted by (priority, seq): ACTION a1 a2, KUBELET k1 k2, TRAFFIC t1, CONTROLLER c1, SAMPLE s1 s2.
    sim.schedule(micros(5), rec, 's1', SAMPLE);
    sim.schedule(micros(5), rec, 'c1', CONTROLLER);
    sim.schedule(micros(5), rec, 'a1', ACTION);
    sim.schedule(micros(5), rec, 'k1', KUBELET);
    sim.schedule(micros(5), rec, 't1', TRAFFIC);
    sim.schedule(micros(5), rec, 'a2', ACTION);
    sim.schedule(micros(5), rec, 's2', SAMPLE);
    sim.schedule(micros(5), rec, 'k2', KUBELET);
    sim.runUntil(micros(5));
    expect(log).toEqual(['a1@5', 'a2@5', 'k1@5', 'k2@5', 't1@5', 'c1@5', 's1@5', 's2@5']);
  });

  it('orders by time before priority', () => {
    const { sim, log, rec } = recorder();
    // (6, ACTION) vs (5, SAMPLE): time is the first key, so the SAMPLE event at 5 runs first.
    sim.schedule(micros(6), rec, 'action', ACTION);
    sim.schedule(micros(5), rec, 'sample', SAMPLE);
    sim.schedule(seconds(1), rec, 'late', ACTION);
    sim.runUntil(seconds(2));
    expect(log).toEqual(['sample@5', 'action@6', 'late@1000000']);
  });

  it('places events a handler schedules at the current time by the same (time, priority, seq) rule', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = sim.register<string>('rec', (label) => log.push(`${label}@${sim.now}`));
    const spawner = sim.register<string>('spawner', (label) => {
      log.push(`${label}@${sim.now}`);
      sim.schedule(ZERO, rec, 'same-level', CONTROLLER); // (10, CONTROLLER, seq 5): after c-pending (seq 1)
      sim.schedule(ZERO, rec, 'action-now', ACTION); // (10, ACTION, seq 6): before every pending CONTROLLER at 10
      sim.scheduleAt(sim.now, rec, 'sample-now', SAMPLE); // (10, SAMPLE, seq 7): after s-pending (seq 2)
    });
    // given: at t=10 the spawner (CONTROLLER, seq 0), then c-pending (CONTROLLER, seq 1), s-pending (SAMPLE, seq 2);
    // and at t=11 the next one (ACTION, seq 3), and at t=9 early (SAMPLE, seq 4).
    sim.schedule(micros(10), spawner, 'spawner', CONTROLLER);
    sim.schedule(micros(10), rec, 'c-pending', CONTROLLER);
    sim.schedule(micros(10), rec, 's-pending', SAMPLE);
    sim.schedule(micros(11), rec, 'next', ACTION);
    sim.schedule(micros(9), rec, 'early', SAMPLE);
    // when
    sim.runUntil(micros(20));
    // then: early (t=9); spawner; what is left at 10 sorted by (priority, seq): action-now (0,6), c-pending (3,1),
    // same-level (3,5), s-pending (4,2), sample-now (4,7); then next at 11. The clock never went back to 9 or 10.
    expect(log).toEqual([
      'early@9',
      'spawner@10',
      'action-now@10',
      'c-pending@10',
      'same-level@10',
      's-pending@10',
      'sample-now@10',
      'next@11',
    ]);
  });

  it('keeps the order past the initial capacity (6,000 pending events)', () => {
    const { sim, log, rec } = recorder();
    // Event i at time (i·7919 mod 1000) with priority i mod 5: 7919 is prime, so times repeat 6 times each and
    // arrive scrambled. Expected: the indexes sorted by (time, priority, i).
    const N = 6_000;
    const expected: { t: number; p: number; i: number }[] = [];
    for (let i = 0; i < N; i++) {
      const t = (i * 7919) % 1000;
      const p = i % 5;
      sim.schedule(micros(t), rec, String(i), p as PriorityLevel);
      expected.push({ t, p, i });
    }
    expect(sim.pending).toBe(N);
    expected.sort((x, y) => x.t - y.t || x.p - y.p || x.i - y.i);
    sim.runUntil(micros(1000));
    expect(log).toEqual(expected.map((e) => `${e.i}@${e.t}`));
    expect(sim.pending).toBe(0);
  });

  it('keeps the order when a handler grows the queue past its capacity while it runs', () => {
    const sim = new Simulator();
    const log: number[] = [];
    const rec = sim.register<number>('rec', (i) => log.push(i));
    // One handler at t=0 schedules 6,000 events at times 6000−i (descending), all KUBELET: the run must be the
    // reverse of the scheduling order, i = 5999 … 0 at t = 1 … 6000.
    const burst = sim.register<null>('burst', () => {
      for (let i = 0; i < 6_000; i++) sim.schedule(micros(6_000 - i), rec, i, KUBELET);
    });
    sim.schedule(ZERO, burst, null, KUBELET);
    sim.runUntil(micros(10_000));
    expect(log).toEqual(Array.from({ length: 6_000 }, (_, k) => 5_999 - k));
  });
});

describe('Simulator.runUntil boundary', () => {
  it('processes events stamped exactly t, including ones handlers schedule at t; later ones stay pending', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = sim.register<string>('rec', (label) => log.push(`${label}@${sim.now}`));
    const atBoundary = sim.register<string>('at-boundary', (label) => {
      log.push(`${label}@${sim.now}`);
      sim.schedule(ZERO, rec, 'spawned-at-t', SAMPLE); // stamped 100 = t: processed in this call
      sim.schedule(micros(1), rec, 'spawned-after-t', ACTION); // stamped 101 > t: pending
    });
    sim.schedule(micros(99), rec, 'before', KUBELET);
    sim.schedule(micros(100), atBoundary, 'at-t', KUBELET);
    sim.schedule(micros(101), rec, 'after', ACTION);

    const handled = sim.runUntil(micros(100));

    // before@99, at-t@100, spawned-at-t@100 → 3 handled; after and spawned-after-t wait at 101.
    expect(log).toEqual(['before@99', 'at-t@100', 'spawned-at-t@100']);
    expect(handled).toBe(3);
    expect(sim.now).toBe(100);
    expect(sim.pending).toBe(2);
    expect(sim.nextEventTime()).toBe(101);

    // The rest at 101, by (priority, seq): after (ACTION, seq 2) was scheduled before spawned-after-t (ACTION, seq 4).
    expect(sim.runUntil(micros(101))).toBe(2);
    expect(log.slice(3)).toEqual(['after@101', 'spawned-after-t@101']);
  });

  it('leaves the clock at t when the queue empties or the next event is later', () => {
    const { sim, rec } = recorder();
    expect(sim.runUntil(micros(50))).toBe(0);
    expect(sim.now).toBe(50);
    sim.schedule(micros(100), rec, 'x', KUBELET); // at 150
    expect(sim.runUntil(micros(120))).toBe(0);
    expect(sim.now).toBe(120);
    expect(sim.nextEventTime()).toBe(150);
  });

  it('runUntil(now) processes events stamped now', () => {
    const { sim, log, rec } = recorder();
    sim.runUntil(micros(30));
    sim.schedule(ZERO, rec, 'now', KUBELET);
    expect(sim.runUntil(micros(30))).toBe(1);
    expect(log).toEqual(['now@30']);
  });

  it('rejects a bound before the clock, NaN and fractional bounds', () => {
    const { sim } = recorder();
    sim.runUntil(micros(100));
    expect(() => sim.runUntil(micros(99))).toThrow(/before the clock/);
    expect(() => sim.runUntil(micros(NaN))).toThrow();
    expect(() => sim.runUntil(micros(100.5))).toThrow(/integer/);
    expect(() => sim.runUntil(micros(Infinity))).toThrow(/integer/);
    expect(sim.now).toBe(100);
  });
});

describe('Simulator.cancel', () => {
  it('an event cancelled before it runs never runs; a second cancel returns false', () => {
    const { sim, log, rec } = recorder();
    sim.schedule(micros(10), rec, 'a', KUBELET);
    const kb = sim.schedule(micros(20), rec, 'b', KUBELET);
    sim.schedule(micros(30), rec, 'c', KUBELET);
    expect(sim.cancel(kb)).toBe(true);
    expect(sim.cancel(kb)).toBe(false);
    expect(sim.pending).toBe(2);
    sim.runUntil(micros(100));
    expect(log).toEqual(['a@10', 'c@30']);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('returns false for an event that already ran, including from inside its own handler', () => {
    const sim = new Simulator();
    let selfKey: EventKey = -1;
    let selfCancel: boolean | undefined;
    const self = sim.register<null>('self', () => {
      selfCancel = sim.cancel(selfKey);
    });
    selfKey = sim.schedule(micros(5), self, null, KUBELET);
    sim.runUntil(micros(5));
    expect(selfCancel).toBe(false);
    expect(sim.cancel(selfKey)).toBe(false);
  });

  it('cancelling the event at the front exposes the next one', () => {
    const { sim, log, rec } = recorder();
    const ka = sim.schedule(micros(10), rec, 'a', KUBELET);
    sim.schedule(micros(20), rec, 'b', KUBELET);
    expect(sim.nextEventTime()).toBe(10);
    expect(sim.cancel(ka)).toBe(true);
    expect(sim.nextEventTime()).toBe(20);
    sim.runUntil(micros(100));
    expect(log).toEqual(['b@20']);
  });

  it('a handler can cancel the next event at the same instant', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = sim.register<string>('rec', (label) => log.push(label));
    let victim: EventKey = -1;
    const killer = sim.register<null>('killer', () => {
      log.push('killer');
      expect(sim.cancel(victim)).toBe(true);
    });
    // killer (seq 0) and victim (seq 1) both at (10, KUBELET): the victim is the heap's next root.
    sim.schedule(micros(10), killer, null, KUBELET);
    victim = sim.schedule(micros(10), rec, 'victim', KUBELET);
    sim.schedule(micros(10), rec, 'survivor', KUBELET);
    sim.runUntil(micros(10));
    expect(log).toEqual(['killer', 'survivor']);
  });

  it('a stale key does not cancel a new event that reuses its slot (event ran)', () => {
    const { sim, log, rec } = recorder();
    const old = sim.schedule(micros(1), rec, 'old', KUBELET);
    sim.runUntil(micros(1));
    // The old slot is free now; 100 new events reuse it (keys carry the slot in their low 24 bits).
    const fresh: EventKey[] = [];
    for (let i = 0; i < 100; i++) fresh.push(sim.schedule(micros(1 + i), rec, `n${i}`, KUBELET));
    expect(fresh.some((k) => k % 2 ** 24 === old % 2 ** 24)).toBe(true);
    expect(fresh).not.toContain(old);
    expect(sim.cancel(old)).toBe(false);
    expect(sim.pending).toBe(100);
    sim.runUntil(micros(1_000));
    expect(log).toHaveLength(101);
    expect(log[100]).toBe('n99@101');
  });

  it('a stale key does not cancel a new event that reuses its slot (event was cancelled)', () => {
    const { sim, log, rec } = recorder();
    const doomed = sim.schedule(micros(10), rec, 'doomed', KUBELET);
    sim.schedule(micros(5), rec, 'x', KUBELET);
    expect(sim.cancel(doomed)).toBe(true);
    sim.runUntil(micros(20)); // pops and frees the tombstone
    const fresh: EventKey[] = [];
    for (let i = 0; i < 100; i++) fresh.push(sim.schedule(micros(1), rec, `n${i}`, KUBELET));
    expect(fresh.some((k) => k % 2 ** 24 === doomed % 2 ** 24)).toBe(true);
    expect(sim.cancel(doomed)).toBe(false);
    sim.runUntil(micros(21));
    expect(log).toEqual(['x@5', ...Array.from({ length: 100 }, (_, i) => `n${i}@21`)]);
  });

  it('a stale key does not cancel the event its own handler just scheduled into the same slot', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = sim.register<string>('rec', (label) => log.push(`${label}@${sim.now}`));
    let firstKey: EventKey = -1;
    let staleCancel: boolean | undefined;
    const first = sim.register<null>('first', () => {
      const next = sim.schedule(micros(5), rec, 'follow-up', KUBELET); // takes the slot `first` just left
      expect(next % 2 ** 24).toBe(firstKey % 2 ** 24);
      staleCancel = sim.cancel(firstKey);
    });
    firstKey = sim.schedule(micros(1), first, null, KUBELET);
    sim.runUntil(micros(10));
    expect(staleCancel).toBe(false);
    expect(log).toEqual(['follow-up@6']);
  });

  it('rejects keys it never issued', () => {
    const { sim } = recorder();
    expect(sim.cancel(-1)).toBe(false);
    expect(sim.cancel(12345)).toBe(false);
    expect(sim.cancel(NaN)).toBe(false);
  });
});

describe('Simulator errors', () => {
  it('throws on a negative, fractional, NaN or infinite delay and schedules nothing', () => {
    const { sim, rec } = recorder();
    expect(() => sim.schedule(micros(-1), rec, 'x', KUBELET)).toThrow(/delay -1/);
    expect(() => sim.schedule(micros(1.5), rec, 'x', KUBELET)).toThrow(/integer/);
    expect(() => sim.schedule(micros(NaN), rec, 'x', KUBELET)).toThrow();
    expect(() => sim.schedule(micros(Infinity), rec, 'x', KUBELET)).toThrow();
    expect(sim.pending).toBe(0);
  });

  it('post throws as scheduleAt does: a time in the past, a fraction, an unknown type or priority', () => {
    const sim = new Simulator();
    const t = sim.register('t', () => undefined);
    sim.runUntil(micros(10));
    expect(() => sim.post(micros(9), t, undefined, Priority.KUBELET)).toThrow(/no scheduling in the past/);
    expect(() => sim.post(10.5 as Micros, t, undefined, Priority.KUBELET)).toThrow(/no scheduling in the past/);
    expect(() => sim.post(micros(10), new Simulator().register('t', () => undefined), undefined, Priority.KUBELET)).toThrow(/unknown event type/);
    expect(() => sim.post(micros(10), t, undefined, 99 as PriorityLevel)).toThrow(/unknown priority/);
    expect(sim.pending).toBe(0);
  });

  it('scheduleAt throws for a time in the past; the current time is allowed', () => {
    const { sim, log, rec } = recorder();
    sim.runUntil(micros(100));
    expect(() => sim.scheduleAt(micros(99), rec, 'past', KUBELET)).toThrow(/past/);
    expect(() => sim.scheduleAt(micros(100.5), rec, 'fraction', KUBELET)).toThrow();
    sim.scheduleAt(micros(100), rec, 'now', KUBELET);
    sim.scheduleAt(micros(150), rec, 'later', KUBELET);
    sim.runUntil(micros(200));
    expect(log).toEqual(['now@100', 'later@150']);
  });

  it('throws on an event type registered with another simulator, even with the same id and name', () => {
    const a = new Simulator();
    const b = new Simulator();
    const calledOnB: string[] = [];
    const tickA = a.register<string>('tick', () => undefined);
    b.register<string>('tick', (x) => calledOnB.push(x)); // same name, same id 0
    expect(() => b.schedule(micros(1), tickA, 'wrong simulator', KUBELET)).toThrow(/unknown event type/);
    expect(() => b.scheduleAt(micros(1), tickA, 'wrong simulator', KUBELET)).toThrow(/unknown event type/);
    b.runUntil(micros(10));
    expect(calledOnB).toEqual([]);
  });

  it('throws on forged event types', () => {
    const { sim } = recorder();
    const forgedSame = { id: 0, name: 'rec' } as EventType<string>; // looks like the registered one
    const forgedOther = { id: 7, name: 'nope' } as EventType<string>;
    const empty = {} as EventType<string>;
    expect(() => sim.schedule(micros(1), forgedSame, 'x', KUBELET)).toThrow(/unknown event type/);
    expect(() => sim.schedule(micros(1), forgedOther, 'x', KUBELET)).toThrow(/unknown event type/);
    expect(() => sim.schedule(micros(1), empty, 'x', KUBELET)).toThrow(/unknown event type/);
    expect(sim.pending).toBe(0);
  });

  it('throws on unknown priority levels', () => {
    const { sim, rec } = recorder();
    // Priority defines levels 0 … 4 (ACTION … SAMPLE); anything else, fractions included, is unknown.
    for (const p of [5, -1, 1.5, NaN, 8]) {
      expect(() => sim.schedule(micros(1), rec, 'x', p as PriorityLevel)).toThrow(/unknown priority/);
    }
    expect(sim.pending).toBe(0);
  });

  it('throws when an event type name is registered twice', () => {
    const { sim } = recorder();
    expect(() => sim.register('rec', () => undefined)).toThrow(/already registered/);
    // The same name on another simulator is fine: registrations are per simulator.
    expect(() => new Simulator().register('rec', () => undefined)).not.toThrow();
  });
});

describe('Simulator.stop', () => {
  it('ends the current runUntil after the event being handled; the next call resumes', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const rec = sim.register<string>('rec', (label) => log.push(`${label}@${sim.now}`));
    const stopper = sim.register<null>('stopper', () => {
      log.push(`stop@${sim.now}`);
      sim.stop();
    });
    sim.schedule(micros(10), rec, 'a', KUBELET);
    sim.schedule(micros(20), stopper, null, KUBELET);
    sim.schedule(micros(20), rec, 'b', KUBELET); // same instant, after the stopper (seq): not run by the first call
    sim.schedule(micros(30), rec, 'c', KUBELET);

    expect(sim.runUntil(micros(100))).toBe(2);
    expect(log).toEqual(['a@10', 'stop@20']);
    expect(sim.now).toBe(20); // the clock stays at the stopping event, not at 100
    expect(sim.pending).toBe(2);

    expect(sim.runUntil(micros(100))).toBe(2);
    expect(log).toEqual(['a@10', 'stop@20', 'b@20', 'c@30']);
    expect(sim.now).toBe(100);
  });

  it('a stop() outside a run does not cancel the next run', () => {
    const { sim, log, rec } = recorder();
    sim.schedule(micros(5), rec, 'a', KUBELET);
    sim.stop();
    expect(sim.runUntil(micros(10))).toBe(1);
    expect(log).toEqual(['a@5']);
    expect(sim.now).toBe(10);
  });
});

describe('Simulator counters', () => {
  it('pending excludes cancelled events; eventsProcessed counts handled events across calls', () => {
    const { sim, rec } = recorder();
    expect(sim.pending).toBe(0);
    expect(sim.eventsProcessed).toBe(0);
    expect(sim.nextEventTime()).toBe(Infinity);
    const keys = [10, 20, 30, 40].map((t) => sim.schedule(micros(t), rec, String(t), KUBELET));
    expect(sim.pending).toBe(4);
    sim.cancel(keys[1]);
    expect(sim.pending).toBe(3);
    expect(sim.runUntil(micros(25))).toBe(1); // 10 (20 is cancelled)
    expect(sim.pending).toBe(2);
    expect(sim.eventsProcessed).toBe(1);
    expect(sim.runUntil(micros(100))).toBe(2); // 30, 40
    expect(sim.pending).toBe(0);
    expect(sim.eventsProcessed).toBe(3);
  });

  it('pending seen from a handler no longer counts the event being handled', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const probe = sim.register<null>('probe', () => seen.push(sim.pending));
    sim.schedule(micros(1), probe, null, KUBELET);
    sim.schedule(micros(2), probe, null, KUBELET);
    sim.runUntil(micros(2));
    expect(seen).toEqual([1, 0]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests against a reference model.

/** What the handler of an event does: schedule follow-ups (delay, priority), then cancel issued events by index. */
interface Behaviour {
  readonly followUps: readonly { readonly delay: number; readonly priority: PriorityLevel }[];
  readonly cancels: readonly number[];
}

type InitialOp =
  | { readonly kind: 'schedule'; readonly at: number; readonly priority: PriorityLevel }
  | { readonly kind: 'cancel'; readonly index: number };

interface Program {
  readonly initial: readonly InitialOp[];
  readonly behaviours: readonly Behaviour[];
}

/** The operations both the engine and the reference model offer; events are named by their issue index. */
interface Runner {
  now(): number;
  schedule(delay: number, priority: PriorityLevel, id: number): void;
  cancel(id: number): boolean;
  runUntil(t: number): void;
  setHandler(h: (id: number) => void): void;
}

/**
 * The engine behind the Runner interface; records the clock at each event to check it never goes back. `post`:
 * odd-numbered events go through Simulator.post (no key: a cancel of one does nothing and returns false).
 */
function engineRunner(clockLog: number[], post = false): Runner {
  const sim = new Simulator();
  const keys: EventKey[] = [];
  let handler: (id: number) => void = () => undefined;
  const ev = sim.register<number>('ev', (id) => {
    clockLog.push(sim.now);
    handler(id);
  });
  return {
    now: () => sim.now,
    schedule: (delay, priority, id) => {
      if (post && id % 2 === 1) sim.post(micros(sim.now + delay), ev, id, priority);
      else keys[id] = sim.schedule(micros(delay), ev, id, priority);
    },
    cancel: (id) => (post && id % 2 === 1 ? false : sim.cancel(keys[id])),
    runUntil: (t) => {
      sim.runUntil(micros(t));
      expect(sim.now).toBe(t);
      expect(sim.nextEventTime()).toBeGreaterThan(t);
    },
    setHandler: (h) => {
      handler = h;
    },
  };
}

/** The rule written out naively: keep a list; repeatedly take the live entry with the least (time, priority, seq). */
function modelRunner(): Runner {
  interface Entry {
    time: number;
    priority: number;
    seq: number;
    id: number;
    state: 'pending' | 'cancelled' | 'done';
  }
  const entries: Entry[] = [];
  let clock = 0;
  let handler: (id: number) => void = () => undefined;
  return {
    now: () => clock,
    schedule: (delay, priority, id) => {
      entries[id] = { time: clock + delay, priority, seq: id, id, state: 'pending' };
    },
    cancel: (id) => {
      const e = entries[id];
      if (e.state !== 'pending') return false;
      e.state = 'cancelled';
      return true;
    },
    runUntil: (t) => {
      for (;;) {
        let best: Entry | undefined;
        for (const e of entries) {
          if (e.state !== 'pending' || e.time > t) continue;
          if (!best || e.time < best.time || (e.time === best.time && (e.priority < best.priority || (e.priority === best.priority && e.seq < best.seq)))) best = e;
        }
        if (!best) break;
        best.state = 'done';
        clock = best.time;
        handler(best.id);
      }
      clock = t;
    },
    setHandler: (h) => {
      handler = h;
    },
  };
}

const MAX_EVENTS = 250;
const END = 1_000;

/** Runs `program` on `runner`, calling runUntil at each bound in turn; returns the log of runs and cancel results. */
function execute(program: Program, runner: Runner, bounds: readonly number[]): string[] {
  const log: string[] = [];
  let issued = 0;
  const schedule = (delay: number, priority: PriorityLevel) => runner.schedule(delay, priority, issued++);
  const cancel = (index: number) => {
    if (issued === 0) return;
    const id = index % issued;
    log.push(`cancel ${id} → ${runner.cancel(id)}`);
  };
  runner.setHandler((id) => {
    log.push(`${id}@${runner.now()}`);
    if (program.behaviours.length === 0) return;
    const b = program.behaviours[id % program.behaviours.length];
    for (const f of b.followUps) if (issued < MAX_EVENTS) schedule(f.delay, f.priority);
    for (const c of b.cancels) cancel(c);
  });
  for (const op of program.initial) {
    if (op.kind === 'schedule') schedule(op.at, op.priority);
    else cancel(op.index);
  }
  for (const t of bounds) runner.runUntil(t);
  return log;
}

const priorityArb = fc.constantFrom(...PRIORITIES);
// Small time ranges force many ties, so the priority and seq keys do real work.
const initialOpArb: fc.Arbitrary<InitialOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('schedule' as const), at: fc.integer({ min: 0, max: 30 }), priority: priorityArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), index: fc.nat(1_000) }) },
);
const behaviourArb: fc.Arbitrary<Behaviour> = fc.record({
  followUps: fc.array(fc.record({ delay: fc.integer({ min: 0, max: 5 }), priority: priorityArb }), { maxLength: 2 }),
  cancels: fc.array(fc.nat(1_000), { maxLength: 1 }),
});
const programArb: fc.Arbitrary<Program> = fc.record({
  initial: fc.array(initialOpArb, { maxLength: 60 }),
  behaviours: fc.array(behaviourArb, { maxLength: 6 }),
});

describe('Simulator properties (fast-check; a failure prints its seed and path for replay)', () => {
  it('without follow-ups, runs exactly the uncancelled events sorted by (time, priority, seq)', () => {
    fc.assert(
      fc.property(fc.array(initialOpArb, { maxLength: 80 }), (initial) => {
        const log = execute({ initial, behaviours: [] }, engineRunner([]), [END]);
        // Expected by a plain sort: seq is the issue index; cancelled ones (cancel results true) removed.
        const scheduled: { at: number; priority: number; seq: number }[] = [];
        const cancelled = new Set<number>();
        for (const op of initial) {
          if (op.kind === 'schedule') scheduled.push({ at: op.at, priority: op.priority, seq: scheduled.length });
          else if (scheduled.length > 0) cancelled.add(op.index % scheduled.length);
        }
        const expectedRuns = scheduled
          .filter((e) => !cancelled.has(e.seq))
          .sort((a, b) => a.at - b.at || a.priority - b.priority || a.seq - b.seq)
          .map((e) => `${e.seq}@${e.at}`);
        expect(log.filter((l) => !l.startsWith('cancel'))).toEqual(expectedRuns);
      }),
      { numRuns: 300 },
    );
  });

  it('with handler follow-ups and interleaved cancels, matches the reference model and time never goes back', () => {
    fc.assert(
      fc.property(programArb, (program) => {
        const clocks: number[] = [];
        const actual = execute(program, engineRunner(clocks), [END]);
        const expected = execute(program, modelRunner(), [END]);
        expect(actual).toEqual(expected);
        for (let i = 1; i < clocks.length; i++) expect(clocks[i]).toBeGreaterThanOrEqual(clocks[i - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('post orders exactly as scheduleAt: odd events posted (never cancelled) match the reference model', () => {
    fc.assert(
      fc.property(programArb, (program) => {
        const actual = execute(program, engineRunner([], true), [END]);
        const model = modelRunner();
        const expected = execute(program, { ...model, cancel: (id) => (id % 2 === 1 ? false : model.cancel(id)) }, [END]);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('runUntil in random chunks gives the same sequence as one run', () => {
    fc.assert(
      fc.property(programArb, fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 10 }), (program, cuts) => {
        const bounds = [...cuts].sort((a, b) => a - b);
        const oneRun = execute(program, engineRunner([]), [END]);
        const chunked = execute(program, engineRunner([]), [...bounds, END]);
        expect(chunked).toEqual(oneRun);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Simulator.runsNext (a handler runs its own next event at once when nothing can come before it)', () => {
  it('is true only strictly before every pending event, within the bound, while running and not stopped', () => {
    // One probe at 10 µs asks for `at`, with one other event pending at 20 µs (priority `p`), bound 30 µs.
    const ask = (at: number, p: PriorityLevel) => {
      const sim = new Simulator();
      let answer = '';
      const other = sim.register<string>('other', () => undefined);
      const probe = sim.register<number>('probe', (a) => {
        answer = `${sim.runsNext(micros(a))}@${sim.now}`;
      });
      sim.scheduleAt(micros(20), other, 'x', p);
      sim.scheduleAt(micros(10), probe, at, TRAFFIC);
      sim.runUntil(micros(30));
      return { answer, events: sim.eventsProcessed, now: sim.now, outside: sim.runsNext(micros(31)) };
    };
    // 15 < 20: true, the clock moves to 15, and the inline event counts: probe + inline + other = 3 events.
    expect(ask(15, KUBELET)).toEqual({ answer: 'true@15', events: 3, now: 30, outside: false });
    // 20 ties with the pending event: false whatever its priority (the queue orders ties); 2 events.
    expect(ask(20, KUBELET)).toEqual({ answer: 'false@10', events: 2, now: 30, outside: false });
    expect(ask(20, SAMPLE)).toEqual({ answer: 'false@10', events: 2, now: 30, outside: false });
    // 25 is after the pending event: false.
    expect(ask(25, KUBELET).answer).toBe('false@10');
  });

  it('is false past the runUntil bound and after stop(); throws for the past and fractions', () => {
    const sim = new Simulator();
    const answers: boolean[] = [];
    const probe = sim.register<number>('probe', (at) => {
      answers.push(sim.runsNext(micros(at)));
    });
    const stopper = sim.register<number>('stopper', (at) => {
      sim.stop();
      answers.push(sim.runsNext(micros(at)));
    });
    sim.scheduleAt(micros(5), probe, 11, TRAFFIC); // bound 10 → false, though the queue is empty
    sim.scheduleAt(micros(6), stopper, 7, TRAFFIC); // stopped → false
    sim.runUntil(micros(10));
    sim.runUntil(micros(10));
    expect(answers).toEqual([false, false]);
    const bad = sim.register<number>('bad', (at) => {
      expect(() => sim.runsNext(micros(at))).toThrow(/no scheduling in the past/);
    });
    sim.scheduleAt(micros(12), bad, 11, TRAFFIC);
    sim.scheduleAt(micros(12), bad, 12.5, TRAFFIC);
    sim.runUntil(micros(20));
    expect(sim.eventsProcessed).toBe(4);
  });

  it('a chain using runsNext runs the same events at the same times as the same chain scheduling each step (fast-check)', () => {
    // Two runs of one random program: a chain of `steps` events with random gaps among random other events (some at
    // the same instants, some scheduled by the chain itself), cut into random runUntil chunks. Run A schedules every
    // chain step; run B asks runsNext first. Expected: the same log (label@time) and the same eventsProcessed.
    const arb = fc.record({
      gaps: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 40 }),
      others: fc.array(fc.record({ at: fc.integer({ min: 0, max: 120 }), p: fc.constantFrom(...PRIORITIES) }), { maxLength: 20 }),
      spawn: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }),
      cuts: fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 6 }),
    });
    const run = (g: { gaps: number[]; others: { at: number; p: PriorityLevel }[]; spawn: number[]; cuts: number[] }, inline: boolean) => {
      const sim = new Simulator();
      const log: string[] = [];
      const other = sim.register<string>('other', (label) => log.push(`${label}@${sim.now}`));
      let step = 0;
      const chain: EventType<number> = sim.register<number>('chain', () => {
        for (;;) {
          log.push(`c${step}@${sim.now}`);
          // Some steps schedule an `other` event a little later (possibly before the chain's next step).
          const s = g.spawn[step % Math.max(1, g.spawn.length)] ?? 0;
          if (s > 0) sim.schedule(micros(s), other, `s${step}`, TRAFFIC);
          step++;
          if (step >= g.gaps.length) return;
          const at = micros(sim.now + g.gaps[step]);
          if (inline && sim.runsNext(at)) continue;
          sim.scheduleAt(at, chain, step, TRAFFIC);
          return;
        }
      });
      g.others.forEach((o, i) => sim.scheduleAt(micros(o.at), other, `o${i}`, o.p));
      sim.scheduleAt(micros(g.gaps[0]), chain, 0, TRAFFIC);
      for (const b of [...g.cuts].sort((a, b) => a - b)) if (b >= sim.now) sim.runUntil(micros(b));
      sim.runUntil(micros(1000));
      return { log, events: sim.eventsProcessed };
    };
    fc.assert(
      fc.property(arb, (g) => {
        expect(run(g, true)).toEqual(run(g, false));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Simulator.postpone (a pending event moved later, as cancel + scheduleAt, keeping its key)', () => {
  it('moves an event later and keeps its key; refuses earlier times, ran or cancelled events', () => {
    const { sim, log, rec } = recorder();
    const a = sim.scheduleAt(micros(10), rec, 'a', TRAFFIC);
    sim.scheduleAt(micros(20), rec, 'b', TRAFFIC);
    // a moves to 20: a tie with b, and a's new seq is after b's → b@20 then a@20 (as cancel + scheduleAt would).
    expect(sim.postpone(a, micros(20))).toBe(true);
    // Before the time it was scheduled at (10): refused, nothing changes. (Between 10 and 20 it could move back.)
    expect(sim.postpone(a, micros(5))).toBe(false);
    expect(sim.postpone(a, micros(10))).toBe(true); // 10 with a newer seq: still after its queued key (10, older seq)
    expect(sim.postpone(a, micros(20))).toBe(true);
    const c = sim.scheduleAt(micros(30), rec, 'c', TRAFFIC);
    expect(sim.cancel(c)).toBe(true);
    expect(sim.postpone(c, micros(40))).toBe(false); // cancelled
    sim.runUntil(micros(100));
    expect(log).toEqual(['b@20', 'a@20']);
    expect(sim.postpone(a, micros(200))).toBe(false); // ran
    expect(sim.pending).toBe(0);
    // The key stayed valid while postponed: cancel works on it.
    const d = sim.scheduleAt(micros(110), rec, 'd', TRAFFIC);
    expect(sim.postpone(d, micros(120))).toBe(true);
    expect(sim.postpone(d, micros(130))).toBe(true); // twice: the last time counts
    expect(sim.pending).toBe(1);
    expect(sim.cancel(d)).toBe(true);
    sim.runUntil(micros(200));
    expect(log).toEqual(['b@20', 'a@20']);
    expect(() => sim.postpone(d, micros(150))).toThrow(/no scheduling in the past/);
  });

  it('a random program with postpone runs exactly like the same program with cancel + scheduleAt (fast-check)', () => {
    // Ops on a pool of events: schedule (at, priority), cancel one, move one later, run up to a bound. Run A uses
    // postpone (falling back to cancel + scheduleAt when it refuses); run B always cancels and schedules. Expected:
    // the same log, the same pending counts after each op and the same eventsProcessed.
    const op = fc.oneof(
      // Small time steps, so that many events share an instant and the seq order decides; moves and schedules
      // weigh most, so that most moves find their event still pending.
      { arbitrary: fc.record({ kind: fc.constant('schedule' as const), dt: fc.integer({ min: 0, max: 4 }), p: fc.constantFrom(...PRIORITIES) }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant('cancel' as const), i: fc.nat() }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('move' as const), i: fc.nat(), dt: fc.integer({ min: 0, max: 4 }) }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('run' as const), dt: fc.integer({ min: 0, max: 2 }) }), weight: 1 },
    );
    const run = (ops: readonly (typeof op extends fc.Arbitrary<infer T> ? T : never)[], usePostpone: boolean) => {
      const sim = new Simulator();
      const log: string[] = [];
      const keys: EventKey[] = [];
      const times: number[] = [];
      const prios: PriorityLevel[] = [];
      const rec = sim.register<number>('rec', (i) => log.push(`${i}@${sim.now}`));
      const trace: number[] = [];
      for (const o of ops) {
        if (o.kind === 'schedule') {
          const at = sim.now + o.dt;
          keys.push(sim.scheduleAt(micros(at), rec, keys.length, o.p));
          times.push(at);
          prios.push(o.p);
        } else if (o.kind === 'cancel' && keys.length > 0) {
          sim.cancel(keys[o.i % keys.length]);
        } else if (o.kind === 'move' && keys.length > 0) {
          const i = o.i % keys.length;
          const at = Math.max(sim.now, times[i]) + o.dt;
          if (!(usePostpone && sim.postpone(keys[i], micros(at)))) {
            if (sim.cancel(keys[i])) keys[i] = sim.scheduleAt(micros(at), rec, i, prios[i]);
          }
          times[i] = at;
        } else if (o.kind === 'run') sim.runUntil(micros(sim.now + o.dt));
        trace.push(sim.pending);
      }
      sim.runUntil(micros(sim.now + 1000));
      return { log, trace, events: sim.eventsProcessed };
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        expect(run(ops, true)).toEqual(run(ops, false));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Simulator.reserve / scheduleReserved (an event placed in the order now, scheduled later or never)', () => {
  it('orders a reserved event as if scheduled at reserve(); one never scheduled is no event', () => {
    const { sim, log, rec } = recorder();
    const r = sim.reserve();
    sim.scheduleAt(micros(10), rec, 'b', TRAFFIC);
    const unused = sim.reserve(); // never scheduled: as if scheduled and cancelled
    sim.scheduleAt(micros(10), rec, 'c', TRAFFIC);
    // a is scheduled last but holds the seq taken before b's: at (10, TRAFFIC) the order is a, b, c.
    sim.scheduleReserved(micros(10), rec, 'a', TRAFFIC, r);
    expect(sim.pending).toBe(3);
    // A reserved KUBELET event at 20 still comes before a TRAFFIC event at 20 scheduled before the reservation.
    sim.scheduleAt(micros(20), rec, 'e', TRAFFIC);
    const k = sim.reserve();
    sim.runUntil(micros(15));
    sim.scheduleReserved(micros(20), rec, 'd', KUBELET, k); // armed after the run moved on, before its key passed
    sim.runUntil(micros(30));
    expect(log).toEqual(['a@10', 'b@10', 'c@10', 'd@20', 'e@20']);
    // Handled: a, b, c, d, e (5); the reserved number `unused` ran nothing.
    expect(sim.eventsProcessed).toBe(5);
    expect(unused).toBeGreaterThan(r);
  });

  it('throws on a number never reserved, a time in the past, or an unknown type', () => {
    const { sim, rec } = recorder();
    const r = sim.reserve();
    expect(() => sim.scheduleReserved(micros(5), rec, 'x', TRAFFIC, r + 1)).toThrow(/was not reserved/);
    expect(() => sim.scheduleReserved(micros(5), rec, 'x', TRAFFIC, -1)).toThrow(/was not reserved/);
    sim.runUntil(micros(10));
    expect(() => sim.scheduleReserved(micros(9), rec, 'x', TRAFFIC, r)).toThrow(/no scheduling in the past/);
    const other = new Simulator().register<string>('rec', () => undefined);
    expect(() => sim.scheduleReserved(micros(10), other, 'x', TRAFFIC, r)).toThrow(/unknown event type/);
    // The failed calls used nothing: a schedule after them still takes the next number in turn.
    sim.scheduleReserved(micros(10), rec, 'x', TRAFFIC, r);
    expect(sim.pending).toBe(1);
  });

  it('a random program reserving events and scheduling them later (or never) runs exactly like scheduling them at once and cancelling the unused (fast-check)', () => {
    // Ops: schedule (dt, priority); reserve (dt, priority); arm one reservation; drop one (never to be scheduled);
    // run up to a bound. Run A reserves, schedules a reservation at `arm` and, as the contract asks, at the latest
    // just before a run could reach its time (unless dropped). Run B schedules each reserved event at reserve time
    // and cancels it at `drop`. Expected: the same log and the same eventsProcessed.
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('schedule' as const), dt: fc.integer({ min: 0, max: 4 }), p: fc.constantFrom(...PRIORITIES) }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant('reserve' as const), dt: fc.integer({ min: 0, max: 4 }), p: fc.constantFrom(...PRIORITIES) }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant('arm' as const), i: fc.nat() }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('drop' as const), i: fc.nat() }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant('run' as const), dt: fc.integer({ min: 0, max: 2 }) }), weight: 2 },
    );
    type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
    const run = (ops: readonly Op[], reserveFirst: boolean) => {
      const sim = new Simulator();
      const log: string[] = [];
      const rec = sim.register<string>('rec', (label) => log.push(`${label}@${sim.now}`));
      // Reservation i: its time, priority, reserved seq (run A) or key (run B), and state.
      const res: { at: number; p: PriorityLevel; seq: number; key: EventKey; state: 'open' | 'armed' | 'dropped' }[] = [];
      let n = 0;
      const arm = (r: (typeof res)[number], i: number) => {
        if (r.state !== 'open') return;
        r.state = 'armed';
        if (reserveFirst) sim.scheduleReserved(micros(r.at), rec, `r${i}`, r.p, r.seq);
      };
      for (const o of ops) {
        if (o.kind === 'schedule') sim.scheduleAt(micros(sim.now + o.dt), rec, `s${n++}`, o.p);
        else if (o.kind === 'reserve') {
          const at = sim.now + o.dt;
          const i = res.length;
          if (reserveFirst) res.push({ at, p: o.p, seq: sim.reserve(), key: -1, state: 'open' });
          else res.push({ at, p: o.p, seq: -1, key: sim.scheduleAt(micros(at), rec, `r${i}`, o.p), state: 'open' });
        } else if (o.kind === 'arm' && res.length > 0) {
          const i = o.i % res.length;
          arm(res[i], i);
        } else if (o.kind === 'drop' && res.length > 0) {
          const r = res[o.i % res.length];
          if (r.state === 'open') {
            r.state = 'dropped';
            if (!reserveFirst) sim.cancel(r.key);
          }
        } else if (o.kind === 'run') {
          const bound = sim.now + o.dt;
          res.forEach((r, i) => {
            if (r.at <= bound) arm(r, i);
          });
          sim.runUntil(micros(bound));
        }
      }
      res.forEach((r, i) => arm(r, i));
      sim.runUntil(micros(sim.now + 1000));
      return { log, events: sim.eventsProcessed };
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        expect(run(ops, true)).toEqual(run(ops, false));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Simulator.hasRun (issue #13: the running event\'s key, for events settled lazily)', () => {
  test('a key is handled iff it is before the running event\'s (time, priority, seq); outside a run, iff at or before the clock', () => {
    // Seqs by hand: A (10 µs, TRAFFIC) takes seq 0, reserve() → 1, B (10 µs, TRAFFIC) takes 2, C (10 µs, KUBELET) 3.
    // Run order: C (KUBELET before TRAFFIC), A (seq 0), B (seq 2). The reserved key (10, TRAFFIC, 1) lies between A
    // and B: not handled while C or A runs, handled while B runs.
    const sim = new Simulator();
    const seen: string[] = [];
    const ask = (label: string) => seen.push(`${label}:${sim.hasRun(micros(10), TRAFFIC, r)}`);
    const t = sim.register<string>('t', (label) => {
      ask(label);
      // Other keys, from A: an earlier time, an earlier priority at this time, later ones.
      if (label === 'A') seen.push(`${sim.hasRun(micros(9), SAMPLE, 1e6)} ${sim.hasRun(micros(10), KUBELET, 1e6)} ${sim.hasRun(micros(10), CONTROLLER, 0)} ${sim.hasRun(micros(11), ACTION, 0)}`);
    });
    sim.scheduleAt(micros(10), t, 'A', TRAFFIC);
    const r = sim.reserve();
    expect(r).toBe(1);
    sim.scheduleAt(micros(10), t, 'B', TRAFFIC);
    sim.scheduleAt(micros(10), t, 'C', KUBELET);
    // Before the run: the clock is at 0, the key at 10 µs is after it.
    expect(sim.hasRun(micros(10), TRAFFIC, r)).toBe(false);
    expect(sim.hasRun(ZERO, SAMPLE, 1e6)).toBe(true);
    sim.runUntil(micros(10));
    expect(seen).toEqual(['C:false', 'A:false', 'true true false false', 'B:true']);
    // After runUntil(10): every key at 10 µs counts as handled, none after.
    expect(sim.hasRun(micros(10), SAMPLE, 1e6)).toBe(true);
    expect(sim.hasRun(micros(11), ACTION, 0)).toBe(false);
  });

  test('an event run inline by runsNext counts as after every key at its time', () => {
    // A at 5 µs asks runsNext(7) (nothing pending: yes, the clock moves to 7). Inside it, (7, ACTION, 0) counts as
    // handled (documented: runsNext's events order after every reservation at their time), (8, …) does not.
    const sim = new Simulator();
    const seen: boolean[] = [];
    const t = sim.register<null>('t', () => {
      expect(sim.runsNext(micros(7))).toBe(true);
      seen.push(sim.hasRun(micros(7), ACTION, 0), sim.hasRun(micros(8), ACTION, 0));
    });
    sim.scheduleAt(micros(5), t, null, TRAFFIC);
    sim.runUntil(micros(20));
    expect(seen).toEqual([true, false]);
  });
});
