/**
 * Property (fast-check): ImageLocality's scoreAll, which scores a node without images by one constant per pod
 * (issue #13), gives exactly score() per node, for random nodes (no images, or some of four with sizes around the
 * 23 MiB and 1000 MiB thresholds) and pods with zero to three images.
 */
import fc from 'fast-check';
import { CycleState, type ImageState, type NodeInfo, type PodInfo, type Snapshot } from '../../../../models/scheduler/framework/types';
import { imageLocality } from '../../../../models/scheduler/plugins/imageLocality';

const MB = 2 ** 20;
const IMAGES = ['a:1', 'b:1', 'c:1', 'd:1'];
const genImages = fc.oneof(fc.constant([] as [string, number][]), fc.array(fc.tuple(fc.constantFrom(...IMAGES), fc.constantFrom(0, 5 * MB, 30 * MB, 800 * MB, 3000 * MB)), { maxLength: 4 }));

test('ImageLocality scoreAll equals score() per node', () => {
  fc.assert(
    fc.property(fc.array(genImages, { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom(...IMAGES), { maxLength: 3 }), (perNode, podImages) => {
      const holders = new Map<string, number>();
      for (const list of perNode) for (const name of new Set(list.map(([n]) => n))) holders.set(name, (holders.get(name) ?? 0) + 1);
      const nodes = perNode.map((list, index) => {
        const images = new Map<string, ImageState>(list.map(([n, size]) => [n, { sizeBytes: size, numNodes: holders.get(n)! }]));
        return { index, name: `n${index}`, images } as unknown as NodeInfo;
      });
      const snapshot = { nodes } as unknown as Snapshot;
      const pod = { images: podImages } as unknown as PodInfo;
      const plugin = imageLocality();
      const state = new CycleState();
      const all = new Array<number>(nodes.length).fill(-1);
      plugin.scoreAll!(state, pod, nodes, snapshot, all);
      expect(all).toEqual(nodes.map((n) => plugin.score(state, pod, n, snapshot)));
    }),
    { numRuns: 300 },
  );
});
