/**
 * workloads-vectors.md §8 (Q-1..Q-3, L-1..L-3): ResourceQuota and LimitRanger admission, table-driven over the pure
 * plugins. Expected messages are the vectors' own, byte for byte.
 */
import { newPod } from '../../../models/cluster/podFactory';
import type { LimitRangeItem, LimitRangeObj, PodObj, ResourceQuotaObj } from '../../../models/cluster/objects';
import { ApiError } from '../../../models/cluster/apiError';
import { quotaAdmit, quotaUsed } from '../../../models/policy/resourceQuota';
import { limitRangerAdmit, LIMIT_RANGER_ANNOTATION } from '../../../models/policy/limitRanger';
import { formatQuantity } from '../../../models/policy/resources';
import { container, podSpec } from '../../support/build';
import { ZERO } from '../../../engine/time';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const meta = (name: string) => ({ name, namespace: 'default', uid: name, labels: {}, annotations: {}, ownerReferences: [], creationTimestamp: ZERO, resourceVersion: 0, generation: 0 });
const milli = (o: Record<string, number>) => new Map(Object.entries(o));

function pod(name: string, c: { cpu?: number; mem?: number; cpuLimit?: number; memLimit?: number }, generateName?: string): PodObj {
  const spec = podSpec({ containers: [container('app', { requests: { cpuMilli: c.cpu ?? 0, memoryBytes: c.mem ?? 0 }, limits: { cpuMilli: c.cpuLimit ?? 0, memoryBytes: c.memLimit ?? 0 } })] });
  return newPod({ namespace: 'default', name, uid: name, template: { labels: {}, annotations: {}, spec, raw: {} }, ...(generateName ? { generateName } : {}) });
}
const quota = (name: string, hard: Record<string, number>): ResourceQuotaObj => ({ kind: 'ResourceQuota', metadata: meta(name), spec: { hard: milli(hard) } });

function refusal(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(403);
    return (e as ApiError).message;
  }
  throw new Error('admitted');
}

describe('ResourceQuota admission (Q vectors)', () => {
  it('Q-1: cpu 1800m used + 500m > 2 is refused with the generateName; memory within its quota is not listed', () => {
    const q = quota('compute', { 'requests.cpu': 2000, 'requests.memory': 4 * Gi * 1000 });
    // Existing pods making used = {requests.cpu: 1800m, requests.memory: 1Gi}.
    const existing = [pod('a', { cpu: 1000, mem: 512 * Mi }), pod('b', { cpu: 800, mem: 512 * Mi })];
    const used = quotaUsed(q, existing);
    expect(used.get('requests.cpu')).toBe(1800);
    const p = pod('web-7d4b9c8f6d-xxxxx', { cpu: 500, mem: 256 * Mi }, 'web-7d4b9c8f6d-');
    expect(refusal(() => quotaAdmit(p, [{ quota: q, used }], 'web-7d4b9c8f6d-'))).toBe(
      'pods "web-7d4b9c8f6d-" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2',
    );
  });

  it('Q-2: a pod count quota already full', () => {
    const q = quota('pod-count', { pods: 2000 });
    const used = quotaUsed(q, [pod('x', {}), pod('y', {})]);
    expect(refusal(() => quotaAdmit(pod('api', {}), [{ quota: q, used }], 'api'))).toBe(
      'pods "api" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=2, limited: pods=2',
    );
  });

  it('Q-3: limits tracked but not set: must specify, sorted', () => {
    const q = quota('compute-limits', { 'limits.cpu': 4000, 'limits.memory': 8 * Gi * 1000 });
    expect(refusal(() => quotaAdmit(pod('api', {}), [{ quota: q, used: quotaUsed(q, []) }], 'api'))).toBe(
      'pods "api" is forbidden: failed quota: compute-limits: must specify limits.cpu,limits.memory',
    );
  });

  it('admits within the quota; finished pods do not count', () => {
    const q = quota('compute', { 'requests.cpu': 2000 });
    const done = pod('done', { cpu: 1500 });
    done.status.phase = 'Succeeded';
    expect(quotaUsed(q, [done]).get('requests.cpu')).toBe(0);
    expect(() => quotaAdmit(pod('ok', { cpu: 2000 }), [{ quota: q, used: quotaUsed(q, [done]) }], 'ok')).not.toThrow();
  });

  it.each([
    ['cpu', 500, '500m'],
    ['cpu', 2000, '2'],
    ['cpu', 1800, '1800m'],
    ['requests.memory', Gi * 1000, '1Gi'],
    ['memory', 1280 * Mi * 1000, '1280Mi'],
    ['memory', 1e9 * 1000, '1G'],
    ['pods', 1000, '1'],
  ])('canonical quantity %s %d → %s', (r, v, text) => {
    expect(formatQuantity(r as string, v as number)).toBe(text);
  });
});

