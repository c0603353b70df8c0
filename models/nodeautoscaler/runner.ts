/**
 * The node autoscaler policy runner (issue #10): every `interval` (default 10 s) it builds a NodeAutoscalerInput
 * from the store and the cloud, asks the policy (policy.ts), validates the decision (validateDecision: unknown
 * groups/nodes rejected, max/min clamped, each said in the trace row) and carries it out: additions launch machines
 * through CloudApi with the group's instance type, offering and provisioning (as the Cluster Autoscaler's launch,
 * models/clusterautoscaler/clusterAutoscaler.ts), removals cordon the node, evict its pods through the eviction API
 * (models/policy/eviction.ts: PDBs respected, a refused eviction is retried at the next loop; DaemonSet and mirror
 * pods are skipped, as kubectl drain) and terminate the machine once no movable pod is left, or after
 * maxGracefulTermination. One node_autoscaler.csv row per action (autoscaler = the policy's name).
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, seconds, toSeconds, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import { controllerOf, type NodeObj, type PodObj } from '../cluster/objects';
import { LABEL_CAPACITY_TYPE, LABEL_INSTANCE_TYPE, LABEL_ZONE } from '../cloud/cloud';
import type { CloudApi, InstanceType, Offering, ProvisioningModel } from '../cloud/types';
import type { NodeGroupSpec } from '../clusterautoscaler/config';
import { evictPod } from '../policy/eviction';
import type { NodeAutoscalerRecord } from '../recorder';
import { randomString } from '../naming';
import { groupLaunchRequest } from '../clusterautoscaler/wiring';
import { STREAMS } from '../streams';
import { describeThrown } from '../policyFault';
import { NodeAutoscalerPolicyError, validateDecision, type GroupView, type NodeAutoscalerInput, type NodeAutoscalerPolicy, type NodeView, type PendingPodView } from './policy';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const DEFAULT_INTERVAL: Micros = seconds(10);
export const DEFAULT_MAX_GRACEFUL_TERMINATION: Micros = seconds(600);

export interface NodeAutoscalerPolicyConfig {
  readonly policy: NodeAutoscalerPolicy;
  /** The policy's name as the scenario wrote it (a module's path), for errors. */
  readonly label: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly interval: Micros;
  /** How long a removal may wait for its pods to go before the machine is terminated anyway. */
  readonly maxGracefulTermination: Micros;
  readonly groups: readonly NodeGroupSpec[];
}

export interface NodeAutoscalerRunnerDeps {
  readonly cloud: CloudApi;
  readonly machine: (g: NodeGroupSpec) => { readonly instanceType: InstanceType; readonly offering: Offering };
  readonly provisioning: (g: NodeGroupSpec) => ProvisioningModel;
  readonly cordon: (node: NodeObj, unschedulable: boolean) => void;
  readonly removeNode: (node: NodeObj) => void;
  readonly record?: (r: NodeAutoscalerRecord) => void;
}

interface Group {
  readonly spec: NodeGroupSpec;
  launched: number;
  readonly instanceType: InstanceType;
  readonly offering: Offering;
}

