/**
 * workloads-vectors.md §7: PDB status (P-1, P-2), the eviction API (P-1, P-4) and kubectl drain (DR-1..DR-3), run
 * through a Simulation (store, controllers, kubelets) or the pure arithmetic. Pods start at once here (the test
 * builder's 0 s pulls and starts, no readiness probe), so a replacement is Ready in the instant it is created.
 */
import { seconds, toSeconds, ZERO } from '../../../engine/time';
import { computePdbCounts } from '../../../models/policy/pdbStatus';
import { evictPod } from '../../../models/policy/eviction';
import { selectPods } from '../../../models/policy/drain';
import type { PdbIntOrPercent, PodDisruptionBudgetSpec, PodObj } from '../../../models/cluster/objects';
import { compileLabelSelector } from '../../../models/labels';
import type { ResolvedPodDisruptionBudget } from '../../../models/policy/spec';
import { newPod } from '../../../models/cluster/podFactory';
import { resolveScenario } from '../../../scenarios/load';
import { behavior, container, fixed, node, podSpec, probe, run, scenario, workload } from '../../support/build';

const selector = { matches: compileLabelSelector({ matchLabels: { app: 'web' } }), text: 'app=web' };
const pdb = (name: string, spec: Omit<PodDisruptionBudgetSpec, 'selector'>): ResolvedPodDisruptionBudget => ({ namespace: 'default', name, spec: { selector, ...spec }, source: { file: 'test', line: 1 } });
const webPods = (sim: ReturnType<typeof run>['sim']) => [...sim.ctx.store.list('Pod')].filter((p) => p.metadata.labels.app === 'web' && p.metadata.deletionTimestamp === undefined);

describe('P-2: desiredHealthy and disruptionsAllowed, 5 replicas all Ready (percentages round up)', () => {
  const ready = Array.from({ length: 5 }, (_, i) => {
    const p = newPod({ namespace: 'default', name: `web-${i}`, uid: `${i}`, template: { labels: { app: 'web' }, annotations: {}, spec: podSpec(), raw: {} } });
    p.status.conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: ZERO });
    return p;
  });
  const cases: [string, { minAvailable?: PdbIntOrPercent; maxUnavailable?: PdbIntOrPercent }, number, number][] = [
    ['minAvailable 3', { minAvailable: { value: 3 } }, 3, 2],
    ['minAvailable 50% (ceil 2.5)', { minAvailable: { percent: 50 } }, 3, 2],
    ['minAvailable 80%', { minAvailable: { percent: 80 } }, 4, 1],
    ['maxUnavailable 1', { maxUnavailable: { value: 1 } }, 4, 1],
    ['maxUnavailable 50% (5 - ceil 2.5)', { maxUnavailable: { percent: 50 } }, 2, 3],
    ['maxUnavailable 10% (5 - ceil 0.5)', { maxUnavailable: { percent: 10 } }, 4, 1],
    ['minAvailable 100%', { minAvailable: { percent: 100 } }, 5, 0],
    ['maxUnavailable 0', { maxUnavailable: { value: 0 } }, 5, 0],
    ['minAvailable 0', { minAvailable: { value: 0 } }, 0, 5],
  ];
  it.each(cases)('%s', (_n, spec, desiredHealthy, disruptionsAllowed) => {
    const c = computePdbCounts({ selector, ...spec }, ready, 5, new Set());
    expect(c).toEqual({ expectedPods: 5, desiredHealthy, currentHealthy: 5, disruptionsAllowed });
  });
});

