/**
 * teeRecorder (reports/tee.ts): every record reaches every target, in the order the targets were given, and a
 * target without a method for a trace is skipped rather than failing.
 */
import type { PodRecord, WorkloadRecord } from '../../models/recorder';
import { teeRecorder } from '../../reports/tee';
import { ZERO } from '../../engine/time';

const podRow = (pod: string): PodRecord => ({ time: ZERO, namespace: 'default', pod, node: '', phase: 'Pending', ready: false, status: 'Pending', container: '', containerState: '', reason: '', exitCode: undefined, restarts: undefined });
const workloadRow: WorkloadRecord = { time: ZERO, namespace: 'default', kind: 'Deployment', name: 'web', desired: 1, current: 0, ready: 0, available: 0 };

test('records go to each target in turn, the same object to each', () => {
  const seen: string[] = [];
  const a = podRow('a');
  const tee = teeRecorder({ pod: (r) => seen.push(`first ${r.pod}`) }, { pod: (r) => seen.push(`second ${r.pod} ${r === a}`), workload: (r) => seen.push(`second ${r.name}`) });
  tee.pod(a);
  tee.workload(workloadRow);
  tee.pod(podRow('b'));
  expect(seen).toEqual(['first a', 'second a true', 'second web', 'first b', 'second b false']);
});

test('a target without the trace is skipped', () => {
  const tee = teeRecorder({}, {});
  expect(() => {
    tee.event({ time: ZERO, type: 'Normal', reason: 'Scheduled', kind: 'Pod', namespace: 'default', name: 'a', fieldPath: '', message: '', count: 1, source: 'default-scheduler' });
    tee.hpa?.({ time: ZERO, namespace: 'default', hpa: 'h', policy: 'KubernetesHPA', targetKind: 'Deployment', targetName: 'web', currentReplicas: 1, readyPods: 1, demandReplicas: null, metrics: [], stabilized: null, desiredReplicas: 1, limitReason: null, conditions: {}, reason: null });
  }).not.toThrow();
});
