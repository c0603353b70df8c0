/**
 * The scheduling queue (models/scheduler/queue.ts) against Q-01 and Q-02's pop order (scheduler-vectors.md), the
 * §8.4 leftover-flush example, the replay of events seen during a pod's own cycle (§8.3), deletion, and a
 * fast-check property: every pod waiting is popped exactly once per add / failed-attempt cycle, never once deleted.
 * fast-check prints the seed and path of a failing property; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { micros, seconds, type Micros } from '../../../engine/time';
import {
  backoffDuration,
  DEFAULT_QUEUE_SETTINGS,
  SchedulingQueue,
  type QueueingHint,
  type QueueSettings,
} from '../../../models/scheduler/queue';

const s = seconds;
const FIT = new Set(['NodeResourcesFit']);
const TAINT = new Set(['TaintToleration']);
const NONE: ReadonlySet<string> = new Set();
/** A hint as NodeResourcesFit's for an assigned pod's deletion: Queue when that plugin rejected the pod. */
const fitHint: QueueingHint<string> = (_pod, rejectors) => rejectors.has('NodeResourcesFit');
const GATE_OFF: QueueSettings = { ...DEFAULT_QUEUE_SETTINGS, popFromBackoffQ: false };

/** Q-01 `window`: p (attempt 1) fails at 12.300 rejected by NodeResourcesFit; an assigned pod is deleted at 12.500. */
function failedAt12300(settings: QueueSettings = DEFAULT_QUEUE_SETTINGS): SchedulingQueue<string> {
  const q = new SchedulingQueue<string>(settings);
  q.add('p', 0, s(12.3));
  expect(q.pop(s(12.3))).toBe('p');
  expect(q.attempts('p')).toBe(1);
  expect(q.addUnschedulable('p', s(12.3), FIT)).toBe('unschedulablePods');
  return q;
}

