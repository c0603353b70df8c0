/**
 * Scale-up end to end through the Simulation, on the fake cloud: vectors CA-01 (age gates, the trigger), CA-02
 * (binpacking, events, upcoming nodes), CA-06 (NotTriggerScaleUp reasons and the spam filter), CA-07
 * (max-nodes-total), CA-09 (timeout and backoff), CA-17 (status).
 */
import { seconds } from '../../../engine/time';
import { caEvents, deployment, rows, runCa, scenario } from './harness';

// "loops: timer" = no unschedulable-pod trigger and no immediate loops: frequentLoopsEnabled false.
const TIMER = 'frequentLoopsEnabled: false';
const NG_A = '{namePrefix: ng-a, count: 1, min: 1, max: 10, cpu: 4, memory: 16Gi}';
// The node is full: a 4000m pod on it from t = 0.
const FILLER = deployment('filler', 1, '4', '1Gi');

describe('CA-01 age gates and the loop trigger', () => {
  const build = (ca: string, timeline: string[], extraDocs: string[] = []) =>
    scenario({ pools: [NG_A], ca: `{${ca}}`, docs: [FILLER, deployment('app', 0, '1', '1Gi'), ...extraDocs], timeline });
  const P_AT_3 = ['{at: 3s, action: scale, target: deploy/app, replicas: 1}'];
  it.each([
    // a: at t=10 p is 7 s old (> 0 s) and 3 + 2 <= 10: scale-up 1 -> 2.
    ['a', build(TIMER, P_AT_3), 10],
    // b: the trigger fires at 3: all pods new (3 + 2 > 3), the timer restarts at 3 -> 13.
    ['b', build('', P_AT_3), 13],
    // c: age must be > 20 s: 7 and 17 fail, 27 passes at t=30.
    ['c', build(`${TIMER}, newPodScaleUpDelay: 20s`, P_AT_3), 30],
  ])('CA-01 %s: the scale-up time', (_id, yaml, at) => {
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(40));
    expect(rows(rec, 'scale-up')).toEqual([`${at} scale-up ng-a  1->2`]);
  });
  it('CA-01 b: the loop at 3 finds the pods very new and skips scale-down', () => {
    const { sim, rec } = runCa(build('', P_AT_3));
    sim.runUntil(seconds(12));
    expect(rows(rec)).toEqual(['3 no-scale-up   ->']);
    expect(rec.nodeAutoscalerRows[0].reason).toBe('Unschedulable pods are very new, waiting one iteration for more');
  });
  it('CA-01 d: q (created 9.5) passes the age filter; the 2 s buffer looks at the oldest pod only; events', () => {
    const { sim, rec } = runCa(build(TIMER, ['{at: 3s, action: scale, target: deploy/app, replicas: 1}', '{at: 9.5s, action: scale, target: deploy/app, replicas: 2}']));
    sim.runUntil(seconds(10));
    expect(rows(rec, 'scale-up')).toEqual(['10 scale-up ng-a  1->2']);
    expect(rec.nodeAutoscalerRows.find((r) => r.action === 'scale-up')!.pods.split(' ')).toHaveLength(2);
    const ev = caEvents(rec);
    expect(ev.slice(0, 2)).toEqual([
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: setting group ng-a size to 2 instead of 1 (max: 10)',
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: group ng-a size set to 2 instead of 1 (max: 10)',
    ]);
    expect(ev.slice(2).map((e) => e.replace(/Pod\/app-[a-z0-9-]+/, 'Pod/<p>'))).toEqual([
      '10 Normal TriggeredScaleUp Pod/<p>: pod triggered scale-up: [{ng-a 1->2 (max: 10)}]',
      '10 Normal TriggeredScaleUp Pod/<p>: pod triggered scale-up: [{ng-a 1->2 (max: 10)}]',
    ]);
  });
});
