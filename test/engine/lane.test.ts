/**
 * Lane types (Simulator.register(…, { lane: true }), engine/queue.ts): their events live in a second, small heap and
 * a pop takes the earlier of the two heaps' tops, so a run must be exactly the run with no lane at all — the same
 * events at the same times in the same order, the same cancel/postpone answers, the same event count. Expected values
 * come from the one-heap engine (its order is pinned by simulator.test.ts) on the same random program, plus one
 * hand-ordered case.
 *
 * fast-check prints the seed and path of a failing property; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { Simulator, type EventKey, type EventType } from '../../engine/simulator';
import { Priority, type PriorityLevel } from '../../engine/priority';
import { micros } from '../../engine/time';

const { ACTION, KUBELET, TRAFFIC, CONTROLLER, SAMPLE } = Priority;
const PRIORITIES: readonly PriorityLevel[] = [ACTION, KUBELET, TRAFFIC, CONTROLLER, SAMPLE];

describe('lane types', () => {
  it('interleave with the main heap by (time, priority, seq): a hand-ordered case', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const main = sim.register<string>('main', (l) => log.push(`${l}@${sim.now}`));
    const lane = sim.register<string>('lane', (l) => log.push(`${l}@${sim.now}`), { lane: true });
    sim.scheduleAt(micros(10), main, 'm1', TRAFFIC); // seq 0
    sim.scheduleAt(micros(10), lane, 'l1', TRAFFIC); // seq 1: after m1 (same time and priority, later seq)
    sim.scheduleAt(micros(10), lane, 'l0', KUBELET); // seq 2: before both (KUBELET < TRAFFIC)
    sim.scheduleAt(micros(5), main, 'm0', SAMPLE); // seq 3: earliest time
    const k = sim.scheduleAt(micros(7), lane, 'gone', ACTION);
    expect(sim.cancel(k)).toBe(true);
    sim.scheduleAt(micros(12), lane, 'l2', TRAFFIC);
    expect(sim.nextEventTime()).toBe(5);
    sim.runUntil(micros(20));
    expect(log).toEqual(['m0@5', 'l0@10', 'm1@10', 'l1@10', 'l2@12']);
    expect(sim.eventsProcessed).toBe(5);
  });

  interface Step {
    type: number;
    delay: number;
    priority: PriorityLevel;
  }
  interface Behaviour {
    followUps: Step[];
    cancels: number[];
    postpones: { index: number; by: number }[];
    /** Ask runsNext for the first follow-up and run it at once when the answer is yes. */
    inline: boolean;
  }
  interface Program {
    initial: { type: number; at: number; priority: PriorityLevel }[];
    behaviours: Behaviour[];
    cuts: number[];
  }
  const stepArb = fc.record({ type: fc.integer({ min: 0, max: 2 }), delay: fc.integer({ min: 0, max: 5 }), priority: fc.constantFrom(...PRIORITIES) });
  const programArb: fc.Arbitrary<Program> = fc.record({
    // Small time ranges force ties, so priority and seq decide between the heaps.
    initial: fc.array(fc.record({ type: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 0, max: 20 }), priority: fc.constantFrom(...PRIORITIES) }), { maxLength: 40 }),
    behaviours: fc.array(
      fc.record({
        followUps: fc.array(stepArb, { maxLength: 2 }),
        cancels: fc.array(fc.nat(1_000), { maxLength: 1 }),
        postpones: fc.array(fc.record({ index: fc.nat(1_000), by: fc.integer({ min: 0, max: 4 }) }), { maxLength: 1 }),
        inline: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    cuts: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 5 }),
  });

  /** Runs `p` with the types in `lanes` registered as lane types; returns its log and event count. */
  function run(p: Program, lanes: readonly boolean[]): { log: string[]; events: number } {
    const sim = new Simulator();
    const log: string[] = [];
    const keys: EventKey[] = [];
    let issued = 0;
    const types: EventType<number>[] = [];
    const handle = (id: number): void => {
      for (;;) {
        log.push(`${id}@${sim.now}`);
        const b = p.behaviours[id % p.behaviours.length];
        let again = -1;
        b.followUps.forEach((f, i) => {
          if (issued >= 300) return;
          const at = micros(sim.now + f.delay);
          const next = issued++;
          // The first follow-up may run at once (as the traffic model's arrivals do): it must be scheduled last.
          if (i === 0 && b.inline && b.followUps.length === 1 && sim.runsNext(at)) {
            keys.push(-1);
            again = next;
            return;
          }
          keys.push(sim.scheduleAt(at, types[f.type], next, f.priority));
        });
        for (const c of b.cancels) if (keys.length > 0) log.push(`cancel ${c % keys.length} ${sim.cancel(keys[c % keys.length])}`);
        for (const q of b.postpones) {
          if (keys.length === 0) continue;
          const i = q.index % keys.length;
          log.push(`postpone ${i} ${sim.postpone(keys[i], micros(sim.now + q.by))}`);
        }
        if (again < 0) return;
        id = again;
      }
    };
    for (let t = 0; t < 3; t++) types.push(sim.register<number>(`t${t}`, handle, { lane: lanes[t] }));
    for (const e of p.initial) {
      keys.push(sim.scheduleAt(micros(e.at), types[e.type], issued++, e.priority));
    }
    for (const c of [...p.cuts].sort((a, b) => a - b)) {
      if (c < sim.now) continue;
      log.push(`next ${sim.nextEventTime()}`);
      sim.runUntil(micros(c));
    }
    sim.runUntil(micros(1_000));
    return { log, events: sim.eventsProcessed };
  }

  it('a run with any types in the lane equals the run with none (fast-check: schedules, cancels, postpones, runsNext, chunks)', () => {
    fc.assert(
      fc.property(programArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (p, lanes) => {
        const expected = run(p, [false, false, false]);
        expect(run(p, lanes)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
