/**
 * A small CloudApi for node-autoscaler tests (issue #10) until the real cloud model is merged: a launch registers a
 * NotReady Node (taint node.kubernetes.io/not-ready) after `registered` and makes it Ready after `ready` (fixed
 * delays: the distributions' `fixed` value), or never when the delay is absent; terminate removes the Node and its
 * pods at once.
 */
import { Priority } from '../../engine/priority';
import { addMicros, type Micros } from '../../engine/time';
import type { SimContext } from '../../models/context';
import type { CloudApi, CloudListener, Instance, InstanceType, LaunchRequest, NodeOwner, Offering, ProvisioningModel } from '../../models/cloud/types';
import type { NodeObj } from '../../models/cluster/objects';

interface MutableInstance {
  id: string;
  request: LaunchRequest;
  state: Instance['state'];
  launchedAt: Micros;
  registeredAt?: Micros;
  readyAt?: Micros;
  terminatedAt?: Micros;
  node?: NodeObj;
}

export class FakeCloud implements CloudApi {
  readonly catalogue = { types: [] as InstanceType[], get: (_n: string) => undefined };
  private readonly all: MutableInstance[] = [];
  private readonly listeners: CloudListener[] = [];
  private readonly step;
  launches: LaunchRequest[] = [];

  /** `delays(req)`: registered and ready after launch (µs); undefined = the machine never comes. */
  constructor(
    private readonly ctx: SimContext,
    private readonly delays: (req: LaunchRequest) => { registered: Micros; ready: Micros } | undefined,
  ) {
    this.step = ctx.clock.register<{ i: MutableInstance; to: 'registered' | 'ready' }>('fakecloud/step', ({ i, to }) => this.advance(i, to));
  }

  launch(req: LaunchRequest): Instance {
    const now = this.ctx.clock.now;
    const i: MutableInstance = { id: `i-${this.all.length + 1}`, request: req, state: 'launching', launchedAt: now };
    this.all.push(i);
    this.launches.push(req);
    const d = this.delays(req);
    if (d !== undefined) {
      this.ctx.clock.scheduleAt(addMicros(now, d.registered), this.step, { i, to: 'registered' }, Priority.KUBELET);
      this.ctx.clock.scheduleAt(addMicros(now, d.ready), this.step, { i, to: 'ready' }, Priority.KUBELET);
    }
    return i as Instance;
  }

  private advance(i: MutableInstance, to: 'registered' | 'ready'): void {
    if (i.state === 'terminated') return;
    const now = this.ctx.clock.now;
    const req = i.request;
    if (to === 'registered') {
      const node: NodeObj = {
        kind: 'Node',
        metadata: { name: req.nodeName, namespace: '', uid: req.nodeName, labels: { 'kubernetes.io/hostname': req.nodeName, ...req.labels }, annotations: {}, ownerReferences: [], creationTimestamp: now, resourceVersion: 0, generation: 0 },
        spec: { unschedulable: false, taints: [...req.taints, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
        status: { allocatable: req.instanceType.allocatable, ready: 'False' },
        index: 0,
        machine: { up: true, upSince: now, images: new Set() },
        allocated: { requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 }, nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 }, pods: new Set() },
      };
      i.state = 'registered';
      i.registeredAt = now;
      i.node = node;
      this.ctx.store.create(node);
      for (const l of this.listeners) l.registered?.(i as Instance);
    } else {
      const node = i.node!;
      node.status.ready = 'True';
      node.spec.taints = node.spec.taints.filter((t) => t.key !== 'node.kubernetes.io/not-ready');
      i.state = 'ready';
      i.readyAt = now;
      this.ctx.store.update(node, true);
      for (const l of this.listeners) l.ready?.(i as Instance);
    }
  }

  terminate(instance: Instance, _reason: string): void {
    const i = instance as MutableInstance;
    if (i.state === 'terminated') return;
    i.state = 'terminated';
    i.terminatedAt = this.ctx.clock.now;
    if (i.node !== undefined) {
      for (const p of [...i.node.allocated.pods]) this.ctx.store.remove(p);
      this.ctx.store.remove(i.node);
    }
    for (const l of this.listeners) l.terminated?.(i as Instance);
  }

  instances(owner?: NodeOwner): readonly Instance[] {
    return this.all.filter((i) => i.state !== 'terminated' && (owner === undefined || (i.request.owner.kind === owner.kind && i.request.owner.name === owner.name))) as Instance[];
  }

  instanceOfNode(nodeName: string): Instance | undefined {
    return this.all.find((i) => i.state !== 'terminated' && i.request.nodeName === nodeName) as Instance | undefined;
  }

  listen(l: CloudListener): void {
    this.listeners.push(l);
  }
}

/** A template-sized instance type for a pool without one (what the CA wiring builds). */
export function poolMachine(allocatable: { cpuMilli: number; memoryBytes: number; pods: number }): { instanceType: InstanceType; offering: Offering } {
  const offering: Offering = { zone: 'zone-a', capacityType: 'on-demand', pricePerHour: 0, available: true, interruptionRatePerHour: 0 };
  return { instanceType: { name: 'pool', capacity: allocatable, allocatable, architecture: 'amd64', operatingSystems: ['linux'], labels: {}, offerings: [offering] }, offering };
}

export const NO_FAILURES: Pick<ProvisioningModel, 'failureProbability' | 'failureClass'> = { failureProbability: 0, failureClass: 'Other' };
