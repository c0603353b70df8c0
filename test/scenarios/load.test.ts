/** The loader on good input: the kubectl-generated Deployment, a folder of real manifests, and overrides. */
import { join } from 'path';
import { loadScenario, listScenarioFiles } from '../../scenarios/load';
import type { ResolvedWorkload } from '../../models/cluster/spec';
import { seconds, toSeconds } from '../../engine/time';

const FIX = join(__dirname, '..', 'fixtures', 'scenarios');
const MANIFESTS = join(FIX, 'manifests');

describe('kubectl create deployment web --image=nginx --replicas=3 --dry-run=client -o yaml', () => {
  const s = loadScenario([join(FIX, 'kubectl-deployment.yaml')]);

  it('loads as written (creationTimestamp: null, strategy: {}, resources: {}, status: {})', () => {
    expect(s.workloads).toHaveLength(1);
    const w = s.workloads[0];
    expect([w.kind, w.namespace, w.name, w.replicas, w.selector.text]).toEqual(['Deployment', 'default', 'web', 3, 'app=web']);
    const c = w.template.spec.containers[0];
    // nginx has no tag → imagePullPolicy Always; no resources → zero requests and limits.
    expect(c).toMatchObject({ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' });
    expect(c.requests).toEqual({ cpuMilli: 0, memoryBytes: 0 });
    expect(w.template.spec.restartPolicy).toBe('Always');
    expect(w.template.spec.terminationGracePeriod).toBe(seconds(30));
    expect(s.warnings).toEqual([]);
  });

  it('gets every Simulation default and the default node pool', () => {
    expect(s.name).toBe('kubectl-deployment');
    expect(s.seed).toBe('1');
    expect(s.duration).toBe(seconds(600));
    expect(s.sampleInterval).toBe(seconds(10));
    expect(s.kubelet.crashLoopBackOff).toEqual({ initial: seconds(10), max: seconds(300), resetAfter: seconds(600) });
    expect(s.kubelet.unreachablePodPhase).toBe('Unknown');
    expect(s.scheduler).toEqual({ initialBackoff: seconds(1), maxBackoff: seconds(10), maxInUnschedulable: seconds(300) });
    expect(s.nodeLifecycle).toEqual({ monitorGracePeriod: seconds(50), monitorPeriod: seconds(5), tolerationSeconds: 300 });
    expect(s.events).toEqual({ aggregate: true, spamFilter: true });
    expect(s.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    // 4 CPU = 4000m; 16Gi = 16 × 2^30 bytes.
    expect(s.nodes[0].allocatable).toEqual({ cpuMilli: 4000, memoryBytes: 17179869184, pods: 110 });
    expect(s.namespaces).toEqual(['default']);
  });

  it('applies --seed and --duration over the scenario', () => {
    const o = loadScenario([join(FIX, 'kubectl-deployment.yaml')], { seed: '7', duration: seconds(1800) });
    expect([o.seed, o.duration]).toEqual(['7', seconds(1800)]);
  });
});

describe('a folder of manifests', () => {
  const s = loadScenario([MANIFESTS]);
  const byName = (name: string): ResolvedWorkload => s.workloads.find((w) => w.name === name)!;

  it('reads .yaml/.yml files recursively in path order, skipping dot-folders and other files', () => {
    const rel = s.files.map((f) => f.slice(MANIFESTS.length + 1));
    expect(rel).toEqual([
      '00-namespace.yaml',
      'apps/api.yaml',
      'apps/config.yaml',
      'apps/job.yaml',
      'apps/policy.yaml',
      'apps/secret.yaml',
      'apps/service.yaml',
      'apps/workloads.yaml',
      'k8sim.yaml',
      'nodes.yaml',
    ]);
    expect(listScenarioFiles([MANIFESTS, join(MANIFESTS, 'nodes.yaml')])).toHaveLength(10);
  });

  it('reads Jobs (issue #8) instead of skipping them', () => {
    expect(s.jobs.map((j) => `${j.namespace}/${j.name}`)).toContain('default/migrate');
  });
  it('reads PodDisruptionBudgets, ResourceQuotas and LimitRanges (issue #8) instead of skipping them', () => {
    expect(s.podDisruptionBudgets.map((b) => `${b.namespace}/${b.name}`)).toEqual(['shop/worker-pdb']);
    expect(s.resourceQuotas.map((q) => `${q.namespace}/${q.name}`)).toEqual(['shop/shop-quota']);
    expect(s.limitRanges.map((l) => `${l.namespace}/${l.name}`)).toEqual(['shop/shop-limits']);
  });
  it('skips kinds k8sim does not model with one warning line each', () => {
    const w = s.warnings.map((l) => l.slice(MANIFESTS.length + 1));
    expect(w).toEqual([
      'apps/config.yaml:1: skipped ConfigMap/app-config: k8sim does not model ConfigMap yet',
      'apps/secret.yaml:1: skipped Secret/creds: k8sim does not model Secret yet',
    ]);
  });

  it('reads the Service kubectl create service writes, as it is', () => {
    // apps/service.yaml is `kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml`.
    expect(s.services).toHaveLength(1);
    const [web] = s.services;
    expect(web).toMatchObject({ namespace: 'default', name: 'web', type: 'ClusterIP', sessionAffinity: 'None', loadBalancing: 'RoundRobin' });
    expect(web.ports).toEqual([{ name: '80-8080', port: 80, protocol: 'TCP' }]);
    expect(web.selector!.matches({ app: 'web' })).toBe(true);
    expect(web.affinityTimeoutSeconds).toBeUndefined();
  });

  it('reads the Simulation settings', () => {
    expect([s.name, s.seed, s.duration, s.sampleInterval]).toEqual(['shop-day', '42', seconds(3600), seconds(5)]);
    // preset reduced (1 s → 60 s) with resetAfter overridden to 5 m.
    expect(s.kubelet.crashLoopBackOff).toEqual({ initial: seconds(1), max: seconds(60), resetAfter: seconds(300) });
    expect(s.kubelet.imagePull).toEqual({ kind: 'uniform', min: seconds(1), max: seconds(3) });
    expect(s.kubelet.containerStart).toEqual({ kind: 'fixed', value: 500_000 });
    expect(s.kubelet.unreachablePodPhase).toBe('Running');
    expect(s.scheduler.maxBackoff).toBe(seconds(20));
    expect(s.nodeLifecycle).toEqual({ monitorGracePeriod: seconds(40), monitorPeriod: seconds(5), tolerationSeconds: 60 });
    expect(s.events).toEqual({ aggregate: true, spamFilter: false });
  });

  it('reads Node documents and node pools, in that order', () => {
    expect(s.nodes.map((n) => n.name)).toEqual(['big-1', 'spare', 'pool-1', 'pool-2']);
    const [big, spare, pool1] = s.nodes;
    // allocatable cpu/memory from status.allocatable; pods falls back to status.capacity.
    expect(big.allocatable).toEqual({ cpuMilli: 15800, memoryBytes: 63 * 2 ** 30, pods: 250 });
    expect(big.taints).toEqual([{ key: 'dedicated', value: 'shop', effect: 'NoSchedule' }]);
    expect(big.labels).toMatchObject({ disk: 'ssd', 'kubernetes.io/hostname': 'big-1' });
    expect(spare).toMatchObject({ unschedulable: true, allocatable: { cpuMilli: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 } });
    expect(pool1.allocatable).toEqual({ cpuMilli: 2000, memoryBytes: 8 * 2 ** 30, pods: 110 });
    expect(pool1.labels.disk).toBe('hdd');
  });

  it('lists every namespace used or declared, sorted', () => {
    expect(s.namespaces).toEqual(['default', 'shop']);
  });

  it('resolves workloads with their defaults', () => {
    const api = byName('api');
    expect([api.namespace, api.replicas]).toEqual(['shop', 2]);
    // A tagged image (the registry port is not a tag) → IfNotPresent.
    expect(api.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');

    const worker = byName('worker');
    expect([worker.kind, worker.replicas, worker.minReadySeconds]).toEqual(['ReplicaSet', 2, 5]);
    expect(worker.selector.text).toBe('!canary,tier in (batch,worker)');
    expect(worker.selector.matches({ tier: 'batch' })).toBe(true);
    expect(worker.selector.matches({ tier: 'batch', canary: 'x' })).toBe(false);

    const legacy = byName('legacy');
    // RC: selector and replicas defaulted (template labels, 1).
    expect([legacy.kind, legacy.replicas, legacy.selector.text]).toEqual(['ReplicationController', 1, 'app=legacy']);
    const lc = legacy.template.spec.containers[0];
    expect(lc.imagePullPolicy).toBe('IfNotPresent'); // written explicitly, despite :latest
    expect(lc.requests).toEqual({ cpuMilli: 100, memoryBytes: 64 * 2 ** 20 });
    expect(lc.limits).toEqual({ cpuMilli: 1000, memoryBytes: 128 * 2 ** 20 });
  });

  it('resolves containers, probes and the pod spec', () => {
    const spec = byName('worker').template.spec;
    expect(spec.terminationGracePeriod).toBe(seconds(10));
    expect(spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }]);
    expect(spec.initContainers.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['migrate', undefined],
      ['proxy', 'Always'],
    ]);
    const app = spec.containers[0];
    // requests default to limits.
    expect(app.requests).toEqual({ cpuMilli: 500, memoryBytes: 256 * 2 ** 20 });
    expect(app.livenessProbe).toEqual({
      handler: 'httpGet',
      target: 'http://:8080/healthz',
      initialDelay: seconds(15),
      period: seconds(10),
      timeout: seconds(1),
      successThreshold: 1,
      failureThreshold: 5,
    });
    expect(app.readinessProbe).toMatchObject({ handler: 'exec', target: 'cat /tmp/ready', successThreshold: 2, failureThreshold: 3 });
    expect(app.startupProbe).toMatchObject({ handler: 'grpc', target: ':9090', period: seconds(5), failureThreshold: 30 });
    expect(spec.initContainers[1].readinessProbe).toMatchObject({ handler: 'tcpSocket', target: ':9901' });
    expect(app.specHash).toMatch(/^[0-9a-f]{1,8}$/);
    expect(app.specHash).not.toBe(byName('api').template.spec.containers[0].specHash);
  });

  it('reads bare pods', () => {
    expect(s.pods).toHaveLength(1);
    const p = s.pods[0];
    expect([p.namespace, p.name, p.template.spec.nodeName, p.template.spec.restartPolicy]).toEqual(['default', 'debug', 'big-1', 'Never']);
    // pinned by digest → IfNotPresent.
    expect(p.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('reads Behaviors', () => {
    expect(s.behaviors).toHaveLength(1);
    const b = s.behaviors[0];
    expect([b.name, b.namespace, b.container, b.selector.text]).toEqual(['worker-crashes', 'shop', 'app', 'tier=worker']);
    expect(b.imagePull).toEqual({ kind: 'exponential', mean: seconds(2) });
    expect(b.containerStart).toEqual({ kind: 'lognormal', median: seconds(1), sigma: 0.5 });
    expect(b.exit).toEqual({ after: { kind: 'normal', mean: seconds(30), stddev: seconds(5) }, code: { values: [1, 0], weights: [3, 1] } });
    // Steps sorted by `from` (an omitted from is 0).
    expect(b.probes?.readiness).toEqual([
      { from: 0, result: 'failure', output: 'cat: /tmp/ready: No such file or directory' },
      { from: seconds(20), result: 'success' },
    ]);
    expect(b.probes?.liveness).toEqual([{ from: seconds(600), result: 'timeout' }]);
    expect(b.onSigterm).toEqual({ action: 'ignore', after: { kind: 'fixed', value: 0 }, code: 143 });
  });

  it('merges the Simulation timeline and Timeline documents, sorted by time (ties in document order)', () => {
    expect(s.timeline.map((a) => [toSeconds(a.at), a.action])).toEqual([
      [120, 'cordon'],
      [120, 'deletePod'],
      [180, 'killContainer'],
      [240, 'nodeDown'],
      [300, 'nodeUp'],
      [360, 'uncordon'],
      [420, 'scale'],
      [600, 'scale'],
    ]);
    const scale = s.timeline[7];
    expect(scale).toMatchObject({ target: { kind: 'Deployment', namespace: 'shop', name: 'api' }, replicas: 5 });
    expect(s.timeline[6]).toMatchObject({ target: { kind: 'ReplicationController', namespace: 'default', name: 'legacy' }, replicas: 0 });
    const del = s.timeline[1];
    expect(del.action === 'deletePod' && [del.pods.namespace, del.pods.selector?.text, del.pods.count]).toEqual(['shop', 'app=api', 1]);
    expect(s.timeline[2]).toMatchObject({ pods: { namespace: 'default', name: 'debug' }, container: 'shell', exitCode: 137, reason: 'OOMKilled' });
  });

  it('is deterministic: the same input gives the same scenario', () => {
    const strip = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'function' ? undefined : v));
    expect(strip(loadScenario([MANIFESTS]))).toBe(strip(s));
  });
});
