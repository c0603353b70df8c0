/**
 * scenarios/examples/statefulset.yaml and daemonset.yaml through the real CLI; every key number is derived by hand
 * in the comments from the scenario's own settings and the controllers' rules (workloads.md §5, §6).
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

function runExample(name: string): string {
  const dir = tempDir();
  const r = k8sim(['run', `scenarios/examples/${name}.yaml`, '--out', dir]);
  if (r.code !== 0) throw new Error(`k8sim run ${name} exited ${r.code}: ${r.stderr}`);
  return dir;
}
const row = (rows: Record<string, string>[], kind: string, t: number) => {
  const r = rows.find((x) => x.kind === kind && Number(x.time_s) === t)!;
  return [Number(r.desired), Number(r.current), Number(r.ready), Number(r.available)];
};

describe('statefulset.yaml: OrderedReady with one slow pod, then a scale-down', () => {
  const dir = runExample('statefulset');
  const events = readCsv(path.join(dir, 'events.csv')).filter((e) => e.kind === 'StatefulSet');
  const workloads = readCsv(path.join(dir, 'workloads.csv'));
  const pods = readCsv(path.join(dir, 'pods.csv'));

  test('web-0 at 0, web-1 at 5, web-2 at 69: each waits for the one before to be Running and Ready', () => {
    // web-0: created 0, pull 4 s + start 1 s → Ready 5 → web-1 created 5 on another node (the scheduler spreads:
    // LeastAllocated), pull 4 s + its own start 60 s → Ready 69 → web-2 created 69, pull 4 + start 1 → Ready 74.
    const creates = events.filter((e) => e.message.startsWith('create Pod')).map((e) => [Number(e.time_s), e.message]);
    expect(creates).toEqual([
      [0, 'create Pod web-0 in StatefulSet web successful'],
      [5, 'create Pod web-1 in StatefulSet web successful'],
      [69, 'create Pod web-2 in StatefulSet web successful'],
    ]);
    expect(pods.filter((r) => r.container_state === 'running').map((r) => [r.pod, Number(r.time_s)])).toEqual([
      ['web-0', 5],
      ['web-1', 69],
      ['web-2', 74],
    ]);
  });

  test('each pod is announced with its claim from the volumeClaimTemplate "data", claim first', () => {
    const claims = events.filter((e) => e.message.startsWith('create Claim')).map((e) => e.message);
    expect(claims).toEqual([
      'create Claim data-web-0 Pod web-0 in StatefulSet web success',
      'create Claim data-web-1 Pod web-1 in StatefulSet web success',
      'create Claim data-web-2 Pod web-2 in StatefulSet web success',
    ]);
  });

  test('scale to 1 at 180: web-2 deleted at 180, web-1 at 185 once web-2 is gone (5 s SIGTERM exit)', () => {
    const deletes = events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => [Number(e.time_s), e.message]);
    expect(deletes).toEqual([
      [180, 'delete Pod web-2 in StatefulSet web successful'],
      [185, 'delete Pod web-1 in StatefulSet web successful'],
    ]);
  });

  test('workloads.csv (desired, current, ready, available) at 0, 60, 70, 80, 180, 190', () => {
    // 0: web-0 created, none Ready; 60: web-0 and web-1 exist, web-0 Ready; 70: web-2 exists (69), web-1 Ready;
    // 80: all three Ready (74); 180: desired 1, web-2 terminating still counted as a replica but not Ready;
    // 190: web-2 gone (185), web-1 gone (190).
    expect([0, 60, 70, 80, 180, 190].map((t) => row(workloads, 'StatefulSet', t))).toEqual([
      [3, 1, 0, 0],
      [3, 2, 1, 1],
      [3, 3, 2, 2],
      [3, 3, 3, 3],
      [1, 3, 2, 2],
      [1, 1, 1, 1],
    ]);
  });
});

describe('daemonset.yaml: one agent per node, worker-3 joining at 90 s', () => {
  const dir = runExample('daemonset');
  const events = readCsv(path.join(dir, 'events.csv'));
  const workloads = readCsv(path.join(dir, 'workloads.csv'));
  const pods = readCsv(path.join(dir, 'pods.csv'));

  test('three pods created at 0, one bound to each node by the scheduler', () => {
    const created = events.filter((e) => e.kind === 'DaemonSet' && e.reason === 'SuccessfulCreate');
    expect(created.map((e) => Number(e.time_s))).toEqual([0, 0, 0]);
    const nodes = events.filter((e) => e.reason === 'Scheduled').map((e) => e.message.replace(/.* to /, ''));
    expect(nodes).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  test('worker-1 and worker-2 agents run at 3 s; worker-3 waits for its machine and runs at 93 s', () => {
    // Pull 2 s + start 1 s. worker-3's machine is off from 0; NotReady at 55 (last lease 0 + grace 50 s, next 5 s
    // monitor tick); the pod tolerates unreachable:NoExecute so it stays; nodeUp at 90 → pull 2 + start 1 → 93.
    const running = pods.filter((r) => r.container_state === 'running').map((r) => [r.node, Number(r.time_s)]);
    expect(running).toEqual([
      ['worker-1', 3],
      ['worker-2', 3],
      ['worker-3', 93],
    ]);
    expect(events.filter((e) => e.reason === 'NodeNotReady' && e.kind === 'Node').map((e) => Number(e.time_s))).toEqual([55]);
    expect(events.some((e) => e.reason === 'TaintManagerEviction' || (e.kind === 'DaemonSet' && e.reason === 'SuccessfulDelete'))).toBe(false);
  });

  test('workloads.csv DaemonSet rows: desired 3 throughout, ready 2 until worker-3 joins, 3 from 100 s; cordon changes nothing', () => {
    expect([0, 10, 90, 100, 120, 180].map((t) => row(workloads, 'DaemonSet', t))).toEqual([
      [3, 3, 0, 0],
      [3, 3, 2, 2],
      [3, 3, 2, 2],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
    ]);
  });
});
