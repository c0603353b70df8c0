/**
 * The store's API semantics: resourceVersion (one monotonic counter per store), metadata.generation on spec
 * changes, graceful delete (deletionTimestamp, then removal), the scale subresource, list order, and watch delivery
 * in change order without nesting (a change made by a watcher reaches every watcher after the current change).
 */
import { ClusterStore, type WatchEventType } from '../../../models/cluster/store';
import type { DeploymentObj, ObjectMeta, PodObj } from '../../../models/cluster/objects';
import { newPod } from '../../../models/cluster/podFactory';
import { compileLabelSelector } from '../../../models/labels';
import { podSpec } from '../../support/build';
import { seconds, ZERO, type Micros } from '../../../engine/time';

const meta = (name: string): ObjectMeta => ({ name, namespace: 'default', uid: `uid-${name}`, labels: {}, annotations: {}, ownerReferences: [], creationTimestamp: ZERO, resourceVersion: 0, generation: 0 });
const template = { labels: { app: 'web' }, annotations: {}, spec: podSpec(), raw: {} };
const pod = (name: string): PodObj => newPod({ namespace: 'default', name, uid: `uid-${name}`, template });
const deployment = (name: string, replicas: number): DeploymentObj => ({
  kind: 'Deployment',
  metadata: meta(name),
  spec: { replicas, selector: { matches: compileLabelSelector({ matchLabels: { app: 'web' } }), text: 'app=web' }, template, minReadySeconds: 0 },
});

function setup(now: Micros = ZERO) {
  const clock = { now };
  const store = new ClusterStore(clock);
  const seen: string[] = [];
  store.watch('Pod', (type: WatchEventType, p) => seen.push(`${type} ${p.metadata.name} rv=${p.metadata.resourceVersion}`));
  return { clock, store, seen };
}

describe('ClusterStore', () => {
  test('create stamps creationTimestamp, generation 1 and the next resourceVersion; names are unique per kind', () => {
    const { store, seen, clock } = setup(seconds(5));
    const a = pod('a');
    store.create(a);
    clock.now = seconds(6);
    store.create(pod('b'));
    expect([a.metadata.creationTimestamp, a.metadata.generation, a.metadata.resourceVersion]).toEqual([5_000_000, 1, 1]);
    expect(seen).toEqual(['ADDED a rv=1', 'ADDED b rv=2']);
    expect(() => store.create(pod('a'))).toThrow('Pod default/a already exists');
    expect([...store.list('Pod')].map((p) => p.metadata.name)).toEqual(['a', 'b']);
  });

  test('update bumps resourceVersion always and generation only for spec changes; one counter across kinds', () => {
    const { store } = setup();
    const p = pod('a');
    const d = deployment('web', 2);
    store.create(p); // rv 1
    store.create(d); // rv 2
    store.update(p); // rv 3, status change
    store.update(d, true); // rv 4, spec change
    expect([p.metadata.resourceVersion, p.metadata.generation]).toEqual([3, 1]);
    expect([d.metadata.resourceVersion, d.metadata.generation]).toEqual([4, 2]);
  });

  test('graceful delete of a bound pod sets deletionTimestamp (MODIFIED) and waits for remove (DELETED)', () => {
    const { store, seen, clock } = setup(seconds(1));
    const p = pod('a');
    store.create(p);
    p.spec.nodeName = 'node-1';
    clock.now = seconds(2);
    expect(store.delete(p)).toBe(true);
    expect(store.delete(p)).toBe(false); // already deleting
    expect(p.metadata.deletionTimestamp).toBe(2_000_000);
    expect(store.getPod('default', 'a')).toBe(p);
    store.remove(p);
    expect(store.getPod('default', 'a')).toBeUndefined();
    expect(p.removed).toBe(true);
    store.update(p); // a write to a removed object is ignored
    expect(seen).toEqual(['ADDED a rv=1', 'MODIFIED a rv=2', 'DELETED a rv=3']);
  });

  test('deleting a pod that was never bound removes it at once (no kubelet to wait for)', () => {
    const { store, seen } = setup();
    const p = pod('a');
    store.create(p);
    store.delete(p);
    expect(seen).toEqual(['ADDED a rv=1', 'DELETED a rv=2']);
    expect(p.metadata.deletionTimestamp).toBe(0);
  });

  test('the scale subresource writes spec.replicas as a spec change, and reads it back', () => {
    const { store } = setup();
    const d = deployment('web', 2);
    store.create(d);
    const events: string[] = [];
    store.watch('Deployment', (t, x) => events.push(`${t} ${x.spec.replicas} gen=${x.metadata.generation}`));
    expect(store.scale('Deployment', 'default', 'web', 5)).toBe(true);
    expect(store.scale('Deployment', 'default', 'web', 5)).toBe(true); // unchanged: no write
    expect(store.scale('Deployment', 'default', 'nope', 5)).toBe(false);
    expect(store.getScale('Deployment', 'default', 'web')).toBe(5);
    expect(events).toEqual(['MODIFIED 5 gen=2']);
  });

  test('watchers receive changes in order; a change made inside a watcher is delivered after the current one', () => {
    // given two watchers, the first of which updates pod b when it sees pod a added
    const clock = { now: ZERO };
    const store = new ClusterStore(clock);
    const b = pod('b');
    const log: string[] = [];
    store.watch('Pod', (t, p) => {
      log.push(`first ${t} ${p.metadata.name}`);
      if (t === 'ADDED' && p.metadata.name === 'a') store.update(b);
    });
    store.watch('Pod', (t, p) => log.push(`second ${t} ${p.metadata.name}`));
    store.create(b);
    log.length = 0;
    // when a is created, then every watcher sees ADDED a before anyone sees MODIFIED b
    store.create(pod('a'));
    expect(log).toEqual(['first ADDED a', 'second ADDED a', 'first MODIFIED b', 'second MODIFIED b']);
  });
});
