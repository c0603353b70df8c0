/**
 * Graceful termination against the vectors T-1..T-5 of workloads-vectors.md §2: the preStop hook counted against
 * terminationGracePeriodSeconds (whole seconds off, at least 2 s left), SIGTERM handling from the Behavior, SIGKILL
 * (137) at the end, requests refused once the process no longer accepts, drains, and the terminating endpoint.
 * The pod is deleted at t = 10 s (times below are after the delete).
 */
import { seconds, milliseconds, ZERO } from '../../../engine/time';
import type { ResolvedBehavior } from '../../../models/behaviors';
import type { ResolvedPreStop } from '../../../models/cluster/spec';
import type { TimelineAction } from '../../../models/controllers/timelineAction';
import { behavior, container, fixed, pod, podSpec, run, scenario, service, traffic } from '../../support/build';

const T0 = 10;
const src = { file: 'test', line: 1 };
const del = (name: string, at = T0): TimelineAction => ({ at: seconds(at), action: 'deletePod', pods: { namespace: 'default', name }, source: src });

function terminate(preStop: ResolvedPreStop | undefined, b: Partial<ResolvedBehavior>) {
  const spec = podSpec({ containers: [container('app', preStop ? { preStop } : {})] });
  const s = scenario({ pods: [pod('web-1', { app: 'web' }, spec)], behaviors: [behavior({ app: 'web' }, b)], timeline: [del('web-1')], duration: seconds(100) });
  const { rec, sim } = run(s);
  const exit = rec.pods.find((r) => r.container === 'app' && r.containerState === 'terminated')!;
  const killing = rec.events.filter((e) => e.reason === 'Killing').map((e) => [e.time / 1e6 - T0, e.message]);
  const deleted = rec.pods.find((r) => r.status === 'Deleted');
  return { exit: [exit.time / 1e6 - T0, exit.exitCode, exit.reason], killing, deletedAt: deleted && deleted.time / 1e6 - T0, sim };
}

const exec = (target = 'sh -c sleep'): ResolvedPreStop => ({ handler: 'exec', target });

describe('graceful termination vectors', () => {
  it('T-1: preStop exec 5 s, app exits 0 three seconds after SIGTERM -> exit 0 (Completed) at 8, object removed', () => {
    const r = terminate(exec(), { preStop: fixed(5), onSigterm: { action: 'exit', after: fixed(3), code: 0 } });
    expect(r.killing).toEqual([[0, 'Stopping container app']]);
    expect(r.exit).toEqual([8, 0, 'Completed']);
    expect(r.deletedAt).toBe(8);
  });

  it('T-2: preStop sleep 40 > grace 30 -> SIGTERM at 30 with 2 s left, SIGKILL at 32 (137 Error)', () => {
    const r = terminate({ handler: 'sleep', sleep: seconds(40), target: 'sleep 40' }, { onSigterm: { action: 'ignore', after: fixed(0), code: 143 } });
    expect(r.exit).toEqual([32, 137, 'Error']);
  });

  it('T-3: no preStop, SIGTERM ignored -> SIGKILL at 30; without a handler 143 at once', () => {
    expect(terminate(undefined, { onSigterm: { action: 'ignore', after: fixed(0), code: 143 } }).exit).toEqual([30, 137, 'Error']);
    expect(terminate(undefined, {}).exit).toEqual([0, 143, 'Error']);
  });

  it('T-4: preStop exec 4.9 s takes 4 whole seconds off -> SIGKILL at 30.9, not 30', () => {
    const r = terminate(exec(), { preStop: { kind: 'fixed', value: milliseconds(4900) }, onSigterm: { action: 'ignore', after: fixed(0), code: 143 } });
    expect(r.exit).toEqual([30.9, 137, 'Error']);
  });
});

