/**
 * newPod's effective requests: computed once per template and shared by its pods (issue #13), equal to the
 * scheduler's rules (requests: max(sum of app containers, largest init container) per resource; non-zero requests:
 * the same with 100m CPU and 200 MiB for a container that requests none, as upstream's GetNonzeroRequests).
 */
import { newPod } from '../../../models/cluster/podFactory';
import type { ResolvedPodTemplate } from '../../../models/cluster/spec';
import { container, podSpec } from '../../support/build';

const Mi = 1024 * 1024;

function template(): ResolvedPodTemplate {
  const spec = podSpec({
    containers: [container('app', { requests: { cpuMilli: 250, memoryBytes: 512 * Mi } }), container('sidecar', { requests: { cpuMilli: 100, memoryBytes: 0 } })],
    initContainers: [container('init', { requests: { cpuMilli: 500, memoryBytes: 64 * Mi } })],
  });
  return { labels: { app: 'a' }, annotations: {}, spec, raw: {} };
}

describe('newPod requests', () => {
  test('hand-derived values; the pods of one template share the objects, another template has its own', () => {
    const t = template();
    const a = newPod({ namespace: 'default', name: 'a', uid: 'a', template: t });
    const b = newPod({ namespace: 'default', name: 'b', uid: 'b', template: t });
    // cpu: max(250 + 100, 500) = 500; memory: max(512 Mi + 0, 64 Mi) = 512 Mi
    expect(a.requests).toEqual({ cpuMilli: 500, memoryBytes: 512 * Mi });
    // non-zero: the sidecar's memory counts as 200 Mi: max(512 Mi + 200 Mi, 64 Mi) = 712 Mi; cpu as above
    expect(a.nonZeroRequests).toEqual({ cpuMilli: 500, memoryBytes: 712 * Mi });
    expect(b.requests).toBe(a.requests);
    expect(b.nonZeroRequests).toBe(a.nonZeroRequests);
    const c = newPod({ namespace: 'default', name: 'c', uid: 'c', template: template() });
    expect(c.requests).not.toBe(a.requests);
    expect(c.requests).toEqual(a.requests);
  });
});