describe('Q-01 back-off and queue timing (podInitialBackoffSeconds 1, podMaxBackoffSeconds 10)', () => {
  test('Q-01 durations: backoff(n) = min(1 × 2^(n−1), 10) for attempts 1..7', () => {
    const got = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDuration(n, s(1), s(10)));
    expect(got).toEqual([1, 2, 4, 8, 10, 10, 10].map(s));
    expect(backoffDuration(0, s(1), s(10))).toBe(0); // never tried: no penalty (calculateBackoffDuration)
  });

  test('Q-01 window: expiry truncate(12.300 + 1) = 13.000; moved to backoffQ at 12.500 and popped at once (activeQ empty)', () => {
    const q = failedAt12300();
    expect(q.moveAllOnEvent('AssignedPodDelete', s(12.5), fitHint)).toBe(1);
    expect(q.queueOf('p')).toBe('backoffQ');
    expect(q.nextBackoffExpiry()).toBe(s(13));
    // activeQ is empty: SchedulerPopFromBackoffQ hands out p at 12.500, back-off unexpired; this is attempt 2.
    expect(q.pop(s(12.5))).toBe('p');
    expect(q.attempts('p')).toBe(2);
  });

  test('Q-01 window_busy: activeQ holds other pods from 12.500 until 14.000 → p moves to activeQ at 13.000', () => {
    const q = failedAt12300();
    q.add('o1', 0, s(12.5));
    q.add('o2', 0, s(12.5));
    q.moveAllOnEvent('AssignedPodDelete', s(12.5), fitHint);
    expect(q.queueOf('p')).toBe('backoffQ');
    // The scheduler is busy with o1 (activeQ not empty): p is not taken from backoffQ.
    expect(q.pop(s(12.6))).toBe('o1');
    expect(q.done('o1')).toBe(true);
    expect(q.flushBackoffCompleted(micros(s(13) - 1))).toBe(0);
    expect(q.nextBackoffExpiry()).toBe(s(13));
    expect(q.flushBackoffCompleted(s(13))).toBe(1);
    expect(q.queueOf('p')).toBe('activeQ');
    // Same priority: p's queue time 12.300 is earlier than o2's 12.500 (PrioritySort).
    expect(q.pop(s(13))).toBe('p');
    expect(q.pop(s(13))).toBe('o2');
  });

  test('Q-01 late_attempt: attempt 4 fails at 50.700 → backoff 8 s, expiry truncate(58.700) = 58.000', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(0));
    // Attempts 1..3 fail with no rejecting plugin (an error): back to backoffQ's error part (podErrorBackoffQ),
    // which pops only once the back-off has expired: 0 + 1 s → 1, 1 + 2 s → 3.
    expect(q.pop(s(0))).toBe('p');
    expect(q.addUnschedulable('p', s(0), NONE)).toBe('backoffQ');
    expect(q.pop(s(0.5))).toBeUndefined(); // not popped early, unlike a pod a plugin rejected
    expect(q.nextErrorBackoffExpiry()).toBe(s(1));
    for (const t of [1, 3]) {
      expect(q.pop(s(t))).toBe('p');
      expect(q.addUnschedulable('p', s(t), NONE)).toBe('backoffQ');
    }
    expect(q.pop(s(50.7))).toBe('p');
    expect(q.attempts('p')).toBe(4);
    expect(q.addUnschedulable('p', s(50.7), FIT)).toBe('unschedulablePods');
    expect(q.backoffExpiryOf({ timestamp: s(50.7), attempts: 4 })).toBe(s(58));
    q.add('busy', 0, s(50.8)); // keeps activeQ non-empty so p stays in backoffQ
    q.moveAllOnEvent('AssignedPodDelete', s(50.8), fitHint);
    expect(q.queueOf('p')).toBe('backoffQ');
    expect(q.nextBackoffExpiry()).toBe(s(58));
  });

  test('Q-01 without_PopFromBackoffQ: expiry 13.300 (not truncated), moved at the first 1-s tick at or after it (14.000)', () => {
    const q = failedAt12300(GATE_OFF);
    q.moveAllOnEvent('AssignedPodDelete', s(12.5), fitHint);
    expect(q.nextBackoffExpiry()).toBe(s(13.3));
    expect(q.pop(s(12.5))).toBeUndefined(); // activeQ empty, but backoffQ is not popped without the gate
    expect(q.flushBackoffCompleted(s(13))).toBe(0); // tick at 13.000: 13.300 not reached
    expect(q.pop(s(13.5))).toBeUndefined(); // pop does not flush without the gate: the ticks do
    expect(q.flushBackoffCompleted(s(14))).toBe(1);
    expect(q.pop(s(14))).toBe('p');
  });

  test('an event after the back-off has expired moves the pod straight to activeQ', () => {
    const q = failedAt12300();
    q.add('busy', 0, s(20)); // activeQ not empty, so where p lands is visible before any pop
    expect(q.moveAllOnEvent('NodeAdd', s(20), fitHint)).toBe(1);
    expect(q.queueOf('p')).toBe('activeQ');
    expect(q.backoffSize).toBe(0);
  });

  test('a hint saying QueueSkip leaves the pod in unschedulablePods', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(1));
    q.pop(s(1));
    q.addUnschedulable('p', s(1), TAINT);
    expect(q.moveAllOnEvent('AssignedPodDelete', s(2), fitHint)).toBe(0);
    expect(q.queueOf('p')).toBe('unschedulablePods');
    expect(q.unschedulableSize).toBe(1);
  });
});

describe('Q-02 queue order (PrioritySort, §7.2)', () => {
  test('Q-02 pop_order_when_all_queued: [f, b, c, a]', () => {
    // Admitted priorities from Q-02: a → batch (global default) −5, b → critical-apps 1000000,
    // c → opportunistic 10 (preemptionPolicy Never does not change its order), f → system-cluster-critical
    // 2000000000; d and e are rejected at admission and never queued.
    const q = new SchedulingQueue<string>();
    q.add('a', -5, s(1));
    q.add('b', 1_000_000, s(2));
    q.add('c', 10, s(3));
    q.add('f', 2_000_000_000, s(4));
    const order: string[] = [];
    for (let p = q.pop(s(7)); p !== undefined; p = q.pop(s(7))) order.push(p);
    expect(order).toEqual(['f', 'b', 'c', 'a']);
  });

  test('equal priority: earlier queue timestamp first, then insertion order', () => {
    const q = new SchedulingQueue<string>();
    q.add('late', 0, s(2));
    q.add('x', 0, s(1));
    q.add('y', 0, s(1));
    expect([q.pop(s(3)), q.pop(s(3)), q.pop(s(3))]).toEqual(['x', 'y', 'late']);
  });

  test('update re-orders activeQ', () => {
    const q = new SchedulingQueue<string>();
    q.add('a', 1, s(1));
    q.add('b', 2, s(1));
    expect(q.update('a', 3)).toBe(true);
    expect(q.pop(s(2))).toBe('a');
  });
});

