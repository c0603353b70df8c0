/**
 * TickBatches (issue #13): members due at one instant run from one event, each in the place its own event would have
 * had. The reference is the same program with batching off (one event per member, scheduled and cancelled as
 * before): every run must log the same members and other events at the same instants in the same order, and handle
 * the same number of events. fast-check prints the seed and path of a failing case; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { Simulator } from '../../../engine/simulator';
import { Priority, type PriorityLevel } from '../../../engine/priority';
import { micros } from '../../../engine/time';
import { TickBatches, type Batchable } from '../../../models/kubelet/tickBatches';

const { ACTION, KUBELET, TRAFFIC, CONTROLLER } = Priority;
const PRIORITIES: readonly PriorityLevel[] = [ACTION, KUBELET, TRAFFIC, CONTROLLER];

/** What one handler does: schedule another event, (re)schedule a member, cancel a member. */
type Act =
  | { kind: 'other'; delay: number; priority: number }
  | { kind: 'member'; delay: number; member: number }
  | { kind: 'cancel'; member: number };

interface Program {
  readonly members: number;
  /** At t = 0: each member's first run at 10 × k (several members at one instant: the batches). */
  readonly starts: readonly (number | null)[];
  readonly others: readonly { at: number; priority: number }[];
  /** Acts of the n-th handler run (member or other), in order; runs beyond the list act nothing. */
  readonly acts: readonly (readonly Act[])[];
  readonly chunks: readonly number[];
}

interface Member extends Batchable {
  readonly id: number;
}

function run(p: Program, batched: boolean): { log: string[]; events: number } {
  const sim = new Simulator();
  const log: string[] = [];
  let n = 0;
  const members: Member[] = [];
  const act = () => {
    for (const a of p.acts[n++] ?? []) {
      if (a.kind === 'other') sim.schedule(micros(a.delay), otherType, `o${n}`, PRIORITIES[a.priority]);
      else if (a.kind === 'cancel') ticks.cancel(members[a.member % p.members]);
      else {
        const m = members[a.member % p.members];
        ticks.cancel(m);
        ticks.schedule(micros(sim.now + a.delay), m);
      }
    }
  };
  const otherType = sim.register<string>('other', (l) => {
    log.push(`${l}@${sim.now}`);
    act();
  });
  const ticks = new TickBatches<Member>(sim, 'tick', KUBELET, (m) => {
    log.push(`m${m.id}@${sim.now}`);
    act();
  }, batched);
  for (let i = 0; i < p.members; i++) members.push({ id: i, batch: undefined, batchSeq: -1, batchKey: undefined });
  // Starts and others interleaved at t = 0, so other events take seqs between a batch's members.
  for (let i = 0; i < Math.max(p.starts.length, p.others.length); i++) {
    const s = p.starts[i];
    if (s !== undefined && s !== null && i < p.members) ticks.schedule(micros(10 * s), members[i]);
    const o = p.others[i];
    if (o !== undefined) sim.scheduleAt(micros(10 * o.at), otherType, `x${i}`, PRIORITIES[o.priority]);
  }
  let t = 0;
  for (const c of p.chunks) sim.runUntil(micros((t += c)));
  sim.runUntil(micros(1000));
  log.push(`pending:${members.filter((m) => ticks.pending(m)).length}`);
  return { log, events: sim.eventsProcessed };
}

const actArb: fc.Arbitrary<Act> = fc.oneof(
  fc.record({ kind: fc.constant('other' as const), delay: fc.constantFrom(0, 0, 5, 10), priority: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('member' as const), delay: fc.constantFrom(0, 10, 10, 20), member: fc.nat(20) }),
  fc.record({ kind: fc.constant('cancel' as const), member: fc.nat(20) }),
);

const programArb: fc.Arbitrary<Program> = fc.record({
  members: fc.integer({ min: 1, max: 8 }),
  starts: fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), { maxLength: 8 }),
  others: fc.array(fc.record({ at: fc.integer({ min: 0, max: 3 }), priority: fc.integer({ min: 0, max: 3 }) }), { maxLength: 6 }),
  acts: fc.array(fc.array(actArb, { maxLength: 3 }), { maxLength: 60 }),
  chunks: fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 4 }),
});

describe('TickBatches', () => {
  it('a hand case: two members at one instant with another event scheduled between them run member, event, member', () => {
    const p: Program = { members: 2, starts: [1, 1], others: [{ at: 1, priority: KUBELET }], acts: [], chunks: [] };
    // Seqs at t = 0: m0's tick, x0 (KUBELET at 10), m1's tick: at 10 the order is m0, x0, m1 (one batch, split by x0).
    expect(run(p, true).log).toEqual(['m0@10', 'x0@10', 'm1@10', 'pending:0']);
    expect(run(p, true).events).toBe(3);
    expect(run(p, false)).toEqual(run(p, true));
  });

  it('equals one event per member on random programs (batches, events in between, cancels, reschedules, chunks)', () => {
    fc.assert(
      fc.property(programArb, (p) => {
        expect(run(p, true)).toEqual(run(p, false));
      }),
      { numRuns: 400 },
    );
  });
});
