/**
 * Simulator.runsNextReserved: a handler holding other events' work (each with a seq from reserve()) runs the next one
 * at once only when its key (time, priority, seq) comes before every pending event; then that key is the running
 * event's (hasRun answers as inside it) and it counts as handled. Expected answers derived by hand from the
 * (time, priority, seq) order stated in simulator.ts.
 */
import { Simulator } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { micros } from '../../engine/time';

const { ACTION, KUBELET, TRAFFIC } = Priority;

describe('Simulator.runsNextReserved', () => {
  it('answers by the full key: an event in between (same time, earlier seq or lower priority) says no', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const other = sim.register<string>('other', (l) => log.push(`${l}@${sim.now}`));
    let seqs: number[] = [];
    const holder = sim.register<null>('holder', () => {
      log.push(`h0@${sim.now}`);
      // seqs[1] (reserved before 'mid' was scheduled) comes before 'mid': yes.
      log.push(`s1:${sim.runsNextReserved(micros(10), KUBELET, seqs[1])}`);
      // hasRun now answers as inside s1's event: s1's own key is not before itself, seqs[0]'s is.
      log.push(`hasRun:${sim.hasRun(micros(10), KUBELET, seqs[0])},${sim.hasRun(micros(10), KUBELET, seqs[1])}`);
      // seqs[2] was reserved after 'mid' (KUBELET, same time): no.
      log.push(`s2:${sim.runsNextReserved(micros(10), KUBELET, seqs[2])}`);
    });
    seqs = [sim.reserve(), sim.reserve()];
    sim.scheduleReserved(micros(10), holder, null, KUBELET, seqs[0]);
    sim.scheduleAt(micros(10), other, 'mid', KUBELET);
    seqs.push(sim.reserve());
    sim.scheduleAt(micros(10), other, 'traffic', TRAFFIC); // after every KUBELET key of the instant
    sim.runUntil(micros(20));
    expect(log).toEqual(['h0@10', 's1:true', 'hasRun:true,false', 's2:false', 'mid@10', 'traffic@10']);
    // holder, s1 (inline), mid, traffic: s2 was refused, so not counted.
    expect(sim.eventsProcessed).toBe(4);
  });

  it('an event scheduled by the work before (a lower priority at the same instant) comes first; a later time never runs inline past the bound', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const other = sim.register<string>('other', (l) => log.push(`${l}@${sim.now}`));
    let seqs: number[] = [];
    const holder = sim.register<null>('holder', () => {
      sim.scheduleAt(sim.now, other, 'action', ACTION); // (10, ACTION, later seq) is before (10, KUBELET, any seq)
      log.push(`s1:${sim.runsNextReserved(micros(10), KUBELET, seqs[1])}`);
      log.push(`late:${sim.runsNextReserved(micros(30), KUBELET, seqs[2])}`); // past runUntil's bound (20)
    });
    seqs = [sim.reserve(), sim.reserve(), sim.reserve()];
    sim.scheduleReserved(micros(10), holder, null, KUBELET, seqs[0]);
    sim.runUntil(micros(20));
    expect(log).toEqual(['s1:false', 'late:false', 'action@10']);
  });

  it('throws for a key not after the running event (it would run out of order)', () => {
    const sim = new Simulator();
    let err = '';
    let early = -1;
    const holder = sim.register<null>('holder', () => {
      try {
        sim.runsNextReserved(micros(10), KUBELET, early);
      } catch (e) {
        err = (e as Error).message;
      }
    });
    early = sim.reserve();
    sim.scheduleReserved(micros(10), holder, null, KUBELET, sim.reserve());
    sim.runUntil(micros(10));
    expect(err).toMatch(/not after the running event/);
  });
});