describe('§8.4 leftover flush', () => {
  /** Flushes every 30 s from 0 until the pod moves; the time it moved. */
  const movedAt = (failedAt: Micros): Micros | undefined => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, failedAt);
    q.pop(failedAt);
    q.addUnschedulable('p', failedAt, FIT);
    for (let t = 0; t <= 600; t += 30) if (q.flushUnschedulableLeftover(s(t)) === 1) return s(t);
    return undefined;
  };

  test('failed at t=12 s → moved at the 330 s flush (the 300 s check sees 288 s ≤ 300 s)', () => {
    expect(movedAt(s(12))).toBe(s(330));
  });

  test('strict >: failed at t=0 → the 300 s check sees exactly 300 s and keeps it; moved at 330 s', () => {
    expect(movedAt(s(0))).toBe(s(330));
  });

  test('a flushed pod whose back-off expired long ago goes to activeQ', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(12));
    q.pop(s(12));
    q.addUnschedulable('p', s(12), FIT);
    q.flushUnschedulableLeftover(s(330));
    expect(q.queueOf('p')).toBe('activeQ');
  });
});

describe('§8.3 events during a pod\'s own cycle are replayed when it fails', () => {
  test('an event worth it for the pod\'s rejectors, during its cycle → backoffQ at once', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(10));
    q.pop(s(10));
    expect(q.moveAllOnEvent('AssignedPodDelete', s(10.1), fitHint)).toBe(0); // nothing unschedulable yet
    expect(q.addUnschedulable('p', s(10.2), FIT)).toBe('backoffQ');
    expect(q.nextBackoffExpiry()).toBe(s(11)); // truncate(10.2 + 1)
  });

  test('the event does not concern the plugin that rejected it → unschedulablePods', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(10));
    q.pop(s(10));
    q.moveAllOnEvent('AssignedPodDelete', s(10.1), fitHint);
    expect(q.addUnschedulable('p', s(10.2), TAINT)).toBe('unschedulablePods');
  });

  test('an event before the pod was popped is not replayed', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(10));
    q.moveAllOnEvent('AssignedPodDelete', s(10), fitHint);
    q.pop(s(10.1));
    expect(q.addUnschedulable('p', s(10.2), FIT)).toBe('unschedulablePods');
  });

  test('two pods in flight: only events after each one\'s pop count', () => {
    const q = new SchedulingQueue<string>();
    q.add('p1', 1, s(10));
    q.add('p2', 0, s(10));
    expect(q.pop(s(10))).toBe('p1');
    q.moveAllOnEvent('AssignedPodDelete', s(10.1), fitHint);
    expect(q.pop(s(10.2))).toBe('p2');
    expect(q.addUnschedulable('p2', s(10.3), FIT)).toBe('unschedulablePods');
    expect(q.addUnschedulable('p1', s(10.4), FIT)).toBe('backoffQ');
    expect(q.inFlightSize).toBe(0);
  });

  test('a failure with no rejecting plugin always requeues', () => {
    const q = new SchedulingQueue<string>();
    q.add('p', 0, s(10));
    q.add('busy', -1, s(10));
    q.pop(s(10));
    expect(q.addUnschedulable('p', s(10), NONE)).toBe('backoffQ');
  });

  test('a leftover flush that moved pods during the cycle requeues the failing pod (UnschedulableTimeout)', () => {
    const q = new SchedulingQueue<string>();
    q.add('old', 0, s(0));
    q.pop(s(0));
    q.addUnschedulable('old', s(0), FIT);
    q.add('p', 0, s(400));
    expect(q.pop(s(400))).toBe('p');
    expect(q.flushUnschedulableLeftover(s(400))).toBe(1);
    expect(q.addUnschedulable('p', s(400.5), TAINT)).toBe('backoffQ');
  });
});