describe('T-5: the terminating endpoint and requests during termination', () => {
  const three = ['p1', 'p2', 'p3'].map((n) => pod(n, { app: 'web' }, podSpec({ containers: [container('app', { preStop: { handler: 'sleep', sleep: seconds(10), target: 'sleep 10' } })] })));

  it('ready=false serving=true terminating=true at once; kube-proxy drops it one sync later; the object goes at 11', () => {
    const s = scenario({ pods: three, services: [service('web', { app: 'web' })], behaviors: [behavior({ app: 'web' }, { onSigterm: { action: 'exit', after: fixed(1), code: 0 } })], timeline: [del('p1')], duration: seconds(30) });
    const { rec, sim } = run(s, seconds(T0));
    const svc = sim.services.get('default', 'web')!;
    const p1 = sim.ctx.store.getPod('default', 'p1')!;
    expect(svc.members.get(p1)).toBe(2 | 4); // serving | terminating, not ready
    expect(svc.lb.endpoints.map((p) => p.metadata.name)).toEqual(['p1', 'p2', 'p3']); // the proxy has not synced yet
    sim.runUntil(seconds(T0 + 1));
    expect(svc.lb.endpoints.map((p) => p.metadata.name)).toEqual(['p2', 'p3']);
    sim.runUntil(seconds(T0 + 20));
    expect(rec.pods.find((r) => r.pod === 'p1' && r.status === 'Deleted')!.time).toBe(seconds(T0 + 11));
  });

  it('the only endpoint: kube-proxy falls back to the serving terminating pod until it exits', () => {
    const s = scenario({ pods: [three[0]], services: [service('web', { app: 'web' })], behaviors: [behavior({ app: 'web' }, { onSigterm: { action: 'exit', after: fixed(1), code: 0 } })], timeline: [del('p1')], duration: seconds(30) });
    const { sim } = run(s, seconds(T0 + 5));
    expect(sim.services.get('default', 'web')!.lb.endpoints.map((p) => p.metadata.name)).toEqual(['p1']);
    sim.runUntil(seconds(T0 + 13));
    expect(sim.services.get('default', 'web')!.lb.endpoints).toEqual([]);
  });

  /** 10 requests/s of 100 ms each to 3 pods; p1 deleted at T0. Returns the failed request count. */
  function failures(preStop: ResolvedPreStop | undefined, b: Partial<ResolvedBehavior>): { failed: number } {
    const pods = ['p1', 'p2', 'p3'].map((n) => pod(n, { app: 'web' }, podSpec({ containers: [container('app', preStop ? { preStop } : {})] })));
    const s = scenario({ pods, services: [service('web', { app: 'web' })], traffic: [traffic('load', 'web', 10, 100)], behaviors: [behavior({ app: 'web' }, b)], timeline: [del('p1')], duration: seconds(40) });
    const { sim } = run(s);
    const t = sim.services.get('default', 'web')!.stats.totals;
    return { failed: t.failed };
  }

  it('without preStop the pod dies at SIGTERM while kube-proxy still routes to it: requests fail', () => {
    // Arrivals every 0.1 s until the proxy sync at 11 s (the one at 11.0 is routed first: TRAFFIC runs before
    // CONTROLLER at one instant); round robin over 3 pods gives p1 every third: its turns at 10.1, 10.4, 10.7 and
    // 11.0, all refused.
    expect(failures(undefined, {}).failed).toBe(4);
  });

  it('a preStop sleep longer than the proxy sync delay loses none', () => {
    expect(failures({ handler: 'sleep', sleep: seconds(5), target: 'sleep 5' }, {}).failed).toBe(0);
  });

  it('an app that stops accepting at SIGTERM but keeps running fails the requests routed to it (keepAccepting 0)', () => {
    // The same 4 turns of p1 as without a handler: the process runs on, but refuses them.
    expect(failures(undefined, { onSigterm: { action: 'exit', after: fixed(10), code: 0, keepAccepting: ZERO } }).failed).toBe(4);
  });

  it('an app that keeps accepting 2 s and drains its in-flight requests loses none', () => {
    expect(failures(undefined, { onSigterm: { action: 'exit', after: fixed(0), code: 0, keepAccepting: seconds(2), drain: true } }).failed).toBe(0);
  });

  it('drain: the process exits when its last in-flight request completes', () => {
    // One pod, 1 request per second (at 1, 2, 3, … s), 3 s of one core each (4 cores: no contention). At the delete
    // (10 s) the requests of 8 and 9 s are in flight (done at 11 and 12 s); the one of 10 s arrives after the delete
    // (TRAFFIC after ACTION) and is refused (keepAccepting 0). Exit 0 when the last completes: 2 s after the delete.
    const p1 = pod('p1', { app: 'web' }, podSpec({ containers: [container('app')] }));
    const s = scenario({
      pods: [p1],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('load', 'web', 1, 3000)],
      behaviors: [behavior({ app: 'web' }, { onSigterm: { action: 'exit', after: fixed(0), code: 0, keepAccepting: ZERO, drain: true } })],
      timeline: [del('p1')],
      duration: seconds(30),
    });
    const { rec, sim } = run(s);
    const exit = rec.pods.find((r) => r.container === 'app' && r.containerState === 'terminated')!;
    expect([exit.time / 1e6 - T0, exit.exitCode, exit.reason]).toEqual([2, 0, 'Completed']);
    // Refused: the arrivals at 10 and 11 (p1 is the only endpoint: kube-proxy keeps the serving terminating one), 12
    // (refused while draining) and 13 (p1 has exited; its removal reaches kube-proxy at 13, after that arrival).
    const t = sim.services.get('default', 'web')!.stats.totals;
    // Served: the arrivals at 2 … 9 s (the one at 1 s came just before kube-proxy's first sync: no endpoints).
    // 503s: that one at 1 s and the 17 at 14 … 30 s, after p1 left: 30 arrivals = 8 + 4 + 18.
    expect([t.failed, t.success, t.no_endpoints, t.arrivals]).toEqual([4, 8, 18, 30]);
  });
});

