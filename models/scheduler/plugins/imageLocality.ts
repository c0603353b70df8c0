/**
 * The ImageLocality score plugin (scheduler.md §5.2): favours nodes that already hold the pod's images, scaled by
 * how widely each image is spread. Reads the node's image states; never mutates anything.
 */
import type { PluginArgs } from '../config';
import { MAX_NODE_SCORE, type ImageState, type ScorePlugin } from '../framework/types';

export const IMAGE_LOCALITY = 'ImageLocality';

const MB = 1024 * 1024;
/** image_locality.go : minThreshold (23 MiB) and maxContainerThreshold (1000 MiB per container). */
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** image_locality.go : scaledImageScore: int64(float64(size) × numNodes / totalNumNodes). */
export function scaledImageScore(image: ImageState, totalNumNodes: number): number {
  const spread = image.numNodes / totalNumNodes;
  return Math.trunc(image.sizeBytes * spread);
}

/** image_locality.go : sumImageScores over the pod's (normalised) init-container and container images. */
export function sumImageScores(images: ReadonlyMap<string, ImageState>, podImages: readonly string[], totalNumNodes: number): number {
  if (images.size === 0) return 0;
  let sum = 0;
  for (const name of podImages) {
    const state = images.get(name);
    if (state !== undefined) sum += scaledImageScore(state, totalNumNodes);
  }
  return sum;
}

/** image_locality.go : calculatePriority: the sum clamped to [23 MiB, 1000 MiB × containers], scaled to 0..100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  // `+ 0` turns the −0 of a pod without containers (0 / negative) into 0.
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD)) + 0;
}

/**
 * plugins/imagelocality/image_locality.go : Score (totalNumNodes = every node of the snapshot). No PreScore, no
 * NormalizeScore. Allocation-free: one map lookup per pod image.
 */
export function imageLocality(_args?: PluginArgs): ScorePlugin {
  return {
    name: IMAGE_LOCALITY,
    score(_state, pod, node, snapshot) {
      return calculatePriority(sumImageScores(node.images, pod.images, snapshot.nodes.length), pod.images.length);
    },
    scoreAll(_state, pod, nodes, snapshot, scores) {
      const images = pod.images;
      const total = snapshot.nodes.length;
      // A node without images sums to 0 (sumImageScores): its score is the pod's one constant, computed once.
      const none = calculatePriority(0, images.length);
      for (let i = 0; i < nodes.length; i++) {
        const held = nodes[i].images;
        scores[i] = held.size === 0 ? none : calculatePriority(sumImageScores(held, images, total), images.length);
      }
    },
  };
}
