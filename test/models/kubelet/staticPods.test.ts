/**
 * Vector ST-1 (workloads-vectors.md §9, reference workloads.md §9): a static pod's mirror name, annotation,
 * toleration, drain skip and mirror recreation, through the loader (nodePools[].staticPods) and a run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seconds } from '../../../engine/time';
import { resolveScenario } from '../../../scenarios/load';
import { selectPods } from '../../../models/policy/drain';
import { MIRROR_ANNOTATION, staticPodName } from '../../../models/kubelet/staticPods';
import { run } from '../../support/build';

interface Case {
  readonly name: string;
  readonly manifest: { readonly name: string; readonly namespace?: string };
  readonly nodeName: string;
  readonly podName: string;
  readonly namespace: string;
}

// ST-1 and a second case the rule must generalise to: no namespace written (defaults to `default`).
const CASES: Case[] = [
  { name: 'ST-1', manifest: { name: 'kube-apiserver', namespace: 'kube-system' }, nodeName: 'CP-1', podName: 'kube-apiserver-cp-1', namespace: 'kube-system' },
  { name: 'no namespace', manifest: { name: 'etcd' }, nodeName: 'cp-2', podName: 'etcd-cp-2', namespace: 'default' },
];

function scenarioWith(c: Case, timeline: string) {
  const dir = mkdtempSync(join(tmpdir(), 'k8sim-static-'));
  const ns = c.manifest.namespace !== undefined ? `\n  namespace: ${c.manifest.namespace}` : '';
  writeFileSync(join(dir, 'pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${c.manifest.name}${ns}\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n`);
  const node = c.nodeName.toLowerCase();
  const prefix = node.replace(/-\d+$/, '');
  const text = `apiVersion: k8sim/v1alpha1
kind: Simulation
spec:
  duration: 600s
  nodePools:
  - namePrefix: ${prefix}
    count: ${Number(node.slice(prefix.length + 1))}
    staticPods: [pod.yaml]
  timeline:
${timeline}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: ${c.namespace}}
spec:
  nodeName: ${node}
  containers: [{name: app, image: busybox:1.36}]
`;
  return resolveScenario([{ file: join(dir, 'scenario.yaml'), text }], {}, 'st');
}

describe('static pods (ST-1)', () => {
  it.each(CASES)('$name: name, annotation, owner, toleration, drain skip', (c) => {
    // generatePodName lowercases the node name.
    expect(staticPodName(c.manifest.name, c.nodeName)).toBe(c.podName);
    const { sim } = run(scenarioWith(c, '  - {at: 500s, action: cordon, node: ' + c.nodeName.toLowerCase() + '}'), seconds(60));
    const pod = sim.ctx.store.get('Pod', c.namespace, c.podName)!;
    expect(pod).toBeDefined();
    expect(pod.metadata.annotations[MIRROR_ANNOTATION]).toMatch(/^[a-z0-9]+$/);
    expect(pod.metadata.ownerReferences).toEqual([{ kind: 'Node', name: c.nodeName.toLowerCase(), uid: c.nodeName.toLowerCase(), controller: true }]);
    expect(pod.spec.tolerations).toContainEqual({ operator: 'Exists', effect: 'NoExecute' });
    // Bound at t = 0 without the scheduler: no Scheduled event.
    expect(pod.spec.nodeName).toBe(c.nodeName.toLowerCase());
    expect(pod.status.phase).toBe('Running');
    // Drain skips it silently: neither evicted nor in an error or warning group; the plain pod is an error.
    const sel = selectPods(sim.ctx, sim.ctx.store.getNode(c.nodeName.toLowerCase())!, { ignoreDaemonSets: true, deleteEmptyDirData: true, force: false });
    expect(sel.evict).toEqual([]);
    expect(sel.errors.join('\n')).not.toContain(c.podName);
    expect(sel.errors.join('\n')).toContain('plain');
    expect(sel.warnings).toEqual([]);
  });

  it.each(CASES)('$name: deleting the mirror does not stop the static pod; the kubelet publishes a fresh mirror', (c) => {
    const { sim, rec } = run(scenarioWith(c, `  - {at: 20s, action: delete, pod: ${c.podName}, namespace: ${c.namespace}}`), seconds(30));
    const pod = sim.ctx.store.get('Pod', c.namespace, c.podName)!;
    expect(pod).toBeDefined();
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    expect(pod.metadata.creationTimestamp).toBe(seconds(20));
    expect(pod.status.containerStatuses[0].state?.kind).toBe('running');
    expect(pod.status.containerStatuses[0].restartCount).toBe(0);
    expect(sim.summary().podsDeleted).toBe(0);
    expect(rec.events.filter((e) => e.reason === 'Killing')).toEqual([]);
  });

  it.each(CASES)('$name: taint eviction leaves the static pod (it tolerates every NoExecute taint)', (c) => {
    const node = c.nodeName.toLowerCase();
    const { sim, rec } = run(scenarioWith(c, `  - {at: 10s, action: nodeDown, node: ${node}}`), seconds(600));
    const evicted = rec.events.filter((e) => e.reason === 'TaintManagerEviction').map((e) => e.message);
    expect(evicted).toEqual([`Marking for deletion Pod ${c.namespace}/plain`]);
    expect(sim.ctx.store.get('Pod', c.namespace, c.podName)?.metadata.deletionTimestamp).toBeUndefined();
  });
});
