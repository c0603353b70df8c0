/** ImageLocality against scheduler-vectors.md IL-01 and SC-01 (§5.2); derivations beside each row. */
import { DEFAULT_PLUGIN_ARGS } from '../../../../models/scheduler/config';
import { imageLocality } from '../../../../models/scheduler/plugins/imageLocality';
import { cluster, makePod, type NodeSpec } from '../support';
import { runScore } from './run';

const Mi = 1024 * 1024;
const plugin = imageLocality(DEFAULT_PLUGIN_ARGS);

// Each of an image's names is a key of the node's image map (upstream ImageStates are per name).
const il01: NodeSpec[] = [
  { name: 'node1', images: { 'gcr.io/40:latest': 40 * Mi, 'gcr.io/40:v1': 40 * Mi, 'gcr.io/300:latest': 300 * Mi, 'gcr.io/300:v1': 300 * Mi, 'gcr.io/2000:latest': 2000 * Mi } },
  { name: 'node2', images: { 'gcr.io/250:latest': 250 * Mi, 'gcr.io/10:latest': 10 * Mi, 'gcr.io/10:v1': 10 * Mi } },
];

describe('ImageLocality Score', () => {
  test.each<[string, NodeSpec[], string[], Record<string, number>]>([
    // 2 containers → max threshold 2000 MiB; each image on 1 of 2 nodes → spread 1/2; untagged names get :latest.
    // node1: 40 MiB/2 = 20 MiB < 23 MiB → 0; node2: 250/2 = 125 MiB → 100·(125−23)/(2000−23) = 10200/1977 = 5
    ['IL-01 a', il01, ['gcr.io/40', 'gcr.io/250'], { node1: 0, node2: 5 }],
    // node1: 20 + 150 = 170 MiB → 100·147/1977 = 7; node2: none → 0
    ['IL-01 b', il01, ['gcr.io/40', 'gcr.io/300'], { node1: 7, node2: 0 }],
    // SC-01: the pod's image is on no node → 0 everywhere
    ['SC-01', [{ name: 'node-a', hostname: 'auto' }, { name: 'node-b', hostname: 'auto' }], ['busybox:1.36'], { 'node-a': 0, 'node-b': 0 }],
    // One container, 2000 MiB on both nodes (spread 2/2) → above the 1000 MiB threshold → clamped → 100
    ['clamped at the max threshold', [{ name: 'a', images: { 'big:1': 2000 * Mi } }, { name: 'b', images: { 'big:1': 2000 * Mi } }], ['big:1'], { a: 100, b: 100 }],
  ])('%s', (_name, nodes, images, want) => {
    const c = cluster(nodes);
    // No NormalizeScore, weight 1: raw = normalised = weighted.
    expect(runScore(plugin, makePod({ images }), c.snapshot)).toEqual({ skipped: false, raw: want, scores: want, weighted: want });
  });
});
