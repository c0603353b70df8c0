/**
 * The Simulation document as read (kinds/simulation.ts reads it; the draft holds it until load.ts assembles the
 * ResolvedScenario): the run settings with their defaults applied, and the node pools still to expand. Types only,
 * so the draft can hold them without importing the readers.
 */
import type { Micros } from '../../engine/time';
import type { Taint, NodeImage } from '../../models/cluster/spec';
import type { LocatedDoc, PathElement } from '../located';
import type { ResolvedScenario } from '../types';
import type { KarpenterSettings } from '../../models/karpenter/types';
import type { ClusterAutoscalerSettings } from '../../models/clusterautoscaler/config';

/** The Simulation document's settings: the ResolvedScenario's own fields, plus what the loader applies itself. */
export interface SimulationSpec
  extends Pick<
    ResolvedScenario,
    'sampleInterval' | 'startTime' | 'kubelet' | 'scheduler' | 'nodeLifecycle' | 'events' | 'serviceSettings' | 'metrics' | 'hpaController' | 'slo' | 'cloud'
  > {
  /** The instance catalogue file spec.cloud.instanceTypes named, for the scenario's input list. */
  readonly cloudFile?: { readonly file: string; readonly bytes: Buffer };
  readonly name?: string;
  /** undefined = DEFAULT_SEED (unless --seed). */
  readonly seed?: string;
  /** undefined = DEFAULT_DURATION (unless --duration). */
  readonly duration?: Micros;
  /** undefined = the default pool when there is no Node document; [] = no pool nodes. */
  readonly nodePools?: readonly NodePoolSpec[];
  /** Simulation `spec.karpenter` (issue #10); undefined = not written (the defaults apply). */
  readonly karpenter?: KarpenterSettings;
  /** spec.clusterAutoscaler with its defaults applied; undefined = no Cluster Autoscaler. */
  readonly clusterAutoscaler?: ClusterAutoscalerSettings;
  /** spec.nodeAutoscaler (pluggable node autoscaler policies); undefined = not written. */
  readonly nodeAutoscaler?: import('./nodeAutoscaler').NodeAutoscalerSpec;
}

export interface NodePoolSpec {
  readonly namePrefix: string;
  readonly count: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
  /** `extendedResources`: each node's extended resources (`nvidia.com/gpu: 1`); absent = none. */
  readonly extendedResources?: Readonly<Record<string, number>>;
  readonly labels: Readonly<Record<string, string>>;
  /** `zone` (one entry) or `zones`: node i gets topology.kubernetes.io/zone = zones[(i − 1) mod n]; none when absent. */
  readonly zones?: readonly string[];
  /** topology.kubernetes.io/region of every node; none when absent. */
  readonly region?: string;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** Cluster Autoscaler node-group bounds (issue #10): both set or both absent; min ≤ count ≤ max. */
  readonly min?: number;
  readonly max?: number;
  /** Static pod manifest files every node of the pool runs (kinds/staticPod.ts); none when absent. */
  readonly staticPods?: readonly StaticPodRef[];
  /** Images already on every node of the pool (status.images), for ImageLocality; none when absent. */
  readonly images?: readonly NodeImage[];
  /** A catalogue type (issue #10): cpu, memory and pods come from its allocatable unless written. */
  readonly instanceType?: string;
  /** The offering's capacity type (default on-demand); it must be offered in each node's zone. */
  readonly capacityType?: 'on-demand' | 'spot' | 'reserved';
  /** The pool's own `provisioning` on top of spec.cloud.provisioning (for node autoscalers); absent = the Simulation's. */
  readonly provisioning?: import('../../models/cloud/types').ProvisioningModel;
  /** Which of cpu, memory and pods the pool wrote (an instance type fills the others). */
  readonly written?: { readonly cpu: boolean; readonly memory: boolean; readonly pods: boolean };
  /** Where the pool was written (undefined for the default pool). */
  readonly at?: { readonly doc: LocatedDoc; readonly path: readonly PathElement[] };
}

/** A static pod file as written in a node pool (kinds/staticPod.ts reads it), and where it was written. */
export interface StaticPodRef {
  readonly file: string;
  readonly at: { readonly doc: LocatedDoc; readonly path: readonly PathElement[] };
}
