/**
 * The HPA controller's reused pod records (built-in policies get the controller's own record per pod, overwritten at
 * every sync, and their metric samples written in place): every sync's pods, as the policy sees them at its call,
 * equal the new records made every sync (HpaController.reusePods = false, the reference) — serialized at the call,
 * key order included — over runs of the examples with HPAs: request mode with pods created, readied and deleted
 * (hpa-walkthrough; hpa-compare's base under the Kubernetes HPA and under target tracking) and fluid mode (month).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../../../scenarios/load';
import { Simulation } from '../../../models/simulation';
import { TraceWriter } from '../../../reports/traceWriter';
import { HpaController } from '../../../models/hpa/controller';
import * as policyModule from '../../../models/hpa/policies/policy';
import { minutes } from '../../../engine/time';
import type { HpaPod } from '../../../models/hpa';

const EX = path.join(__dirname, '../../../scenarios/examples');

interface Seen {
  /** Each sync's policy name, time and pods, JSON at the policy's call. */
  readonly log: string[];
  /** Pod records handed over, and how many distinct objects they were. */
  readonly handed: number;
  readonly distinct: number;
}

function run(paths: string[], duration: number | undefined, reuse: boolean): Seen {
  const log: string[] = [];
  const objects = new Set<HpaPod>();
  let handed = 0;
  const original = policyModule.decideChecked;
  const spy = jest.spyOn(policyModule, 'decideChecked').mockImplementation((policy, input, history, label) => {
    log.push(`${label} ${input.now} ${JSON.stringify(input.pods)}`);
    for (const p of input.pods) objects.add(p);
    handed += input.pods.length;
    return original(policy, input, history, label);
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-hpa-reuse-'));
  HpaController.reusePods = reuse;
  try {
    const scenario = loadScenario(paths, duration === undefined ? {} : { duration: duration as never });
    const writer = new TraceWriter(path.join(dir, 'out'));
    new Simulation(scenario, writer).runUntil(scenario.duration);
    writer.commit();
  } finally {
    HpaController.reusePods = true;
    spy.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { log, handed, distinct: objects.size };
}

describe('reused HPA pod records', () => {
  test.each([
    ['hpa-walkthrough', [`${EX}/hpa-walkthrough.yaml`], undefined],
    ['hpa-compare kubernetes-hpa', [`${EX}/hpa-compare/base`, `${EX}/hpa-compare/kubernetes-hpa.yaml`], minutes(30)],
    ['hpa-compare target-tracking', [`${EX}/hpa-compare/base`, `${EX}/hpa-compare/target-tracking.yaml`], minutes(30)],
    ['month (fluid)', [`${EX}/month.yaml`], minutes(60)],
  ])('%s: every sync hands the policy the same pods as new records would', (_name, paths, duration) => {
    const reused = run(paths, duration, true);
    const fresh = run(paths, duration, false);
    expect(fresh.log.length).toBeGreaterThan(10);
    expect(reused.log.length).toBe(fresh.log.length);
    for (let i = 0; i < fresh.log.length; i++) if (reused.log[i] !== fresh.log[i]) expect(reused.log[i]).toBe(fresh.log[i]);
    // The fast path ran: far fewer objects than pods handed over (one per pod), where the reference makes one each.
    expect(fresh.distinct).toBe(fresh.handed);
    expect(reused.distinct).toBeLessThan(reused.handed / 2);
  });
});
