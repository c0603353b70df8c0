/**
 * karpenter.sh/v1 NodePool and Simulation spec.karpenter through the loader (reference §5.1, §6.1): the defaults,
 * and a located one-line error for each rule the reader checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadScenario } from '../../scenarios/load';
import { InputError } from '../../scenarios/errors';
import { tempDir } from '../support/cli';
import { errorOf, load } from './helpers';
import { seconds } from '../../engine/time';

const POOL = (spec: string) => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
${spec}`;

const MINIMAL = POOL(`  template:
    spec:
      nodeClassRef: {group: karpenter.kwok.sh, kind: KWOKNodeClass, name: default}
      requirements:
        - {key: kubernetes.io/arch, operator: In, values: [amd64]}
`);

describe('NodePool defaults (§5.1)', () => {
  test('a minimal NodePool gets the upstream defaults; no default node pool; spec.karpenter defaults', () => {
    const s = load(MINIMAL);
    expect(s.nodes).toEqual([]);
    const p = s.karpenterNodePools![0];
    expect(p).toMatchObject({
      name: 'default',
      weight: 0,
      requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }],
      expireAfter: seconds(720 * 3600),
      terminationGracePeriod: null,
      limits: {},
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: 0,
      budgets: [{ nodes: { kind: 'percent', value: 10 } }],
    });
    expect(s.karpenter).toMatchObject({ batchIdleDuration: seconds(1), batchMaxDuration: seconds(10), spotToSpotConsolidation: false });
  });
  test('every field as written', () => {
    const s = load(
      POOL(`  weight: 50
  limits: {cpu: 8, memory: 64Gi, nodes: 3}
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 1m30s
    budgets:
      - {nodes: "20%", reasons: [Empty, Drifted]}
      - {nodes: "0", schedule: "@daily", duration: 10m, reasons: [Underutilized]}
  template:
    metadata: {labels: {team: a}}
    spec:
      expireAfter: Never
      terminationGracePeriod: 1h
      taints: [{key: dedicated, value: a, effect: NoSchedule}]
      startupTaints: [{key: init, effect: NoExecute}]
      requirements: []
---
apiVersion: k8sim/v1alpha1
kind: Simulation
spec:
  karpenter: {batchIdleDuration: 2s, batchMaxDuration: 20s, featureGates: {SpotToSpotConsolidation: true}, nodeStartup: {registered: 5s, ready: 30s}}
`),
    );
    expect(s.karpenterNodePools![0]).toMatchObject({
      weight: 50,
      labels: { team: 'a' },
      limits: { cpuMilli: 8000, memoryBytes: 64 * 1024 ** 3, nodes: 3 },
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: seconds(90),
      expireAfter: null,
      terminationGracePeriod: seconds(3600),
      taints: [{ key: 'dedicated', value: 'a', effect: 'NoSchedule' }],
      startupTaints: [{ key: 'init', effect: 'NoExecute' }],
      budgets: [
        { nodes: { kind: 'percent', value: 20 }, reasons: ['Empty', 'Drifted'] },
        { nodes: { kind: 'int', value: 0 }, schedule: '@daily', duration: seconds(600), reasons: ['Underutilized'] },
      ],
    });
    expect(s.karpenter).toMatchObject({
      batchIdleDuration: seconds(2),
      batchMaxDuration: seconds(20),
      spotToSpotConsolidation: true,
      registrationDelay: { kind: 'fixed', value: seconds(5) },
      readyDelay: { kind: 'fixed', value: seconds(30) },
    });
  });
});

describe('NodePool bad input: located one-line errors', () => {
  const tmpl = (extra: string) => POOL(`  template:\n    spec:\n${extra}`);
  test.each([
    ['unknown spec field', POOL('  weigth: 5\n  template: {spec: {}}\n'), /x\.yaml:5: spec\.weigth: unknown field "spec\.weigth", did you mean "weight"\?/],
    ['weight above 100', POOL('  weight: 101\n  template: {spec: {}}\n'), /x\.yaml:5: spec\.weight: expected an integer ≤ 100, got 101/],
    ['unknown template field', tmpl('      kubeletz: {}\n'), /x\.yaml:7: spec\.template\.spec\.kubeletz: unknown field/],
    ['bad operator', tmpl('      requirements: [{key: a, operator: Is, values: [x]}]\n'), /x\.yaml:7: spec\.template\.spec\.requirements\[0\]\.operator: expected one of In, NotIn, Exists, DoesNotExist, Gt, Lt, got "Is"/],
    ['In without values', tmpl('      requirements: [{key: a, operator: In}]\n'), /requirements\[0\]\.values: requirements with operator 'In' must have a value defined/],
    ['restricted key', tmpl('      requirements: [{key: karpenter.sh/nodepool, operator: In, values: [x]}]\n'), /requirements\[0\]\.key: label "karpenter\.sh\/nodepool" is restricted/],
    ['bad consolidateAfter', POOL('  disruption: {consolidateAfter: 1.5m}\n  template: {spec: {}}\n'), /x\.yaml:5: spec\.disruption\.consolidateAfter: expected a duration like 30s, 5m or 720h or Never, got "1\.5m"/],
    ['bad budget nodes', POOL('  disruption: {budgets: [{nodes: "101%"}]}\n  template: {spec: {}}\n'), /spec\.disruption\.budgets\[0\]\.nodes: expected a node count like 5 or a percentage like 10%, got "101%"/],
    ['schedule without duration', POOL('  disruption: {budgets: [{nodes: "0", schedule: "@daily"}]}\n  template: {spec: {}}\n'), /budgets\[0\]\.schedule: 'schedule' must be set with 'duration'/],
    ['duration in seconds', POOL('  disruption: {budgets: [{nodes: "0", schedule: "@daily", duration: 30s}]}\n  template: {spec: {}}\n'), /budgets\[0\]\.duration: expected a duration like 10m or 1h30m, got "30s"/],
    ['bad reason', POOL('  disruption: {budgets: [{nodes: "1", reasons: [Expired]}]}\n  template: {spec: {}}\n'), /budgets\[0\]\.reasons\[0\]: expected one of Underutilized, Empty, Drifted, got "Expired"/],
    ['unknown limit', POOL('  limits: {gpu: 1}\n  template: {spec: {}}\n'), /spec\.limits\.gpu: unknown field/],
    ['static NodePool', POOL('  replicas: 3\n  template: {spec: {}}\n'), /spec\.replicas: static NodePools \(spec\.replicas, alpha\) are not modelled by k8sim/],
    [
      'unknown spec.karpenter field',
      'apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  karpenter: {batchIdle: 1s}\n---\n' + MINIMAL,
      /x\.yaml:4: spec\.karpenter\.batchIdle: unknown field/,
    ],
  ])('%s', (_name, text, pattern) => {
    const msg = errorOf(text);
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toMatch(pattern);
  });
});

describe('spec.disruption.consolidationThreshold (Balanced)', () => {
  test('default 2 (v1.DefaultConsolidationThreshold); as written; 0 is refused', () => {
    expect(load(MINIMAL).karpenterNodePools![0].consolidationThreshold).toBe(2);
    expect(load(POOL('  disruption: {consolidationPolicy: Balanced, consolidationThreshold: 4}\n  template: {spec: {}}\n')).karpenterNodePools![0].consolidationThreshold).toBe(4);
    expect(errorOf(POOL('  disruption: {consolidationThreshold: 0}\n  template: {spec: {}}\n'))).toMatch(/x\.yaml:5: spec\.disruption\.consolidationThreshold: expected an integer ≥ 1, got 0/);
  });
});

describe('spec.karpenter.terminationDelay', () => {
  test('default 7 s (upstream termination controller: 1 s + 1 s status steps, then a 5 s instance poll); as written', () => {
    expect(load(MINIMAL).karpenter!.terminationDelay).toBe(seconds(7));
    const s = load('apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  karpenter: {terminationDelay: 18s}\n---\n' + MINIMAL);
    expect(s.karpenter!.terminationDelay).toBe(seconds(18));
  });
});

describe('timeline apply of a changed NodePool (drift, §7.10)', () => {
  const sim = (file: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  timeline:\n    - {at: 1000s, action: apply, file: ${file}}\n---\n`;
  const v2 = (name: string, capacity: string) => POOL(`  template:\n    spec:\n      requirements:\n        - {key: karpenter.sh/capacity-type, operator: In, values: [${capacity}]}\n`).replace('name: default', `name: ${name}`);
  const run = (files: Record<string, string>) => {
    const dir = tempDir();
    for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), t);
    return () => loadScenario([path.join(dir, 'scenario.yaml')]);
  };
  const errorFrom = (files: Record<string, string>): string => {
    try {
      run(files)();
    } catch (e) {
      if (e instanceof InputError) return e.message;
      throw e;
    }
    throw new Error('loaded');
  };
  test('the action carries the resolved NodePool (every default applied) and no Deployment', () => {
    const s = run({ 'scenario.yaml': sim('v2.yaml') + MINIMAL, 'v2.yaml': v2('default', 'on-demand') })();
    const a = s.timeline[0];
    if (a.action !== 'apply') throw new Error('expected apply');
    expect(a.deployments).toEqual([]);
    expect(a.nodePools.map((p) => [p.name, p.requirements, p.expireAfter, p.consolidateAfter])).toEqual([
      ['default', [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }], seconds(720 * 3600), 0],
    ]);
  });
  test('a NodePool the scenario lacks: one located line', () => {
    const msg = errorFrom({ 'scenario.yaml': sim('v2.yaml') + MINIMAL, 'v2.yaml': v2('other', 'on-demand') });
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toMatch(/v2\.yaml:3: metadata\.name: apply changes a NodePool of the scenario; there is no NodePool other/);
  });
  test('an applied NodePool that no instance type can serve: one located line at its requirements', () => {
    const msg = errorFrom({ 'scenario.yaml': sim('v2.yaml') + MINIMAL, 'v2.yaml': v2('default', 'reserved') });
    expect(msg.split('\n')).toHaveLength(1);
    expect(msg).toMatch(/v2\.yaml:7: spec\.template\.spec\.requirements: no instance type of the catalogue \(144 types\) meets the requirements of NodePool default \(karpenter\.sh\/capacity-type In \[reserved\]\)$/);
  });
});
