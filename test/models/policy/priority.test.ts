/**
 * scheduler-vectors.md Q-02 (scheduler.md §7.1, §7.2): the Priority admission plugin on pod create, table-driven,
 * through the store's admission chain; and PrioritySort's order of the admitted pods. Messages are the vector's,
 * wrapped in admission.NewForbidden's `pods "<name>" is forbidden: `.
 */
import { newPod } from '../../../models/cluster/podFactory';
import { ClusterStore } from '../../../models/cluster/store';
import { ApiError } from '../../../models/cluster/apiError';
import type { PodObj } from '../../../models/cluster/objects';
import type { PreemptionPolicy, ResolvedPodSpec } from '../../../models/cluster/spec';
import { Admission } from '../../../models/policy/admission';
import { PriorityClasses, resolvePriority } from '../../../models/policy/priority';
import type { PriorityClassSpec } from '../../../models/scheduler/config';
import { prioritySortLess } from '../../../models/scheduler/plugins/prioritySort';
import { podSpec } from '../../support/build';
import { seconds, ZERO } from '../../../engine/time';

const cls = (name: string, value: number, extra: Partial<PriorityClassSpec> = {}): PriorityClassSpec => ({ name, value, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', ...extra });

// Q-02 input.priorityClasses.
const Q02_CLASSES: PriorityClassSpec[] = [cls('critical-apps', 1000000), cls('batch', -5, { globalDefault: true }), cls('opportunistic', 10, { preemptionPolicy: 'Never' })];

interface Written {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: PreemptionPolicy;
}

function pod(name: string, w: Written, generateName?: string): PodObj {
  const spec: ResolvedPodSpec = podSpec(w);
  return newPod({ namespace: 'default', name, uid: name, template: { labels: {}, annotations: {}, spec, raw: {} }, ...(generateName ? { generateName } : {}) });
}

function setup(classes: PriorityClassSpec[]): { store: ClusterStore; admission: Admission } {
  const store = new ClusterStore({ now: ZERO });
  return { store, admission: new Admission(store, classes) };
}

type Expect = { priorityClassName?: string; priority: number; preemptionPolicy?: PreemptionPolicy } | { rejected: string };

// One row per pods_created entry of Q-02 (plus without_default_class); expectations are the vector's.
const CASES: { id: string; classes: PriorityClassSpec[]; pod: string; written: Written; expected: Expect }[] = [
  // No class named: the global default `batch` (-5) is stored, with its name.
  { id: 'Q-02 a', classes: Q02_CLASSES, pod: 'a', written: {}, expected: { priorityClassName: 'batch', priority: -5, preemptionPolicy: 'PreemptLowerPriority' } },
  { id: 'Q-02 b', classes: Q02_CLASSES, pod: 'b', written: { priorityClassName: 'critical-apps' }, expected: { priorityClassName: 'critical-apps', priority: 1000000, preemptionPolicy: 'PreemptLowerPriority' } },
  // The class's preemptionPolicy Never is copied to the pod.
  { id: 'Q-02 c', classes: Q02_CLASSES, pod: 'c', written: { priorityClassName: 'opportunistic' }, expected: { priorityClassName: 'opportunistic', priority: 10, preemptionPolicy: 'Never' } },
  // Built-in class: SystemCriticalPriority = 2000000000.
  { id: 'Q-02 f', classes: Q02_CLASSES, pod: 'f', written: { priorityClassName: 'system-cluster-critical' }, expected: { priority: 2000000000, preemptionPolicy: 'PreemptLowerPriority' } },
  { id: 'Q-02 d', classes: Q02_CLASSES, pod: 'd', written: { priorityClassName: 'gold' }, expected: { rejected: 'no PriorityClass with name gold was found' } },
  {
    id: 'Q-02 e',
    classes: Q02_CLASSES,
    pod: 'e',
    written: { priorityClassName: 'critical-apps', priority: 5 },
    expected: { rejected: 'the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000000 from the given PriorityClass name' },
  },
  // without_default_class: name "" and DefaultPriorityWhenNoDefaultClassExists = 0.
  { id: 'Q-02 without_default_class a', classes: Q02_CLASSES.filter((c) => !c.globalDefault), pod: 'a', written: {}, expected: { priorityClassName: '', priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
  // §7.1 (not in the vector): the same check for preemptionPolicy; a written value equal to the class's is accepted.
  {
    id: '§7.1 preemptionPolicy differs',
    classes: Q02_CLASSES,
    pod: 'g',
    written: { priorityClassName: 'opportunistic', preemptionPolicy: 'PreemptLowerPriority' },
    expected: { rejected: 'the string value of PreemptionPolicy (PreemptLowerPriority) must not be provided in pod spec; priority admission controller computed Never from the given PriorityClass name' },
  },
  { id: '§7.1 equal priority written', classes: Q02_CLASSES, pod: 'h', written: { priorityClassName: 'critical-apps', priority: 1000000 }, expected: { priority: 1000000 } },
];

describe('Priority admission (Q-02)', () => {
  it.each(CASES)('$id', ({ classes, pod: name, written, expected }) => {
    const { store, admission } = setup(classes);
    const p = pod(name, written);
    if ('rejected' in expected) {
      let err: unknown;
      try {
        store.create(p);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(403);
      expect((err as ApiError).reason).toBe('Forbidden');
      expect((err as ApiError).message).toBe(`pods "${name}" is forbidden: ${expected.rejected}`);
      expect(store.getPod('default', name)).toBeUndefined();
      expect(admission.rejections.priority).toBe(1);
    } else {
      store.create(p);
      expect(p.spec.priority).toBe(expected.priority);
      if (expected.priorityClassName !== undefined) expect(p.spec.priorityClassName).toBe(expected.priorityClassName);
      if (expected.preemptionPolicy !== undefined) expect(p.spec.preemptionPolicy).toBe(expected.preemptionPolicy);
      expect(admission.rejections.priority).toBe(0);
    }
  });

  it('refusal names the generateName of a controller pod (admission.NewForbidden)', () => {
    const { store } = setup(Q02_CLASSES);
    expect(() => store.create(pod('web-abc12', { priorityClassName: 'gold' }, 'web-'))).toThrow('pods "web-" is forbidden: no PriorityClass with name gold was found');
  });

  it('several global defaults: the lowest value wins (getDefaultPriorityClass)', () => {
    const classes = new PriorityClasses([cls('hi', 100, { globalDefault: true }), cls('lo', 7, { globalDefault: true })]);
    expect(resolvePriority({}, classes)).toEqual({ priorityClassName: 'lo', priority: 7, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('system-node-critical is built in at 2000001000; a scenario class cannot redefine a built-in', () => {
    const classes = new PriorityClasses([cls('system-node-critical', 5)]);
    expect(resolvePriority({ priorityClassName: 'system-node-critical' }, classes)).toEqual({ priorityClassName: 'system-node-critical', priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
  });
});

describe('PrioritySort (Q-02 pop order)', () => {
  it('Q-02 pop_order_when_all_queued: f, b, c, a', () => {
    // The admitted pods of Q-02 (d and e were refused), queued at their creation times t = 1..4 s:
    // f 2000000000 > b 1000000 > c 10 > a -5, so priority alone orders them.
    const { store } = setup(Q02_CLASSES);
    const created: [string, Written, number][] = [
      ['a', {}, 1],
      ['b', { priorityClassName: 'critical-apps' }, 2],
      ['c', { priorityClassName: 'opportunistic' }, 3],
      ['f', { priorityClassName: 'system-cluster-critical' }, 4],
    ];
    const queued = created.map(([name, w, t]) => {
      const p = pod(name, w);
      store.create(p);
      return { name, priority: p.spec.priority, timestamp: seconds(t) };
    });
    const order = [...queued].sort((x, y) => (prioritySortLess(x, y) ? -1 : prioritySortLess(y, x) ? 1 : 0)).map((q) => q.name);
    expect(order).toEqual(['f', 'b', 'c', 'a']);
  });

  it('§7.2 equal priority: the earlier queue timestamp first', () => {
    expect(prioritySortLess({ priority: 5, timestamp: seconds(1) }, { priority: 5, timestamp: seconds(2) })).toBe(true);
    expect(prioritySortLess({ priority: 5, timestamp: seconds(2) }, { priority: 5, timestamp: seconds(1) })).toBe(false);
    expect(prioritySortLess({ priority: 5, timestamp: seconds(1) }, { priority: 5, timestamp: seconds(1) })).toBe(false);
    expect(prioritySortLess({ priority: 6, timestamp: seconds(9) }, { priority: 5, timestamp: seconds(1) })).toBe(true);
  });
});
