/**
 * The HPA's pod lister answers what `store.list('Pod')` filtered by namespace and selector answers (the pods, in
 * creation order) after every kind of change, while keeping its index from the Pod watch instead of scanning.
 */
import { ClusterStore } from '../../../models/cluster/store';
import type { PodObj } from '../../../models/cluster/objects';
import type { ResolvedSelector } from '../../../models/cluster/spec';
import { newPod } from '../../../models/cluster/podFactory';
import { compileLabelSelector } from '../../../models/labels';
import { HpaPodLister } from '../../../models/hpa/podLister';
import { podSpec } from '../../support/build';
import { ZERO } from '../../../engine/time';

const pod = (name: string, app: string, namespace = 'default'): PodObj =>
  newPod({ namespace, name, uid: `uid-${namespace}-${name}`, template: { labels: { app }, annotations: {}, spec: podSpec(), raw: {} } });
const selector = (app: string): ResolvedSelector => ({ matches: compileLabelSelector({ matchLabels: { app } }), text: `app=${app}` });

function setup() {
  const store = new ClusterStore({ now: ZERO });
  const lister = new HpaPodLister<string>(store);
  /** What the controller used to compute: every pod of the store, filtered. */
  const scan = (namespace: string, sel: ResolvedSelector) => [...store.list('Pod')].filter((p) => p.metadata.namespace === namespace && sel.matches(p.metadata.labels)).map((p) => p.metadata.name);
  const names = (s: ReadonlySet<PodObj>) => [...s].map((p) => p.metadata.name);
  return { store, lister, scan, names };
}

describe('HpaPodLister', () => {
  test('the first list scans the store (pods created before it), later pods join at the end, removed pods leave', () => {
    const { store, lister, scan, names } = setup();
    const web = selector('web');
    store.create(pod('w1', 'web'));
    store.create(pod('d1', 'db'));
    store.create(pod('w2', 'web'));
    store.create(pod('w3', 'web', 'other')); // another namespace: not selected
    expect(names(lister.list('hpa', 'default', web))).toEqual(['w1', 'w2']);
    // given a pod deleted and two created afterwards
    const w1 = store.get('Pod', 'default', 'w1')!;
    store.delete(w1); // never bound: removed at once (DELETED)
    store.create(pod('w4', 'web'));
    store.create(pod('w1', 'web')); // a namesake is a new pod, the newest
    // then the index has the store's answer, in creation order
    expect(names(lister.list('hpa', 'default', web))).toEqual(['w2', 'w4', 'w1']);
    expect(names(lister.list('hpa', 'default', web))).toEqual(scan('default', web));
  });

  test('a bound pod being deleted stays listed (with its deletionTimestamp) until it is removed', () => {
    const { store, lister, names } = setup();
    const web = selector('web');
    const p = pod('w1', 'web');
    store.create(p);
    p.spec.nodeName = 'node-1';
    store.update(p);
    expect(names(lister.list('hpa', 'default', web))).toEqual(['w1']);
    store.delete(p); // graceful: MODIFIED with deletionTimestamp
    expect(names(lister.list('hpa', 'default', web))).toEqual(['w1']);
    store.remove(p);
    expect(names(lister.list('hpa', 'default', web))).toEqual([]);
  });

  test('a new selector object (a recreated target) or another namespace replaces the owner\'s index; owners are independent', () => {
    const { store, lister, scan, names } = setup();
    const web = selector('web');
    store.create(pod('w1', 'web'));
    store.create(pod('d1', 'db'));
    store.create(pod('o1', 'web', 'other'));
    expect(names(lister.list('a', 'default', web))).toEqual(['w1']);
    expect(names(lister.list('b', 'default', selector('db')))).toEqual(['d1']);
    const db2 = selector('db');
    expect(names(lister.list('a', 'default', db2))).toEqual(['d1']); // owner a now lists db pods
    expect(names(lister.list('b', 'other', web))).toEqual(['o1']);
    store.create(pod('d2', 'db'));
    store.create(pod('o2', 'web', 'other'));
    store.create(pod('w2', 'web'));
    expect(names(lister.list('a', 'default', db2))).toEqual(scan('default', db2));
    expect(names(lister.list('a', 'default', db2))).toEqual(['d1', 'd2']);
    expect(names(lister.list('b', 'other', web))).toEqual(['o1', 'o2']);
  });
});