const item = (type: 'Container' | 'Pod', o: Partial<Record<keyof Omit<LimitRangeItem, 'type'>, Record<string, number>>>): LimitRangeItem => ({
  type,
  max: milli(o.max ?? {}),
  min: milli(o.min ?? {}),
  default: milli(o.default ?? {}),
  defaultRequest: milli(o.defaultRequest ?? {}),
  maxLimitRequestRatio: milli(o.maxLimitRequestRatio ?? {}),
});
const range = (...limits: LimitRangeItem[]): LimitRangeObj => ({ kind: 'LimitRange', metadata: meta('limits'), spec: { limits } });

describe('LimitRanger admission (L vectors)', () => {
  it('L-1: defaults fill requests and limits, and the annotation says so', () => {
    const p = pod('app', {});
    limitRangerAdmit(p, [range(item('Container', { default: { cpu: 500, memory: 512 * Mi * 1000 }, defaultRequest: { cpu: 250, memory: 256 * Mi * 1000 } }))], 'app');
    const c = p.spec.containers[0];
    expect(c.requests).toEqual({ cpuMilli: 250, memoryBytes: 256 * Mi });
    expect(c.limits).toEqual({ cpuMilli: 500, memoryBytes: 512 * Mi });
    expect(p.metadata.annotations[LIMIT_RANGER_ANNOTATION]).toBe('LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
    // The pod's effective requests follow (the scheduler reads them).
    expect(p.requests).toEqual({ cpuMilli: 250, memoryBytes: 256 * Mi });
  });

  it('L-2: a limit above the Container max', () => {
    const p = pod('big', { cpu: 500, cpuLimit: 2000 });
    expect(refusal(() => limitRangerAdmit(p, [range(item('Container', { max: { cpu: 1000 }, default: { cpu: 1000 }, defaultRequest: { cpu: 1000 } }))], 'big'))).toBe(
      'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
  });

  it('L-3: limit/request ratio 1000m / 250m = 4 > 2', () => {
    const p = pod('r', { cpu: 250, cpuLimit: 1000 });
    expect(refusal(() => limitRangerAdmit(p, [range(item('Container', { maxLimitRequestRatio: { cpu: 2000 } }))], 'r'))).toBe(
      'pods "r" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    );
  });

  it('several violations are listed in brackets; a missing request under a min is named', () => {
    const p = pod('m', { cpuLimit: 0 });
    expect(refusal(() => limitRangerAdmit(p, [range(item('Pod', { min: { cpu: 100 }, max: { memory: Gi * 1000 } }))], 'm'))).toBe(
      'pods "m" is forbidden: [minimum cpu usage per Pod is 100m.  No request is specified, maximum memory usage per Pod is 1Gi.  No limit is specified]',
    );
  });
});

describe('aggregated LimitRanger messages', () => {
  it('the same violation in two containers is reported once (utilerrors aggregate de-duplicates)', () => {
    const spec = podSpec({ containers: [container('a', { limits: { cpuMilli: 2000, memoryBytes: 0 }, requests: { cpuMilli: 100, memoryBytes: 0 } }), container('b', { limits: { cpuMilli: 2000, memoryBytes: 0 }, requests: { cpuMilli: 100, memoryBytes: 0 } })] });
    const p = newPod({ namespace: 'default', name: 'two', uid: 'two', template: { labels: {}, annotations: {}, spec, raw: {} } });
    expect(refusal(() => limitRangerAdmit(p, [range(item('Container', { max: { cpu: 1000 }, default: { cpu: 1000 }, defaultRequest: { cpu: 1000 } }))], 'two'))).toBe(
      'pods "two" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
  });
});