describe('deletion', () => {
  test('from each queue and in flight: never popped, sizes follow, a late failure is ignored', () => {
    const q = new SchedulingQueue<string>();
    for (const [p, prio] of [['a', 5], ['b', 4], ['c', 3], ['d', 2], ['e', 1], ['f', 0]] as const) q.add(p, prio, s(1));
    expect(q.pop(s(1))).toBe('a');
    q.addUnschedulable('a', s(1), FIT); // → unschedulablePods
    expect(q.pop(s(1))).toBe('b');
    q.addUnschedulable('b', s(1), NONE); // → backoffQ (no rejector)
    expect(q.pop(s(1))).toBe('c'); // c in flight
    expect([q.activeSize, q.backoffSize, q.unschedulableSize, q.inFlightSize]).toEqual([3, 1, 1, 1]);

    for (const p of ['a', 'b', 'c', 'e']) expect(q.delete(p)).toBe(true);
    expect(q.delete('e')).toBe(false);
    expect(q.has('c')).toBe(false);
    expect([q.activeSize, q.backoffSize, q.unschedulableSize, q.inFlightSize]).toEqual([2, 0, 0, 0]);
    expect(q.addUnschedulable('c', s(2), FIT)).toBeUndefined(); // deleted during its cycle: not requeued
    expect(q.moveAllOnEvent('NodeAdd', s(2), () => true)).toBe(0);
    expect([q.pop(s(20)), q.pop(s(20)), q.pop(s(20))]).toEqual(['d', 'f', undefined]);
  });

  test('waiting() lists the waiting pods (not those in flight) with their queue', () => {
    const q = new SchedulingQueue<string>();
    q.add('a', 1, s(1));
    q.add('b', 0, s(1));
    q.add('c', 0, s(2));
    q.pop(s(2)); // a in flight
    q.pop(s(2));
    q.addUnschedulable('b', s(3), FIT);
    expect([...q.waiting()].map((v) => [v.pod, v.queue, v.timestamp])).toEqual([
      ['b', 'unschedulablePods', s(3)],
      ['c', 'activeQ', s(2)],
    ]);
  });
});

type Op =
  | { readonly k: 'add'; readonly p: number; readonly prio: number }
  | { readonly k: 'pop' }
  | { readonly k: 'fail'; readonly rej: readonly string[] }
  | { readonly k: 'done' }
  | { readonly k: 'delete'; readonly p: number }
  | { readonly k: 'update'; readonly p: number; readonly prio: number }
  | { readonly k: 'event'; readonly plugin: string }
  | { readonly k: 'leftover' }
  | { readonly k: 'tick'; readonly dt: number };

