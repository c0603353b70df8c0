/**
 * The invariant checks of the property suite can fail: each is fed hand-made rows breaking it (and the same rows
 * made legal), so a passing property run means the traces kept them, not that a check was blind.
 */
import { micros } from '../../engine/time';
import { MemoryRecorder, type NodeRecord, type PodRecord } from '../../models/recorder';
import { hpaWithinBounds, legalPhases, onePodOneNode, requestsCountedOnce, requestsWithinAllocatable, timeNeverBackwards } from './invariants';

const podRow = (t: number, pod: string, node: string, phase: string): PodRecord => ({
  time: micros(t * 1e6), namespace: 'default', pod, node, phase, ready: false, status: phase, container: '', containerState: '', reason: '', exitCode: undefined, restarts: undefined,
});
const nodeRow = (t: number, node: string, ready: string, cpu = 0): NodeRecord => ({
  time: micros(t * 1e6), node, ready, schedulable: true, cpuRequestedMilli: cpu, cpuAllocatableMilli: 1000, memoryRequestedBytes: 0, memoryAllocatableBytes: 1,
  pods: 0, podsAllocatable: 110, instanceType: '', zone: '', capacityType: '', pricePerHour: undefined, owner: '', reason: '',
});
const rec = (pods: PodRecord[], nodes: NodeRecord[] = []): MemoryRecorder => {
  const r = new MemoryRecorder();
  r.pods.push(...pods);
  r.nodes.push(...nodes);
  return r;
};

test('one pod, one node', () => {
  expect(onePodOneNode(rec([podRow(0, 'a', '', 'Pending'), podRow(1, 'a', 'n1', 'Pending'), podRow(2, 'a', 'n1', 'Running')]))).toBeUndefined();
  expect(onePodOneNode(rec([podRow(1, 'a', 'n1', 'Running'), podRow(2, 'a', 'n2', 'Running')]))).toMatch(/on n1 and then on n2/);
});

test('requests within allocatable: 1000m of 1000m is fine, 1001m is not', () => {
  expect(requestsWithinAllocatable(rec([], [nodeRow(0, 'n1', 'True', 1000)]))).toBeUndefined();
  expect(requestsWithinAllocatable(rec([], [nodeRow(0, 'n1', 'True', 1001)]))).toMatch(/cpu requested 1001m > allocatable 1000m/);
});

test('HPA bounds: desired 3 in [1, 3]; 4 is out; 0 only at 0 current replicas', () => {
  const r = new MemoryRecorder();
  const row = (desired: number, current: number) => ({ time: micros(0), namespace: 'default', hpa: 'h', policy: '', targetKind: 'Deployment', targetName: 'd', currentReplicas: current, readyPods: 0, demandReplicas: null, metrics: [], stabilized: null, desiredReplicas: desired, limitReason: null, conditions: {}, reason: null });
  const b = new Map([['h', { min: 1, max: 3 }]]);
  r.hpas.push(row(3, 2), row(0, 0));
  expect(hpaWithinBounds(r, b)).toBeUndefined();
  r.hpas.push(row(4, 3));
  expect(hpaWithinBounds(r, b)).toMatch(/desired 4 outside \[1, 3\]/);
  const z = new MemoryRecorder();
  z.hpas.push(row(0, 2));
  expect(hpaWithinBounds(z, b)).toMatch(/desired 0/);
});

test('phases: Pending → Running → Failed is legal; Running → Pending, Failed → Running and Unknown on a Ready node are not', () => {
  expect(legalPhases(rec([podRow(0, 'a', '', 'Pending'), podRow(1, 'a', 'n1', 'Running'), podRow(2, 'a', 'n1', 'Failed')]))).toBeUndefined();
  expect(legalPhases(rec([podRow(1, 'a', 'n1', 'Running'), podRow(2, 'a', 'n1', 'Pending')]))).toMatch(/back from Running to Pending/);
  expect(legalPhases(rec([podRow(1, 'a', 'n1', 'Failed'), podRow(2, 'a', 'n1', 'Running')]))).toMatch(/left terminal phase Failed/);
  // Unknown while the node is Unknown, then back to Running once it is Ready again: legal.
  const nodes = [nodeRow(0, 'n1', 'True'), nodeRow(5, 'n1', 'Unknown'), nodeRow(9, 'n1', 'True')];
  expect(legalPhases(rec([podRow(1, 'a', 'n1', 'Running'), podRow(6, 'a', 'n1', 'Unknown'), podRow(9, 'a', 'n1', 'Running')], nodes))).toBeUndefined();
  expect(legalPhases(rec([podRow(1, 'a', 'n1', 'Running'), podRow(3, 'a', 'n1', 'Unknown')], nodes))).toMatch(/Unknown at 3000000 µs on n1, a Ready node/);
  // Nor on the Deleted row: a pod deleted while its node was away is removed by the returning kubelet, which is
  // reachable again, after it has published the pod's final status (Failed after a lost container: KB §2, "since 1.27
  // the kubelet moves deleted pods to Failed or Succeeded before removing them"). The 1,000-case run once found
  // this row (seed 14): the model removed such a pod without publishing its status (fixed in models/kubelet/kubelet.ts
  // nodeUp; test/models/simulation.test.ts "a pod deleted while its node is down").
  const deleted = (phase: string) => ({ ...podRow(9, 'a', 'n1', phase), status: 'Deleted' });
  expect(legalPhases(rec([podRow(1, 'a', 'n1', 'Running'), podRow(6, 'a', 'n1', 'Unknown'), deleted('Unknown')], nodes))).toMatch(/Unknown at 9000000 µs on n1, a Ready node/);
  expect(legalPhases(rec([podRow(1, 'a', 'n1', 'Running'), podRow(6, 'a', 'n1', 'Unknown'), deleted('Failed')], nodes))).toBeUndefined();
});

test('time order', () => {
  expect(timeNeverBackwards(rec([podRow(1, 'a', '', 'Pending'), podRow(1, 'b', '', 'Pending')]))).toBeUndefined();
  expect(timeNeverBackwards(rec([podRow(2, 'a', '', 'Pending'), podRow(1, 'b', '', 'Pending')]))).toMatch(/pods: row 1 at 1000000 µs after a row at 2000000 µs/);
});

test('requests counted once: 2 successes and 1 timeout in requests.csv, services.csv and the totals agree; one more row does not', () => {
  const r = new MemoryRecorder();
  const req = (outcome: string) => ({ time: micros(0), namespace: 'default', service: 'web', traffic: 't', client: 0, pod: 'p', latency: micros(1), outcome, sent: micros(0), wait: micros(0), serviceTime: micros(1), request: 0, attempt: 1, final: true });
  r.requests.push(req('success'), req('success'), req('timeout'));
  r.services.push({ time: micros(0), namespace: 'default', service: 'web', endpoints: 1, arrivals: 4, completed: 2, timeout: 1, rejected: 0, noEndpoints: 0, failed: 0, p50: undefined, p95: undefined, p99: undefined, max: undefined, overSlo: undefined, attempts: 4, retries: 0, retriesRefused: 0, attemptErrors: 0 });
  const totals = new Map([['default/web', { arrivals: 4, success: 2, timeout: 1, rejected: 0, no_endpoints: 0, failed: 0 }]]);
  expect(requestsCountedOnce(r, totals)).toBeUndefined(); // 4 arrivals, 3 ended, 1 still open
  r.requests.push(req('success'));
  expect(requestsCountedOnce(r, totals)).toMatch(/success requests.csv 3, services.csv 2, totals 2/);
});
