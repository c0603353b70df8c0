/**
 * The Ready record the HPA controller hands its policy for each pod (kept per pod between syncs, the pod's
 * conditions searched only when its list is another array or grew): at every sync it must equal the pod's first
 * Ready condition read afresh from the store — status and lastTransitionTime, or null without one — over runs where
 * pods are created, turn Ready, fail probes and are deleted (hpa-walkthrough, hpa-compare's base, the month in fluid mode).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../../../scenarios/load';
import { Simulation } from '../../../models/simulation';
import { TraceWriter } from '../../../reports/traceWriter';
import * as policyModule from '../../../models/hpa/policies/policy';
import { micros, minutes, type Micros } from '../../../engine/time';
import { setCondition } from '../../../models/kubelet/podConditions';
import type { PodObj } from '../../../models/cluster/objects';
import type { HpaPod } from '../../../models/hpa';

const EX = path.join(__dirname, '../../../scenarios/examples');

describe('the HPA controller’s Ready records', () => {
  test.each([
    ['hpa-walkthrough', [`${EX}/hpa-walkthrough.yaml`], undefined, false],
    ['hpa-compare kubernetes-hpa', [`${EX}/hpa-compare/base`, `${EX}/hpa-compare/kubernetes-hpa.yaml`], minutes(30), false],
    ['month (fluid)', [`${EX}/month.yaml`], minutes(60), true],
  ])('%s: every sync’s pods carry their Ready condition as the store has it', (_name, paths, duration, changes) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-hpa-ready-'));
    let sim: Simulation | undefined;
    let pods = 0;
    let transitions = 0;
    const last = new Map<string, string>();
    const original = policyModule.decideChecked;
    const spy = jest.spyOn(policyModule, 'decideChecked').mockImplementation((policy, input, history, label) => {
      for (const p of input.pods) {
        const obj = sim!.ctx.store.get('Pod', input.hpa.metadata?.namespace ?? 'default', p.name)!;
        const c = obj.status.conditions.find((x) => x.type === 'Ready');
        const want = c === undefined ? null : { status: c.status, lastTransitionTime: c.lastTransitionTime };
        if (JSON.stringify(p.ready) !== JSON.stringify(want)) expect(p.ready).toEqual(want);
        const seen = JSON.stringify(want);
        if (last.has(p.name) && last.get(p.name) !== seen) transitions++;
        last.set(p.name, seen);
        pods++;
      }
      return original(policy, input, history, label);
    });
    try {
      const scenario = loadScenario(paths, duration === undefined ? {} : { duration: duration as never });
      const writer = new TraceWriter(path.join(dir, 'out'));
      sim = new Simulation(scenario, writer);
      sim.runUntil(scenario.duration);
      writer.commit();
    } finally {
      spy.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(pods).toBeGreaterThan(100);
    // The month changes pods' Ready conditions between syncs (pods the HPA saw before they turned Ready).
    if (changes) expect(transitions).toBeGreaterThan(0);
  });

  test('a pod’s Ready condition changed in place, added by a copy, added to the same list, or gone', () => {
    const scenario = loadScenario([`${EX}/hpa-walkthrough.yaml`], { duration: minutes(5) as never });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-hpa-ready-'));
    const sim = new Simulation(scenario, new TraceWriter(path.join(dir, 'out')));
    try {
      sim.runUntil(scenario.duration);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const pod = [...sim.ctx.store.list('Pod')].find((p) => p.status.conditions.some((c) => c.type === 'Ready'))!;
    const controller = sim.autoscalers as unknown as { hpaPod(p: PodObj, now: Micros, reuse: boolean): HpaPod };
    const ready = () => controller.hpaPod(pod, sim.ctx.clock.now, true).ready;
    const first = { ...pod.status.conditions.find((c) => c.type === 'Ready')! };
    expect(ready()).toEqual({ status: first.status, lastTransitionTime: first.lastTransitionTime });
    // In place: the same entry, a new status and time.
    const flipped = first.status === 'True' ? 'False' : 'True';
    setCondition(pod, 'Ready', flipped, micros(first.lastTransitionTime + 7));
    expect(ready()).toEqual({ status: flipped, lastTransitionTime: first.lastTransitionTime + 7 });
    // Gone: a list without it; then added by a copy (setCondition's concat); then pushed to that same list.
    const others = pod.status.conditions.filter((c) => c.type !== 'Ready');
    pod.status.conditions = others;
    expect(ready()).toBeNull();
    setCondition(pod, 'Ready', 'True', micros(123));
    expect(ready()).toEqual({ status: 'True', lastTransitionTime: 123 });
    const bare = pod.status.conditions.filter((c) => c.type !== 'Ready');
    pod.status.conditions = bare;
    expect(ready()).toBeNull();
    bare.push({ type: 'Ready', status: 'False', lastTransitionTime: micros(456) });
    expect(ready()).toEqual({ status: 'False', lastTransitionTime: 456 });
  });
});