describe('P-1 and P-4: the eviction API against a budget', () => {
  const base = () => scenario({ workloads: [workload('Deployment', 'web', 3, { app: 'web' })], podDisruptionBudgets: [pdb('web-pdb', { minAvailable: { value: 2 } })] });

  it('P-1: status, one eviction spends the budget, the next is refused with the exact 429 until the replacement is Ready', () => {
    const { sim } = run(base(), seconds(1));
    const budget = sim.ctx.store.get('PodDisruptionBudget', 'default', 'web-pdb')!;
    expect(budget.status).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(budget.status.conditions[0]).toMatchObject({ status: 'True', reason: 'SufficientPods' });

    const [a, b] = webPods(sim).map((p) => p.metadata.name).sort();
    const r1 = evictPod(sim.ctx, 'default', a);
    expect(r1).toMatchObject({ code: 201, message: 'Success', budgetUsed: true });
    const evicted = sim.ctx.store.getPod('default', a)!;
    expect(evicted.status.conditions.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    expect(budget.status.disruptionsAllowed).toBe(0);
    expect([...budget.status.disruptedPods.keys()]).toEqual([a]);

    // Before the controllers react (same instant, ACTION side): the budget is spent.
    const r2 = evictPod(sim.ctx, 'default', b);
    expect(r2).toMatchObject({ code: 429, message: "Cannot evict pod as it would violate the pod's disruption budget." });
    expect(r2.causes).toEqual([{ type: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 3 currently' }]);

    // The replacement starts at once here, so the controller's recalculation finds 3 healthy again: 1 allowed.
    sim.runUntil(seconds(2));
    expect(budget.status).toMatchObject({ desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(budget.status.disruptedPods.size).toBe(0);
    expect(evictPod(sim.ctx, 'default', b).code).toBe(201);
  });

  it('P-4: two PDBs → 500; a PDB not yet observed → 429 still being processed; no PDB → 201; Pending → 201 without a check', () => {
    const two = scenario({ ...base(), podDisruptionBudgets: [pdb('a', { minAvailable: { value: 0 } }), pdb('b', { minAvailable: { value: 0 } })] });
    const { sim } = run(two, seconds(1));
    const name = webPods(sim)[0].metadata.name;
    expect(evictPod(sim.ctx, 'default', name)).toMatchObject({ code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
    const warned = run(two, seconds(1)).rec.events.filter((e) => e.reason === 'MultiplePodDisruptionBudgets');
    expect(warned[0]).toMatchObject({ type: 'Warning', kind: 'Pod', source: 'controllermanager' });
    expect(warned[0].message).toBe(`Pod "default"/"${warned[0].name}" matches multiple PodDisruptionBudgets.  Chose "a" arbitrarily.`);

    const one = run(base(), seconds(1)).sim;
    const budget = one.ctx.store.get('PodDisruptionBudget', 'default', 'web-pdb')!;
    budget.metadata.generation = 3;
    budget.status.observedGeneration = 2;
    const r = evictPod(one.ctx, 'default', webPods(one)[0].metadata.name);
    expect(r.code).toBe(429);
    expect(r.causes[0].message).toBe('The disruption budget web-pdb is still being processed by the server.');

    const none = run(scenario({ workloads: [workload('Deployment', 'web', 1, { app: 'web' })] }), seconds(1)).sim;
    expect(evictPod(none.ctx, 'default', webPods(none)[0].metadata.name).code).toBe(201);

    // No node can take it: the pod stays Pending, and its eviction ignores the budget.
    const pending = run(scenario({ ...base(), nodes: [node('node-1', '4', 16, { unschedulable: true })] }), seconds(1)).sim;
    const p = webPods(pending)[0];
    expect(p.status.phase).toBe('Pending');
    expect(evictPod(pending.ctx, 'default', p.metadata.name)).toMatchObject({ code: 201, budgetUsed: false });
    expect(evictPod(pending.ctx, 'default', 'nope').code).toBe(404);
  });
});

describe('P-1 over time: a replacement Ready after 10 s', () => {
  it('evict web-a at 20 s → 201; web-b at 21 s → 429 (needs 2, has 2); at 31 s → 201', () => {
    // Readiness probe every 10 s after a 10 s initial delay, pulls and starts 0 s: every pod is Ready at its
    // creation + 10 s. The three first pods are Ready at 10 s; web-a's replacement (created at 20 s) at 30 s.
    const spec = podSpec({ containers: [container('app', { readinessProbe: probe({ initialDelay: seconds(10), period: seconds(10) }) })] });
    const s = scenario({ workloads: [workload('Deployment', 'web', 3, { app: 'web' }, spec)], podDisruptionBudgets: [pdb('web-pdb', { minAvailable: { value: 2 } })] });
    const { sim } = run(s, seconds(20));
    const budget = sim.ctx.store.get('PodDisruptionBudget', 'default', 'web-pdb')!;
    const [a, b] = webPods(sim).map((p) => p.metadata.name).sort();
    expect(evictPod(sim.ctx, 'default', a).code).toBe(201);
    sim.runUntil(seconds(21));
    // Controller recalculation: web-a terminating (gone: it exits at once) + the new pod not Ready: expected 3
    // (integer minAvailable: the matching pods), healthy 2, desired 2 → 0 allowed.
    expect(budget.status).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(budget.status.conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
    const r = evictPod(sim.ctx, 'default', b);
    expect(r.code).toBe(429);
    expect(r.causes[0].message).toBe('The disruption budget web-pdb needs 2 healthy pods and has 2 currently');
    sim.runUntil(seconds(30));
    expect(budget.status).toMatchObject({ currentHealthy: 3, disruptionsAllowed: 1 });
    sim.runUntil(seconds(31));
    expect(evictPod(sim.ctx, 'default', b).code).toBe(201);
  });
});

describe('P-3: unhealthy pods and unhealthyPodEvictionPolicy', () => {
  /** Three Ready web pods, then the named ones turn not Ready (as the kubelet would publish it) and the controller syncs. */
  function withNotReady(count: number, policy?: 'IfHealthyBudget' | 'AlwaysAllow') {
    const s = scenario({ workloads: [workload('Deployment', 'web', 3, { app: 'web' })], podDisruptionBudgets: [pdb('web-pdb', { minAvailable: { value: 2 }, ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}) })] });
    const { sim } = run(s, seconds(1));
    const pods = webPods(sim).sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : 1));
    for (const p of pods.slice(3 - count)) {
      p.status.conditions.find((c) => c.type === 'Ready')!.status = 'False';
      sim.ctx.store.update(p);
    }
    sim.runUntil(seconds(2));
    return { sim, pods, budget: sim.ctx.store.get('PodDisruptionBudget', 'default', 'web-pdb')! };
  }

  it('one not Ready, default policy: healthy 2 ≥ desired 2 → the unhealthy pod goes without spending; a healthy one is refused', () => {
    const { sim, pods, budget } = withNotReady(1);
    expect(budget.status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    expect(evictPod(sim.ctx, 'default', pods[2].metadata.name)).toMatchObject({ code: 201, budgetUsed: false });
    const r = evictPod(sim.ctx, 'default', pods[0].metadata.name);
    expect(r.code).toBe(429);
    expect(r.causes[0].message).toBe('The disruption budget web-pdb needs 2 healthy pods and has 2 currently');
  });

  it('two not Ready, IfHealthyBudget: healthy 1 < desired 2 → the unhealthy pod is refused', () => {
    const { sim, pods, budget } = withNotReady(2, 'IfHealthyBudget');
    expect(budget.status).toMatchObject({ currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 });
    const r = evictPod(sim.ctx, 'default', pods[2].metadata.name);
    expect(r.code).toBe(429);
    expect(r.causes[0].message).toBe('The disruption budget web-pdb needs 2 healthy pods and has 1 currently');
  });

  it('two not Ready, AlwaysAllow: the unhealthy pod goes without spending the budget', () => {
    const { sim, pods } = withNotReady(2, 'AlwaysAllow');
    expect(evictPod(sim.ctx, 'default', pods[2].metadata.name)).toMatchObject({ code: 201, budgetUsed: false });
  });
});

describe('kubectl drain (DR vectors)', () => {
  it('DR-3: a budget that can never allow it: retries every 5 s, then the global timeout at 30 s', () => {
    const s = scenario({
      nodes: [node('n1'), node('n2')],
      workloads: [workload('Deployment', 'web', 2, { app: 'web' })],
      podDisruptionBudgets: [pdb('web-pdb', { minAvailable: { value: 2 } })],
      timeline: [{ at: seconds(10), action: 'drain', node: 'n1', options: { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false, timeout: seconds(30) }, source: { file: 't', line: 1 } }],
    });
    const { sim, rec } = run(s, seconds(60));
    const onN1 = webPods(sim).find((p) => p.spec.nodeName === 'n1')!.metadata.name;
    const lines = rec.kubectlLines.map((l) => `${toSeconds(l.time)} ${l.stream} ${l.message}`);
    const retry = (t: number) => [
      `${t} stdout evicting pod default/${onN1}`,
      `${t} stderr error when evicting pods/"${onN1}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    ];
    // Attempts at 0, 5, …, 25 s after the drain (t = 10 … 35); at 30 s (t = 40) the timeout check fails the pod.
    expect(lines).toEqual([
      '10 stdout node/n1 cordoned',
      ...[10, 15, 20, 25, 30, 35].flatMap(retry),
      `40 stdout evicting pod default/${onN1}`,
      `40 stderr error: unable to drain node "n1" due to error: error when evicting pods/"${onN1}" -n "default": global timeout reached: 30s, continuing command...`,
      '40 stderr There are pending nodes to be drained:',
      '40 stderr  n1',
    ]);
    expect(rec.kubectlLines[0].command).toBe('kubectl drain n1 --timeout=30s');
    expect(sim.ctx.store.getNode('n1')!.spec.unschedulable).toBe(true);
    expect(sim.ctx.store.getPod('default', onN1)!.metadata.deletionTimestamp).toBeUndefined();
    expect(sim.summary().policy.drains).toEqual([{ node: 'n1', start: seconds(10), end: seconds(40), drained: false }]);
  });

  it('DR-2 shape: with a budget that allows one, the drain waits for the pod to go (1 s polls) and finishes', () => {
    const s = scenario({
      nodes: [node('n1'), node('n2')],
      workloads: [workload('Deployment', 'web', 2, { app: 'web' })],
      podDisruptionBudgets: [pdb('web-pdb', { maxUnavailable: { value: 1 } })],
      timeline: [{ at: seconds(10), action: 'drain', node: 'n1', options: { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false, timeout: ZERO }, source: { file: 't', line: 1 } }],
    });
    const { sim, rec } = run(s, seconds(60));
    const lines = rec.kubectlLines.map((l) => `${toSeconds(l.time)} ${l.message}`);
    const name = lines[1].split('/')[1];
    // Evicted at 10 s (exits at once on SIGTERM); the immediate poll still sees it, the next one (11 s) does not.
    expect(lines).toEqual(['10 node/n1 cordoned', `10 evicting pod default/${name}`, `11 pod/${name} evicted`, '11 node/n1 drained']);
    expect(sim.summary().policy.drains[0]).toEqual({ node: 'n1', start: seconds(10), end: seconds(11), drained: true });
  });

  /**
   * DR-1's node: a pod of DaemonSet kube-system/agent (which exists: the DaemonSet controller made it), a mirror pod,
   * a StatefulSet pod with an emptyDir, a bare pod, a ReplicaSet pod. The DaemonSet pod's name is generated.
   */
  const AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: busybox}]}
`;
  function dr1Node() {
    const { daemonSets } = resolveScenario([{ file: 'agent.yaml', text: AGENT }]);
    const { sim, rec } = run(scenario({ nodes: [node('n1')], daemonSets }), ZERO);
    const agent = [...sim.ctx.store.list('Pod')].find((p) => p.metadata.namespace === 'kube-system')!.metadata.name;
    const mk = (ns: string, name: string, extra: { owner?: string; annotations?: Record<string, string>; emptyDir?: boolean }): PodObj => {
      const spec = podSpec({ nodeName: 'n1' });
      const raw = extra.emptyDir ? { spec: { volumes: [{ name: 'tmp', emptyDir: {} }] } } : {};
      const p = newPod({
        namespace: ns,
        name,
        uid: name,
        template: { labels: {}, annotations: extra.annotations ?? {}, spec, raw },
        ...(extra.owner ? { owner: { kind: extra.owner, name: 'o', uid: 'o', controller: true } } : {}),
      });
      sim.ctx.store.create(p);
      return p;
    };
    mk('kube-system', 'etcd-n1', { annotations: { 'kubernetes.io/config.mirror': 'x' } });
    mk('default', 'cache-0', { owner: 'StatefulSet', emptyDir: true });
    mk('default', 'debug', {});
    mk('default', 'web-a', { owner: 'ReplicaSet' });
    return { sim, rec, agent };
  }

  it('DR-1 / DR-2 filters: errors grouped in filter order; with the flags, warnings and the pods to evict', () => {
    const { sim, agent } = dr1Node();
    const n1 = sim.ctx.store.getNode('n1')!;
    const plain = selectPods(sim.ctx, n1, { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false });
    expect(plain.errors).toEqual([
      `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${agent}`,
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-0',
      'cannot delete Pods that declare no controller (use --force to override): default/debug',
    ]);
    const flags = selectPods(sim.ctx, n1, { ignoreDaemonSets: true, deleteEmptyDirData: true, force: true });
    expect(flags.errors).toEqual([]);
    expect(flags.warnings.join('; ')).toBe(`ignoring DaemonSet-managed Pods: kube-system/${agent}; deleting Pods that declare no controller: default/debug`);
    expect(flags.evict.map((p) => p.metadata.name)).toEqual(['cache-0', 'debug', 'web-a']);
  });

  it('an orphaned DaemonSet pod (its DaemonSet gone): an error, or deleted under --force', () => {
    const { sim } = run(scenario({ nodes: [node('n1')] }), ZERO);
    const p = newPod({ namespace: 'default', name: 'orphan', uid: 'orphan', template: { labels: {}, annotations: {}, spec: podSpec({ nodeName: 'n1' }), raw: {} }, owner: { kind: 'DaemonSet', name: 'gone', uid: 'g', controller: true } });
    sim.ctx.store.create(p);
    const n1 = sim.ctx.store.getNode('n1')!;
    expect(selectPods(sim.ctx, n1, { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false }).errors).toEqual(['cannot delete daemonsets.apps "gone" not found: default/orphan']);
    const forced = selectPods(sim.ctx, n1, { ignoreDaemonSets: false, deleteEmptyDirData: false, force: true });
    expect(forced).toMatchObject({ errors: [], warnings: [] });
    expect(forced.evict.map((x) => x.metadata.name)).toEqual(['orphan']);
  });

  it('DR-1: without flags, nothing is evicted, the node stays cordoned, kubectl prints the error frame', () => {
    const { sim, rec, agent } = dr1Node();
    sim.drainer.drain('n1', { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false, timeout: ZERO });
    sim.runUntil(seconds(5));
    expect(rec.kubectlLines.map((l) => `${l.stream} ${l.message}`)).toEqual([
      'stdout node/n1 cordoned',
      `stderr error: unable to drain node "n1" due to error: [cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${agent}, cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-0, cannot delete Pods that declare no controller (use --force to override): default/debug], continuing command...`,
      'stderr There are pending nodes to be drained:',
      'stderr  n1',
    ]);
    expect([...sim.ctx.store.list('Pod')].filter((p) => p.metadata.deletionTimestamp !== undefined)).toEqual([]);
    expect(sim.ctx.store.getNode('n1')!.spec.unschedulable).toBe(true);
  });

  it('DR-2: with --ignore-daemonsets --delete-emptydir-data --force and no PDBs: the exact stdout', () => {
    const { sim, rec, agent } = dr1Node();
    sim.drainer.drain('n1', { ignoreDaemonSets: true, deleteEmptyDirData: true, force: true, timeout: ZERO });
    sim.runUntil(seconds(5));
    const out = (stream: string) => rec.kubectlLines.filter((l) => l.stream === stream).map((l) => l.message);
    expect(out('stdout')).toEqual([
      'node/n1 cordoned',
      'evicting pod default/cache-0',
      'evicting pod default/debug',
      'evicting pod default/web-a',
      'pod/cache-0 evicted',
      'pod/debug evicted',
      'pod/web-a evicted',
      'node/n1 drained',
    ]);
    expect(out('stderr')).toEqual([`Warning: ignoring DaemonSet-managed Pods: kube-system/${agent}; deleting Pods that declare no controller: default/debug`]);
    expect([`kube-system/${agent}`, 'kube-system/etcd-n1'].map((k) => sim.ctx.store.getPod(k.split('/')[0], k.split('/')[1])?.metadata.deletionTimestamp)).toEqual([undefined, undefined]);
  });
});

describe('deleteOptions.gracePeriodSeconds (drain --grace-period, evict / delete gracePeriod)', () => {
  it('a pod that ignores SIGTERM is killed at the delete’s grace period, not its own 30 s', () => {
    // terminationGracePeriodSeconds 30 (the builder's default); the Behavior ignores SIGTERM, so the container
    // is killed (137) when the grace period ends: 30 s after a plain delete, 5 s after one with gracePeriod 5 s.
    const mk = (gracePeriod?: number) =>
      scenario({
        workloads: [workload('Deployment', 'web', 1, { app: 'web' })],
        behaviors: [behavior({ app: 'web' }, { onSigterm: { action: 'ignore', after: fixed(0), code: 0 } })],
        timeline: [{ at: seconds(10), action: 'delete', pods: { namespace: 'default', selector }, ...(gracePeriod !== undefined ? { gracePeriod: seconds(gracePeriod) } : {}), source: { file: 't', line: 1 } }],
      });
    const killedAt = (gracePeriod?: number) => {
      const { rec } = run(mk(gracePeriod), seconds(60));
      const deleted = rec.kubectlLines[0].message.split('"')[1];
      return rec.pods.filter((p) => p.pod === deleted && p.exitCode === 137).map((p) => toSeconds(p.time));
    };
    expect(killedAt()).toEqual([40]);
    expect(killedAt(5)).toEqual([15]);
  });
});

describe('timeline evict and a quota refusing a bare pod at t = 0 (kubectl.csv lines)', () => {
  it('evict: one call, no retry; 429 printed as kubectl prints an API error; then 201 once the budget allows', () => {
    const bare = (name: string) => ({ namespace: 'default', name, template: { labels: { app: 'web' }, annotations: {}, spec: podSpec(), raw: {} }, source: { file: 'pods.yaml', line: 1 } });
    const at = (t: number, name: string) => ({ at: seconds(t), action: 'evict' as const, pod: { namespace: 'default', name }, source: { file: 't', line: 1 } });
    const s = scenario({ pods: [bare('api-1'), bare('api-2')], podDisruptionBudgets: [pdb('web-pdb', { minAvailable: { value: 2 } })], timeline: [at(5, 'api-1'), at(6, 'nope')] });
    const { rec } = run(s, seconds(10));
    expect(rec.kubectlLines.map((l) => `${toSeconds(l.time)} ${l.command} | ${l.stream} ${l.message}`)).toEqual([
      "5 POST /api/v1/namespaces/default/pods/api-1/eviction | stderr Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.",
      '6 POST /api/v1/namespaces/default/pods/nope/eviction | stderr Error from server (NotFound): pods "nope" not found',
    ]);
    const allow = run(scenario({ ...s, podDisruptionBudgets: [pdb('web-pdb', { minAvailable: { value: 1 } })] }), seconds(10)).rec;
    expect(allow.kubectlLines[0]).toMatchObject({ stream: 'stdout', message: 'pod/api-1 evicted' });
  });

  it('a bare pod over its namespace quota is not created; kubectl apply prints the 403', () => {
    const spec = podSpec({ containers: [container('app', { requests: { cpuMilli: 600, memoryBytes: 0 } })] });
    const bare = (name: string) => ({ namespace: 'default', name, template: { labels: {}, annotations: {}, spec, raw: {} }, source: { file: 'pods.yaml', line: 1 } });
    const s = scenario({ pods: [bare('a'), bare('b')], resourceQuotas: [{ namespace: 'default', name: 'compute', hard: new Map([['requests.cpu', 1000]]), source: { file: 'q.yaml', line: 1 } }] });
    const { rec, sim } = run(s, seconds(1));
    // a: 0 + 600m ≤ 1 → created; b: 600m + 600m = 1200m > 1 → refused.
    expect(sim.ctx.store.getPod('default', 'a')).toBeDefined();
    expect(sim.ctx.store.getPod('default', 'b')).toBeUndefined();
    expect(rec.kubectlLines).toEqual([
      {
        time: ZERO,
        command: 'kubectl apply -f pods.yaml',
        stream: 'stderr',
        message: 'Error from server (Forbidden): error when creating "pods.yaml": pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1',
      },
    ]);
    expect(sim.summary().policy.quotaRejections).toBe(1);
  });
});

describe('timeline cordon / uncordon print kubectl cordon’s lines (when kubectl.csv is written)', () => {
  it('cordoned, already cordoned, uncordoned', () => {
    const at = (t: number, action: 'cordon' | 'uncordon') => ({ at: seconds(t), action, node: 'node-1', source: { file: 't', line: 1 } });
    const { rec, sim } = run(scenario({ timeline: [at(1, 'cordon'), at(2, 'cordon'), at(3, 'uncordon')] }), seconds(5));
    expect(rec.kubectlLines.map((l) => `${toSeconds(l.time)} ${l.command}: ${l.message}`)).toEqual([
      '1 kubectl cordon node-1: node/node-1 cordoned',
      '2 kubectl cordon node-1: node/node-1 already cordoned',
      '3 kubectl uncordon node-1: node/node-1 uncordoned',
    ]);
    expect(sim.ctx.store.getNode('node-1')!.spec.unschedulable).toBe(false);
  });
});

describe('expectedPods from other controllers (getExpectedScale)', () => {
  const load = (text: string) => resolveScenario([{ file: 'x.yaml', text }]);
  const SET = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 4
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db-pdb}
spec: {maxUnavailable: 25%, selector: {matchLabels: {app: db}}}
`;
  it('a StatefulSet: its spec.replicas (4 − ceil(25% × 4) = 3 desired)', () => {
    const { sim } = run({ ...load(SET), duration: seconds(120) });
    const budget = sim.ctx.store.get('PodDisruptionBudget', 'default', 'db-pdb')!;
    expect(budget.status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 4, disruptionsAllowed: 1 });
  });

  it('a DaemonSet has no scale: a percentage budget over its pods fails safe (SyncFailed, nothing allowed)', () => {
    const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: busybox}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: agent-pdb}
spec: {minAvailable: 50%, selector: {matchLabels: {app: agent}}}
`;
    const { sim } = run({ ...load(DS), duration: seconds(30) });
    const budget = sim.ctx.store.get('PodDisruptionBudget', 'default', 'agent-pdb')!;
    expect(budget.status.disruptionsAllowed).toBe(0);
    expect(budget.status.conditions[0]).toMatchObject({ status: 'False', reason: 'SyncFailed' });
  });
});