const PODS = 6;
const podArb = fc.integer({ min: 0, max: PODS - 1 });
const prioArb = fc.integer({ min: 0, max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('add' as const), p: podArb, prio: prioArb }) },
  { weight: 5, arbitrary: fc.constant({ k: 'pop' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('fail' as const), rej: fc.subarray(['A', 'B']) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'done' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delete' as const), p: podArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('update' as const), p: podArb, prio: prioArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('event' as const), plugin: fc.constantFrom('A', 'B') }) },
  { weight: 1, arbitrary: fc.constant({ k: 'leftover' as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('tick' as const), dt: fc.constantFrom(0, 300_000, 1_000_000, 2_700_000, 301_000_000) }) },
);

/** Runs ops against the queue and a model of each pod's state (absent / waiting / in flight); throws on a breach. */
function runProgram(settings: QueueSettings, ops: readonly Op[]): void {
  const q = new SchedulingQueue<number>(settings);
  const state: ('absent' | 'waiting' | 'inFlight')[] = Array.from({ length: PODS }, () => 'absent');
  const flight: number[] = [];
  let now = 0;
  const count = (st: string) => state.filter((x) => x === st).length;
  const checkSizes = () => {
    expect(q.activeSize + q.backoffSize + q.unschedulableSize).toBe(count('waiting'));
    expect(q.inFlightSize).toBe(count('inFlight'));
  };
  const popOne = (): number | undefined => {
    if (settings.popFromBackoffQ) q.flushBackoffCompleted(micros(now));
    // PrioritySort: the best waiting activeQ pod (by priority, then timestamp) is the one popped.
    const active = [...q.waiting()].filter((v) => v.queue === 'activeQ');
    const p = q.pop(micros(now));
    if (p === undefined) {
      expect(active.length).toBe(0);
      return undefined;
    }
    expect(state[p]).toBe('waiting'); // popped only while waiting: once per cycle, never once deleted
    if (active.length > 0) {
      const best = active.reduce((a, b) => (b.priority > a.priority || (b.priority === a.priority && b.timestamp < a.timestamp) ? b : a));
      const got = active.find((v) => v.pod === p)!;
      expect([got.priority, got.timestamp]).toEqual([best.priority, best.timestamp]);
    }
    state[p] = 'inFlight';
    flight.push(p);
    return p;
  };
  for (const op of ops) {
    switch (op.k) {
      case 'add':
        expect(q.add(op.p, op.prio, micros(now))).toBe(state[op.p] === 'absent');
        if (state[op.p] === 'absent') state[op.p] = 'waiting';
        break;
      case 'pop':
        popOne();
        break;
      case 'fail': {
        const p = flight.shift();
        if (p === undefined) break;
        expect(q.addUnschedulable(p, micros(now), new Set(op.rej))).not.toBe('inFlight');
        state[p] = 'waiting';
        break;
      }
      case 'done': {
        const p = flight.shift();
        if (p === undefined) break;
        expect(q.done(p)).toBe(true);
        state[p] = 'absent';
        break;
      }
      case 'delete': {
        expect(q.delete(op.p)).toBe(state[op.p] !== 'absent');
        if (state[op.p] === 'inFlight') {
          flight.splice(flight.indexOf(op.p), 1);
          expect(q.addUnschedulable(op.p, micros(now), new Set())).toBeUndefined();
        }
        state[op.p] = 'absent';
        break;
      }
      case 'update':
        expect(q.update(op.p, op.prio)).toBe(state[op.p] !== 'absent');
        break;
      case 'event':
        q.moveAllOnEvent('E', micros(now), (_p, rej) => rej.has(op.plugin));
        break;
      case 'leftover':
        q.flushUnschedulableLeftover(micros(now));
        break;
      case 'tick':
        now += op.dt;
        if (!settings.popFromBackoffQ && now % 1_000_000 === 0) q.flushBackoffCompleted(micros(now));
        break;
    }
    checkSizes();
  }
  // Drain: end the cycles in flight, wait out every back-off and the leftover limit, then pop until empty. Every
  // waiting pod comes out exactly once.
  for (const p of flight.splice(0)) {
    q.done(p);
    state[p] = 'absent';
  }
  now += 400_000_000;
  q.flushUnschedulableLeftover(micros(now));
  q.flushBackoffCompleted(micros(now));
  const expected = state.flatMap((st, p) => (st === 'waiting' ? [p] : []));
  const drained: number[] = [];
  for (let p = popOne(); p !== undefined; p = popOne()) drained.push(p);
  expect(drained.slice().sort((a, b) => a - b)).toEqual(expected);
  expect([q.activeSize, q.backoffSize, q.unschedulableSize]).toEqual([0, 0, 0]);
}

describe('SchedulingQueue properties (fast-check; a failure prints its seed and path for replay)', () => {
  test.each([
    ['popFromBackoffQ on', DEFAULT_QUEUE_SETTINGS],
    ['popFromBackoffQ off', GATE_OFF],
  ])('%s: each waiting pod is popped exactly once per add / failed-attempt cycle, never while deleted', (_name, settings) => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        runProgram(settings, ops);
      }),
      { numRuns: 300 },
    );
  });
});