function isMovable(p: PodObj): boolean {
  if (p.removed || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') return false;
  if (p.metadata.annotations[MIRROR_ANNOTATION] !== undefined) return false;
  return controllerOf(p)?.kind !== 'DaemonSet';
}

function tolerationText(t: { key?: string; operator: string; value?: string; effect?: string }): string {
  const kv = t.key === undefined ? '*' : t.operator === 'Exists' ? t.key : `${t.key}=${t.value ?? ''}`;
  return t.effect !== undefined ? `${kv}:${t.effect}` : kv;
}

export class NodeAutoscalerRunner {
  private readonly groups: Group[] = [];
  private readonly groupByName = new Map<string, Group>();
  private readonly groupOfNode = new Map<string, Group>();
  /** Nodes being removed: since when (drain start). */
  private readonly deleting = new Map<string, Micros>();
  private readonly pending = new Set<PodObj>();
  private history: unknown = undefined;
  private readonly loopType: EventType<undefined>;
  private readonly nameRng;
  private readonly policyRng;
  /** The policy's input.random: drawn through the stream (its `next` changes as it sleeps and wakes, engine/random). */
  private readonly policyRandom = (): number => this.policyRng.next();

  constructor(
    readonly ctx: SimContext,
    readonly config: NodeAutoscalerPolicyConfig,
    readonly deps: NodeAutoscalerRunnerDeps,
  ) {
    this.nameRng = ctx.streams.get('nodeautoscaler/names');
    this.policyRng = ctx.streams.get(STREAMS.nodeAutoscalerPolicy);
    for (const spec of config.groups) {
      const { instanceType, offering } = deps.machine(spec);
      const g: Group = { spec, launched: 0, instanceType, offering };
      this.groups.push(g);
      this.groupByName.set(spec.name, g);
      for (const n of spec.initialNodes) this.groupOfNode.set(n, g);
    }
    ctx.store.watch('Pod', (type, pod) => this.onPod(type, pod));
    ctx.store.watch('Node', (type, node) => {
      if (type === 'DELETED') {
        this.deleting.delete(node.metadata.name);
        this.groupOfNode.delete(node.metadata.name);
      }
    });
    this.loopType = ctx.clock.register('nodeautoscaler/loop', () => this.loop());
    // The first loop at the start, after the instant's other work (as the Cluster Autoscaler's).
    ctx.clock.scheduleAt(ctx.clock.now, this.loopType, undefined, Priority.SAMPLE);
  }

  private onPod(type: string, pod: PodObj): void {
    if (type === 'DELETED' || pod.removed) {
      this.pending.delete(pod);
      return;
    }
    const c = pod.status.conditions.find((x) => x.type === 'PodScheduled');
    const unschedulable = (pod.spec.nodeName ?? '') === '' && pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed' && c?.status === 'False' && c.reason === 'Unschedulable';
    if (unschedulable) this.pending.add(pod);
    else this.pending.delete(pod);
  }

  private loop(): void {
    const now = this.ctx.clock.now;
    this.drain(now);
    const input = this.input(now);
    const label = this.config.label;
    let d: unknown;
    try {
      d = this.config.policy.decide(input, this.history);
    } catch (e) {
      // Never the thrown value's message: a policy may throw anything (models/policyFault.ts, docs/trust.md).
      throw new NodeAutoscalerPolicyError(label, input.now, describeThrown(e));
    }
    const { actions } = validateDecision(label, input, d);
    const dec = d as { history?: unknown; reason?: unknown };
    this.history = dec.history;
    const reason = typeof dec.reason === 'string' ? dec.reason : '';
    // At most 10 pods, then `+<n> more` (as the Cluster Autoscaler's rows, docs/traces.md).
    const names = input.pendingPods.map((p) => `${p.namespace}/${p.name}`);
    const pods = names.length > 10 ? `${names.slice(0, 10).join(' ')} +${names.length - 10} more` : names.join(' ');
    for (const a of actions) {
      const why = [reason, a.note].filter((x) => x !== '').join('; ');
      if (a.kind === 'add') {
        this.launch(this.groupByName.get(a.group)!, a.count);
        this.trace(now, 'scale-up', a.group, '', a.from, a.to, why, pods);
      } else if (a.kind === 'remove') {
        const node = this.ctx.store.getNode(a.node)!;
        this.deleting.set(a.node, now);
        this.deps.cordon(node, true);
        this.trace(now, 'scale-down', a.group, a.node, a.from, a.to, why, '');
      } else this.trace(now, 'rejected', a.group, a.node, undefined, undefined, a.note, '');
    }
    this.drain(now);
    this.ctx.clock.scheduleAt(addMicros(now, this.config.interval), this.loopType, undefined, Priority.SAMPLE);
  }

  /** Evicts the movable pods of nodes being removed; terminates those left empty or past maxGracefulTermination. */
  private drain(now: Micros): void {
    for (const [name, since] of [...this.deleting].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const node = this.ctx.store.getNode(name);
      if (node === undefined) {
        this.deleting.delete(name);
        continue;
      }
      const movable = [...node.allocated.pods].filter(isMovable);
      for (const p of movable) if (p.metadata.deletionTimestamp === undefined) evictPod(this.ctx, p.metadata.namespace, p.metadata.name);
      const left = [...node.allocated.pods].filter(isMovable).length;
      const timedOut = now >= addMicros(since, this.config.maxGracefulTermination);
      if (left === 0 || timedOut) {
        const g = this.groupOfNode.get(name);
        this.deleting.delete(name);
        const inst = this.deps.cloud.instanceOfNode(name);
        if (inst !== undefined) this.deps.cloud.terminate(inst, 'scale-down');
        else this.deps.removeNode(node);
        this.trace(now, 'node-removed', g?.spec.name ?? '', name, undefined, undefined, left === 0 ? 'drained' : `${left} pods still running after maxGracefulTermination`, '');
      }
    }
  }

  private input(now: Micros): NodeAutoscalerInput {
    const sec = toSeconds(now);
    const pendingPods: PendingPodView[] = [...this.pending]
      .map((p) => {
        const c = p.status.conditions.find((x) => x.type === 'PodScheduled');
        return {
          namespace: p.metadata.namespace,
          name: p.metadata.name,
          requests: { cpuMilli: p.requests.cpuMilli, memoryBytes: p.requests.memoryBytes, pods: 1 },
          nodeSelector: { ...(p.spec.nodeSelector ?? {}) },
          tolerations: (p.spec.tolerations ?? []).map(tolerationText),
          priority: p.spec.priority ?? 0,
          pendingSince: toSeconds(c?.lastTransitionTime ?? now),
        };
      })
      .sort((a, b) => a.pendingSince - b.pendingSince || (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
    const nodes: NodeView[] = [];
    const current = new Map<string, number>();
    const removing = new Map<string, number>();
    for (const n of [...this.ctx.store.nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      const name = n.metadata.name;
      const g = this.groupOfNode.get(name);
      const r = this.deps.cloud.instanceOfNode(name)?.request;
      let podsN = 0;
      let movable = 0;
      for (const p of n.allocated.pods) {
        if (p.removed || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
        podsN++;
        if (isMovable(p)) movable++;
      }
      const gname = g?.spec.name ?? '';
      if (g !== undefined) {
        current.set(gname, (current.get(gname) ?? 0) + 1);
        if (this.deleting.has(name)) removing.set(gname, (removing.get(gname) ?? 0) + 1);
      }
      const req = n.allocated.requested;
      nodes.push({
        name,
        group: gname,
        instanceType: n.metadata.labels[LABEL_INSTANCE_TYPE] ?? r?.instanceType.name ?? '',
        zone: n.metadata.labels[LABEL_ZONE] ?? '',
        capacityType: n.metadata.labels[LABEL_CAPACITY_TYPE] ?? r?.offering.capacityType ?? '',
        pricePerHour: r?.offering.pricePerHour ?? 0,
        ready: n.status.ready === 'True',
        allocatable: { cpuMilli: n.status.allocatable.cpuMilli, memoryBytes: n.status.allocatable.memoryBytes, pods: n.status.allocatable.pods },
        requested: { cpuMilli: req.cpuMilli, memoryBytes: req.memoryBytes, pods: req.pods },
        pods: podsN,
        movablePods: movable,
        createdAt: toSeconds(n.metadata.creationTimestamp),
        cordoned: n.spec.unschedulable,
        deleting: this.deleting.has(name),
      });
    }
    const groups: GroupView[] = this.groups.map((g) => {
      const upcoming = this.deps.cloud.instances({ kind: 'NodeGroup', name: g.spec.name }).filter((i) => i.state === 'launching').length;
      const cur = current.get(g.spec.name) ?? 0;
      const a = g.instanceType.allocatable;
      return {
        name: g.spec.name,
        min: g.spec.minSize,
        max: g.spec.maxSize,
        current: cur,
        target: cur + upcoming - (removing.get(g.spec.name) ?? 0),
        upcoming,
        templateAllocatable: { cpuMilli: a.cpuMilli, memoryBytes: a.memoryBytes, pods: a.pods },
        templateLabels: { ...g.instanceType.labels, ...g.spec.template.labels, [LABEL_ZONE]: g.offering.zone, [LABEL_CAPACITY_TYPE]: g.offering.capacityType, [LABEL_INSTANCE_TYPE]: g.instanceType.name },
        instanceType: g.instanceType.name,
        zone: g.offering.zone,
        capacityType: g.offering.capacityType,
        pricePerHour: g.offering.pricePerHour,
      };
    });
    const catalogue = this.deps.cloud.catalogue.types.map((t) => ({
      name: t.name,
      allocatable: { cpuMilli: t.allocatable.cpuMilli, memoryBytes: t.allocatable.memoryBytes, pods: t.allocatable.pods },
      offerings: t.offerings.map((o) => ({ zone: o.zone, capacityType: o.capacityType, pricePerHour: o.pricePerHour, available: o.available })),
    }));
    return { now: sec, pendingPods, nodes, groups, catalogue, parameters: this.config.parameters, random: this.policyRandom };
  }

  /** Launches `n` machines for the group, named `<group>-<5 chars>` (as the Cluster Autoscaler's launch). */
  private launch(g: Group, n: number): void {
    const machine = { instanceType: g.instanceType, offering: g.offering };
    for (let k = 0; k < n; k++) {
      const req = groupLaunchRequest(g.spec, g.launched++, machine, this.deps.provisioning(g.spec), () => randomString(() => this.nameRng.next(), 5), (name) => this.ctx.store.getNode(name) !== undefined || this.groupOfNode.has(name));
      this.groupOfNode.set(req.nodeName, g);
      this.deps.cloud.launch(req);
    }
  }

  private trace(time: Micros, action: string, group: string, node: string, from: number | undefined, to: number | undefined, reason: string, pods: string): void {
    this.deps.record?.({ time, autoscaler: this.config.policy.name, action, owner: group, node, from, to, reason, pods });
  }
}
