/**
 * The policy kinds through the loader (PodDisruptionBudget, ResourceQuota, LimitRange, timeline drain/evict/delete):
 * what they resolve to, and their located bad-input errors. Then a ReplicaSet whose pods a quota refuses, end to end.
 */
import { InputError } from '../../scenarios/errors';
import { resolveScenario } from '../../scenarios/load';
import { run } from '../support/build';
import { seconds } from '../../engine/time';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx, resources: {requests: {cpu: 500m}}}]
`;
const load = (text: string) => resolveScenario([{ file: 's.yaml', text }]);
const fails = (text: string): string => {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('loaded');
};

describe('policy kinds in the loader', () => {
  it('reads a PDB, a quota, a limit range and the drain/evict/delete actions', () => {
    const s = load(`${DEPLOY}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb}
spec: {minAvailable: 50%, selector: {matchLabels: {app: web}}, unhealthyPodEvictionPolicy: AlwaysAllow}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec: {hard: {requests.cpu: "1", pods: "10"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec: {limits: [{type: Container, max: {cpu: "2"}}]}
---
apiVersion: k8sim/v1alpha1
kind: Timeline
metadata: {name: t}
spec:
  actions:
    - {at: 10s, action: drain, node: node-1, ignoreDaemonSets: true, timeout: 2m, gracePeriod: 5s}
    - {at: 20s, action: evict, pod: web-x}
    - {at: 30s, action: delete, selector: {matchLabels: {app: web}}, count: 1}
`);
    expect(s.podDisruptionBudgets[0].spec).toMatchObject({ minAvailable: { percent: 50 }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect([...s.resourceQuotas[0].hard]).toEqual([
      ['pods', 10000],
      ['requests.cpu', 1000],
    ]);
    // SetDefaults_LimitRangeItem: default ← max, defaultRequest ← default.
    expect(s.limitRanges[0].limits[0].default.get('cpu')).toBe(2000);
    expect(s.limitRanges[0].limits[0].defaultRequest.get('cpu')).toBe(2000);
    expect(s.timeline.map((a) => a.action)).toEqual(['drain', 'evict', 'delete']);
    expect(s.timeline[0]).toMatchObject({ options: { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false, timeout: seconds(120), gracePeriod: seconds(5) } });
  });

  it('a PDB selecting no pod or template is a located error', () => {
    expect(fails(`${DEPLOY}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api-pdb}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: api}}
`)).toBe('s.yaml:17: spec.selector: selector "app=api" in namespace default matches no pod or pod template');
  });

  it('both or neither of minAvailable / maxUnavailable, and bad percentages', () => {
    const pdb = (spec: string) => `${DEPLOY}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: ${spec}\n`;
    expect(fails(pdb('{minAvailable: 1, maxUnavailable: 1, selector: {matchLabels: {app: web}}}'))).toMatch(/^s\.yaml:\d+: spec\.minAvailable: minAvailable and maxUnavailable cannot be both set$/);
    expect(fails(pdb('{selector: {matchLabels: {app: web}}}'))).toMatch(/^s\.yaml:\d+: spec: expected one of minAvailable or maxUnavailable$/);
    expect(fails(pdb('{minAvailable: 150%, selector: {matchLabels: {app: web}}}'))).toMatch(/spec\.minAvailable: must not be greater than 100%, got "150%"$/);
  });
});

describe('LimitRange and ResourceQuota input errors', () => {
  const lr = (item: string) => `apiVersion: v1\nkind: LimitRange\nmetadata: {name: l}\nspec:\n  limits:\n    - ${item}\n`;
  it.each([
    ['{type: Container, min: {cpu: 2}, max: {cpu: 1}}', 's.yaml:6: spec.limits[0].min.cpu: min value 2 is greater than max value 1'],
    ['{type: Container, defaultRequest: {memory: 1Gi}, default: {memory: 512Mi}}', 's.yaml:6: spec.limits[0].defaultRequest.memory: default request value 1Gi is greater than default limit value 512Mi'],
    ['{type: Container, maxLimitRequestRatio: {cpu: 500m}}', 's.yaml:6: spec.limits[0].maxLimitRequestRatio.cpu: ratio 500m is less than 1'],
    ['{type: Pod, default: {cpu: 1}}', 's.yaml:6: spec.limits[0].default: may not be specified when type is Pod'],
    ['{type: Container, max: {ephemeral-storage: 1Gi}}', 's.yaml:6: spec.limits[0].max.ephemeral-storage: k8sim models LimitRange max for cpu and memory only, got "ephemeral-storage"'],
  ])('%s', (item, message) => {
    expect(fails(lr(item))).toBe(message);
  });

  it('quota scopes are refused with the way out', () => {
    expect(fails('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hard: {pods: "1"}\n  scopes: [BestEffort]\n')).toBe(
      's.yaml:6: spec.scopes: k8sim does not model quota scopes yet: a quota applies to every object of its namespace',
    );
  });
});

describe('a quota refusing a ReplicaSet’s pods', () => {
  it('creates what fits, then FailedCreate with the exact message (generateName), retried with back-off', () => {
    const s = load(`${DEPLOY}---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec: {hard: {requests.cpu: "1"}}
`);
    const { rec, sim } = run({ ...s, duration: seconds(60) });
    const rs = rec.events.find((e) => e.kind === 'ReplicaSet')!.name;
    const failed = rec.events.filter((e) => e.reason === 'FailedCreate');
    // 2 × 500m fit in 1 cpu; the third pod would make 1500m.
    expect(rec.events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(2);
    expect(failed[0]).toMatchObject({
      type: 'Warning',
      kind: 'ReplicaSet',
      // used 2 × 500m = 1 (canonical form), limited 1.
      message: `Error creating: pods "${rs}-" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1, limited: requests.cpu=1`,
    });
    expect(failed.length).toBeGreaterThan(1);
    expect(sim.summary().policy.quotaRejections).toBeGreaterThan(1);
  });
});
