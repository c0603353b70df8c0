/**
 * A small CloudApi for the provisioner's end-to-end tests until the real cloud (models/cloud/cloud.ts) is merged:
 * fixed registration / ready delays from the launch request, an optional failure per launch, Nodes that register
 * NotReady (with the not-ready taint) and turn Ready, termination that removes the Node and its pods at once, and
 * `interrupt(node)` for spot notices. Deterministic; no random draws.
 */
import { Priority } from '../../../engine/priority';
import type { EventType, Simulator } from '../../../engine/simulator';
import { micros, ZERO, type Micros } from '../../../engine/time';
import type { Catalogue, CloudApi, CloudListener, Instance, InstanceState, LaunchRequest, NodeOwner } from '../../../models/cloud/types';
import type { ClusterStore } from '../../../models/cluster/store';
import type { NodeObj } from '../../../models/cluster/objects';
import type { Simulation } from '../../../models/simulation';

const NOT_READY = 'node.kubernetes.io/not-ready';

interface Mutable {
  id: string;
  request: LaunchRequest;
  state: InstanceState;
  launchedAt: Micros;
  registeredAt?: Micros;
  readyAt?: Micros;
  terminatedAt?: Micros;
  node?: NodeObj;
}

export class FakeCloud implements CloudApi {
  private readonly all: Mutable[] = [];
  private readonly listeners: CloudListener[] = [];
  private seq = 0;
  private clock!: Simulator;
  private store!: ClusterStore;
  private step!: EventType<{ i: Mutable; what: 'register' | 'ready' }>;
  /** Launches that fail (by launch order, 0-based) with the given class. */
  readonly failures = new Map<number, 'OutOfResource' | 'Other'>();
  /** Node names never registering (registration timeout tests). */
  readonly neverRegister = new Set<string>();

  constructor(readonly catalogue: Catalogue) {}

  /** Wires the cloud to a Simulation's clock and store (before any launch). */
  attach(sim: Simulation): void {
    this.clock = sim['sim'] as Simulator;
    this.store = sim.ctx.store;
    this.step = this.clock.register('fakeCloud/step', ({ i, what }) => (what === 'register' ? this.register(i) : this.ready(i)));
  }

  launch(req: LaunchRequest): Instance {
    const n = this.seq++;
    const i: Mutable = { id: `i-${n}`, request: req, state: 'launching', launchedAt: this.clock.now };
    this.all.push(i);
    const reg = req.provisioning.registered;
    const ready = req.provisioning.ready;
    if (reg.kind !== 'fixed' || ready.kind !== 'fixed') throw new Error('FakeCloud: fixed delays only');
    const failure = this.failures.get(n);
    if (failure) {
      this.clock.schedule(reg.value, this.clock.register(`fakeCloud/fail/${n}`, () => {
        i.state = 'failed';
        for (const l of this.listeners) l.failed?.(i, { class: failure, message: `launch ${n} failed (${failure})` });
      }), null, Priority.KUBELET);
      return i;
    }
    if (this.neverRegister.has(req.nodeName)) return i;
    this.clock.schedule(reg.value, this.step, { i, what: 'register' }, Priority.KUBELET);
    this.clock.schedule(ready.value, this.step, { i, what: 'ready' }, Priority.KUBELET);
    return i;
  }

  private register(i: Mutable): void {
    if (i.state !== 'launching') return;
    const r = i.request;
    const node: NodeObj = {
      kind: 'Node',
      metadata: {
        name: r.nodeName,
        namespace: '',
        uid: `uid-${r.nodeName}`,
        labels: {
          ...r.instanceType.labels,
          ...r.labels,
          'kubernetes.io/hostname': r.nodeName,
          'topology.kubernetes.io/zone': r.offering.zone,
          'karpenter.sh/capacity-type': r.offering.capacityType,
        },
        annotations: {},
        ownerReferences: [],
        creationTimestamp: ZERO,
        resourceVersion: 0,
        generation: 0,
      },
      spec: { unschedulable: false, taints: [...r.taints, { key: NOT_READY, effect: 'NoSchedule' }] },
      status: { allocatable: r.instanceType.allocatable, ready: 'False' },
      index: 1000 + Number(i.id.slice(2)),
      machine: { up: true, upSince: this.clock.now, images: new Set() },
      allocated: { requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 }, nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 }, pods: new Set() },
    };
    this.store.create(node);
    i.node = node;
    i.state = 'registered';
    i.registeredAt = this.clock.now;
    for (const l of this.listeners) l.registered?.(i);
  }

  private ready(i: Mutable): void {
    if (i.state !== 'registered' || !i.node) return;
    const node = i.node;
    node.status.ready = 'True';
    const k = node.spec.taints.findIndex((t) => t.key === NOT_READY);
    if (k >= 0) node.spec.taints.splice(k, 1);
    this.store.update(node, true);
    i.state = 'ready';
    i.readyAt = this.clock.now;
    for (const l of this.listeners) l.ready?.(i);
  }

  /** A spot interruption notice for the node's instance (the instance goes 2 min later). */
  interrupt(nodeName: string): void {
    const i = this.all.find((x) => x.request.nodeName === nodeName && x.state !== 'terminated');
    if (!i) throw new Error(`no instance ${nodeName}`);
    for (const l of this.listeners) l.interruptionNotice?.(i);
  }

  terminate(instance: Instance, _reason: string): void {
    const i = this.all.find((x) => x.id === instance.id);
    if (!i || i.state === 'terminated') return;
    i.state = 'terminated';
    i.terminatedAt = this.clock.now;
    if (i.node) {
      for (const p of [...i.node.allocated.pods]) if (!p.removed) this.store.remove(p);
      this.store.remove(i.node);
    }
    for (const l of this.listeners) l.terminated?.(i);
  }

  instances(owner?: NodeOwner): readonly Instance[] {
    return this.all.filter((i) => i.state !== 'terminated' && (!owner || (owner.kind === i.request.owner.kind && owner.name === i.request.owner.name)));
  }

  instanceOfNode(nodeName: string): Instance | undefined {
    return this.all.find((i) => i.request.nodeName === nodeName && i.state !== 'terminated');
  }

  listen(l: CloudListener): void {
    this.listeners.push(l);
  }
}

export const at = (s: number): Micros => micros(s * 1_000_000);
