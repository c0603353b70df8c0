/**
 * The cloud under the cluster (issue #10): an instance catalogue with prices, and machines that a node autoscaler
 * launches and terminates. This file is the contract between the cloud model (models/cloud/cloud.ts), the Cluster
 * Autoscaler (models/clusterautoscaler/) and the Karpenter-style provisioner (models/karpenter/); plain types only.
 * Reference: ../shared/reference/node-autoscaling.md §4 (latencies), §8 (KWOK catalogue).
 */
import type { Micros } from '../../engine/time';
import type { DurationDist } from '../draw';
import type { Taint } from '../cluster/spec';
import type { NodeObj } from '../cluster/objects';

export type CapacityType = 'on-demand' | 'spot' | 'reserved';

/** One way to buy an instance type: where, how, at what price (KWOK offering). */
export interface Offering {
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** US dollars per hour. */
  readonly pricePerHour: number;
  readonly available: boolean;
  /** Spot only: expected interruptions per instance-hour (a Poisson process per instance); 0 = never. */
  readonly interruptionRatePerHour: number;
}

export interface ResourceAmounts {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

/** An instance type of the catalogue (KWOK `ConstructInstanceTypes` with its defaults applied, §8). */
export interface InstanceType {
  readonly name: string;
  readonly capacity: ResourceAmounts;
  /** capacity − overhead (KWOK: 100m CPU, 10Mi memory). */
  readonly allocatable: ResourceAmounts;
  readonly architecture: string;
  readonly operatingSystems: readonly string[];
  /** Well-known labels every node of this type carries (instance-type, arch, os, karpenter.kwok.sh/*). */
  readonly labels: Readonly<Record<string, string>>;
  /** In catalogue order. */
  readonly offerings: readonly Offering[];
}

export interface Catalogue {
  /** In catalogue order. */
  readonly types: readonly InstanceType[];
  get(name: string): InstanceType | undefined;
}

/** How long a machine takes to come up, and how often it fails to (per node group / NodePool / instance type). */
export interface ProvisioningModel {
  /** From the launch request until the Node object registers (NotReady). */
  readonly registered: DurationDist;
  /** From the launch request until the Node is Ready (≥ registered). */
  readonly ready: DurationDist;
  /** Probability that a launch fails (decided from the seeded stream at launch); 0 = never. */
  readonly failureProbability: number;
  /** The error a failed launch reports (CA: `OutOfResource`/`Other`; Karpenter: insufficient capacity or not). */
  readonly failureClass: 'OutOfResource' | 'Other';
}

/** Who asked for a machine: a CA node group, a Karpenter NodePool, or the scenario's fixed nodes. */
export interface NodeOwner {
  readonly kind: 'NodeGroup' | 'NodePool' | 'Static';
  readonly name: string;
}

export interface LaunchRequest {
  readonly owner: NodeOwner;
  /** The Node's name (the caller names it: CA `<group>-<suffix>`, Karpenter `<nodepool>-<5 chars>`). */
  readonly nodeName: string;
  readonly instanceType: InstanceType;
  readonly offering: Offering;
  /** Extra labels (the group's / NodePool's); the cloud adds the type's labels, zone, capacity type and hostname. */
  readonly labels: Readonly<Record<string, string>>;
  /** Taints the Node registers with (the group's, Karpenter's startup and unregistered taints). */
  readonly taints: readonly Taint[];
  readonly provisioning: ProvisioningModel;
  /** Why (for nodes.csv `reason`): `scale-up`, `provisioning`, `replacement`, ... */
  readonly reason: string;
  /**
   * A failing launch fails in the create call itself (the instance comes back `failed` with its `error`, no listener
   * is told), as Karpenter's CloudProvider.Create returns the error; otherwise (a CA node group) it fails when the
   * Node would have registered.
   */
  readonly failAtLaunch?: boolean;
}

export type InstanceState = 'launching' | 'registered' | 'ready' | 'failed' | 'interrupted' | 'terminating' | 'terminated';

/** A machine of the cloud: the instance, and the Node once it has registered. */
export interface Instance {
  readonly id: string;
  readonly request: LaunchRequest;
  readonly state: InstanceState;
  readonly launchedAt: Micros;
  readonly registeredAt?: Micros;
  readonly readyAt?: Micros;
  readonly terminatedAt?: Micros;
  /** The Node while it exists in the store. */
  readonly node?: NodeObj;
  /** A launch that failed in the create call (LaunchRequest.failAtLaunch). */
  readonly error?: LaunchError;
}

export interface LaunchError {
  readonly class: 'OutOfResource' | 'Other';
  readonly message: string;
}

/** What the cloud tells its clients (the autoscalers), synchronously, in the order things happen. */
export interface CloudListener {
  registered?(i: Instance): void;
  ready?(i: Instance): void;
  /** The launch failed (at the time the node would have registered). */
  failed?(i: Instance, error: { readonly class: 'OutOfResource' | 'Other'; readonly message: string }): void;
  /** A spot interruption notice: the instance goes `noticeDuration` (2 min) later. */
  interruptionNotice?(i: Instance): void;
  terminated?(i: Instance): void;
}

/** The cloud as the autoscalers use it. */
export interface CloudApi {
  readonly catalogue: Catalogue;
  /** Starts a machine; the Node appears after the provisioning delay (or the launch fails). */
  launch(req: LaunchRequest): Instance;
  /** Deletes the machine now: its Node leaves the store (pods on it are left to pod GC). Idempotent. */
  terminate(instance: Instance, reason: string): void;
  /** Instances not yet terminated, in launch order, optionally only the owner's. */
  instances(owner?: NodeOwner): readonly Instance[];
  instanceOfNode(nodeName: string): Instance | undefined;
  listen(l: CloudListener): void;
}
