/**
 * ImageLocality with images declared on nodes (a node pool's `images`, a Node's status.images), through the loader
 * and the scheduler: the scheduling.csv breakdown shows the plugin's score, derived by hand (scheduler.md §5.2).
 */
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { seconds } from '../../../engine/time';
import { errorOf, load } from '../../scenarios/helpers';

const MiB = 1024 * 1024;

const scenario = (images: string) => `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: il}
spec:
  duration: 10s
  nodePools:
    - {namePrefix: warm, count: 1, cpu: "4", memory: 8Gi, images: ${images}}
    - {namePrefix: cold, count: 1, cpu: "4", memory: 8Gi}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: "registry.example/big:1.0", resources: {requests: {cpu: 100m}}}]
`;

test('a node already holding the image scores higher and wins: 100 × (500 MiB × 1/2 − 23 MiB) / (1000 MiB − 23 MiB) = 23', () => {
  const s = load(scenario(`[{name: "registry.example/big:1.0", sizeBytes: ${500 * MiB}}]`));
  const rec = new MemoryRecorder();
  new Simulation(s, rec, { traceScheduling: true }).runUntil(seconds(1));
  const row = rec.schedulingRows[0];
  expect(row.node).toBe('warm-1');
  // sum = 500 MiB × (1 node holding it / 2 nodes) = 250 MiB; clamp to [23 MiB, 1000 MiB × 1 container];
  // int64(100 × (250 − 23) / (1000 − 23)) = int64(23.23) = 23. The cold node: sum 0 → clamped to 23 MiB → 0.
  const il = (node: string) => row.top.find((t) => t.node === node)!.plugins.find(([p]) => p === 'ImageLocality')![1];
  expect([il('warm-1'), il('cold-1')]).toEqual([23, 0]);
});

test('an untagged image name is normalised to :latest on both sides (normalizedImageName)', () => {
  const s = load(scenario(`[{names: ["registry.example/big:1.0", "registry.example/big"], sizeBytes: ${500 * MiB}}]`));
  expect(s.nodes.find((n) => n.name === 'warm-1')!.images).toEqual([{ names: ['registry.example/big:1.0', 'registry.example/big'], sizeBytes: 500 * MiB }]);
});

test('an image without a size is refused where it is written', () => {
  expect(errorOf(scenario('[{name: "registry.example/big:1.0"}]'))).toMatch(/:7: .*images\[0\]\.sizeBytes.*required/);
});
