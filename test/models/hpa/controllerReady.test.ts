/**
 * The controller's Ready record per pod (controller.ts hpaPod): it remembers where a pod's Ready condition sits in
 * its status.conditions and the record it last handed to the policy. Checked against the reference — a fresh scan of
 * the pod's conditions at that instant — at every sync of every HPA over the month example's first 12 minutes,
 * where new pods come at every sync for 6 minutes (the checking policy scales up by one), start unready (Ready
 * False) and turn ready.
 */
import * as path from 'node:path';
import { minutes } from '../../../engine/time';
import { loadScenario } from '../../../scenarios/load';
import { Simulation } from '../../../models/simulation';
import { MemoryRecorder } from '../../../models/recorder';
import type { AutoscalerPolicyFactory } from '../../../models/hpa/policies/policy';
import type { ResolvedScenario } from '../../../scenarios/types';

describe('the HPA controller hands each pod its current Ready condition', () => {
  it('equals a fresh scan of the pod at every sync, through readiness changes and new pods', () => {
    const base = loadScenario([path.join(__dirname, '../../../scenarios/examples/month.yaml')], { duration: minutes(12) });
    let sim: Simulation | undefined;
    let checked = 0;
    const statuses = new Set<string>();
    // A policy that checks its input and keeps the current size (the reference needs the live store: `sim`).
    const checking = (namespace: string): AutoscalerPolicyFactory => () => ({
      name: 'check',
      decide(input) {
        for (const p of input.pods) {
          const obj = sim!.ctx.store.getPod(namespace, p.name)!;
          const c = obj.status.conditions.find((x) => x.type === 'Ready');
          expect(p.ready).toEqual(c === undefined ? null : { status: c.status, lastTransitionTime: c.lastTransitionTime });
          statuses.add(`${c?.status}`);
          checked++;
        }
        return { desiredReplicas: input.scale.specReplicas + (input.now < minutes(6) ? 1 : 0) };
      },
    });
    const s: ResolvedScenario = { ...base, autoscalers: base.autoscalers.map((a) => ({ ...a, policy: { ...a.policy, factory: checking(a.namespace) } })) };
    sim = new Simulation(s, new MemoryRecorder());
    sim.runUntil(s.duration);
    // Not vacuous: 10 HPAs × 49 syncs (every 15 s over 12 min), growing by one pod a sync for 6 minutes, each with at
    // least one pod; pods seen unready (False) and ready (True).
    expect(checked).toBeGreaterThan(10 * 49);
    expect([...statuses].sort()).toEqual(['False', 'True']);
  });
});
