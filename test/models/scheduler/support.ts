/**
 * Builders for scheduler plugin tests, shaped like scheduler-vectors.md's inputs: nodes with labels (hostname: auto
 * adds kubernetes.io/hostname), allocatable in Kubernetes quantities (pods 110 by default), taints and images; pods
 * with namespace `default`, priority 0, requests of one container; a cluster = nodes + pods placed on them, and its
 * ScanSnapshot.
 */
import { micros, seconds, type Micros } from '../../../engine/time';
import { parseMilli, parseValue } from '../../../engine/quantity';
import type { LabelSelectorSpec, ResolvedAffinity, ResolvedContainer, ResolvedPodAffinityTerm, ResolvedTopologySpreadConstraint, PreemptionPolicy, ResolvedNodeSelectorTerm } from '../../../models/cluster/spec';
import { computePodRequests, type Taint, type Toleration } from '../../../models/scheduler/filter';
import { buildPodInfo } from '../../../models/scheduler/framework/podInfo';
import { ScanSnapshot } from '../../../models/scheduler/framework/scanSnapshot';
import type { ImageState, Labels, NodeInfo, PodInfo, Selector } from '../../../models/scheduler/framework/types';

export interface NodeSpec {
  name: string;
  labels?: Record<string, string>;
  /** Adds kubernetes.io/hostname = name. */
  hostname?: 'auto';
  allocatable?: { cpu?: string | number; memory?: string | number; pods?: number };
  taints?: Taint[];
  unschedulable?: boolean;
  /** Image name (normalised) → size in bytes. */
  images?: Record<string, number>;
}

export interface PodSpecInput {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  priority?: number;
  preemptionPolicy?: PreemptionPolicy;
  /** One container's requests; absent keys are "not requested". */
  requests?: { cpu?: string | number; memory?: string | number };
  /** Seconds; the pod's status.startTime. */
  startTime?: number;
  terminating?: boolean;
  nodeSelector?: Record<string, string>;
  nodeName?: string;
  tolerations?: Toleration[];
  affinity?: ResolvedAffinity;
  topologySpreadConstraints?: ResolvedTopologySpreadConstraint[];
  images?: string[];
  schedulerName?: string;
}

export interface PlacedPod extends PodSpecInput {
  node: string;
}

function cpu(v: string | number | undefined): number | undefined {
  return v === undefined ? undefined : (parseMilli(v) as number);
}
function bytes(v: string | number | undefined): number | undefined {
  return v === undefined ? undefined : (parseValue(v) as number);
}

let uidCounter = 0;

export function makePod(p: PodSpecInput = {}): PodInfo {
  const req = { cpuMilli: cpu(p.requests?.cpu), memoryBytes: bytes(p.requests?.memory) };
  const { requests, nonZeroRequests } = computePodRequests([req]);
  const images = p.images ?? ['busybox:1.36'];
  const containers = images.map((image, i) => ({ name: `c${i}`, image }) as unknown as ResolvedContainer);
  const name = p.name ?? `pod-${++uidCounter}`;
  const start: Micros | undefined = p.startTime === undefined ? undefined : seconds(p.startTime);
  return buildPodInfo({
    uid: `uid-${name}`,
    name,
    namespace: p.namespace ?? 'default',
    labels: p.labels ?? {},
    ...(p.priority !== undefined ? { priority: p.priority } : {}),
    ...(p.preemptionPolicy !== undefined ? { preemptionPolicy: p.preemptionPolicy } : {}),
    requests,
    nonZeroRequests,
    spec: {
      ...(p.nodeName !== undefined ? { nodeName: p.nodeName } : {}),
      nodeSelector: p.nodeSelector ?? {},
      tolerations: p.tolerations ?? [],
      ...(p.affinity !== undefined ? { affinity: p.affinity } : {}),
      topologySpreadConstraints: p.topologySpreadConstraints ?? [],
      schedulerName: p.schedulerName ?? 'default-scheduler',
      containers,
      initContainers: [],
    },
    startTime: () => start,
    terminating: () => p.terminating ?? false,
  });
}

/** A mutable NodeInfo for tests: pods are added with addPod (requested sums kept). */
export class TestNode implements NodeInfo {
  readonly name: string;
  readonly labels: Labels;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: { cpuMilli: number; memoryBytes: number; pods: number };
  readonly requested = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
  readonly nonZeroRequested = { cpuMilli: 0, memoryBytes: 0 };
  readonly pods: PodInfo[] = [];
  images: ReadonlyMap<string, ImageState> = new Map();
  constructor(
    readonly index: number,
    spec: NodeSpec,
  ) {
    this.name = spec.name;
    this.labels = { ...(spec.labels ?? {}), ...(spec.hostname === 'auto' ? { 'kubernetes.io/hostname': spec.name } : {}) };
    this.unschedulable = spec.unschedulable ?? false;
    this.taints = spec.taints ?? [];
    const a = spec.allocatable ?? {};
    // Upstream unit tests leave unset resources at 0; the vectors state pods 110 unless given.
    this.allocatable = { cpuMilli: cpu(a.cpu) ?? 0, memoryBytes: bytes(a.memory) ?? 0, pods: a.pods ?? 110 };
  }
  addPod(p: PodInfo): void {
    this.pods.push(p);
    this.requested.cpuMilli += p.requests.cpuMilli;
    this.requested.memoryBytes += p.requests.memoryBytes;
    this.requested.pods += 1;
    this.nonZeroRequested.cpuMilli += p.nonZeroRequests.cpuMilli;
    this.nonZeroRequested.memoryBytes += p.nonZeroRequests.memoryBytes;
  }
  removePod(p: PodInfo): void {
    const i = this.pods.indexOf(p);
    if (i < 0) return;
    this.pods.splice(i, 1);
    this.requested.cpuMilli -= p.requests.cpuMilli;
    this.requested.memoryBytes -= p.requests.memoryBytes;
    this.requested.pods -= 1;
    this.nonZeroRequested.cpuMilli -= p.nonZeroRequests.cpuMilli;
    this.nonZeroRequested.memoryBytes -= p.nonZeroRequests.memoryBytes;
  }
}

export interface TestCluster {
  nodes: TestNode[];
  pods: Map<string, PodInfo>;
  snapshot: ScanSnapshot;
  node(name: string): TestNode;
}

export function cluster(
  nodes: NodeSpec[],
  pods: PlacedPod[] = [],
  opts: { namespaceLabels?: Record<string, Labels>; defaultSpreadSelector?: (pod: PodInfo) => Selector | undefined } = {},
): TestCluster {
  const infos = nodes.map((n, i) => new TestNode(i, n));
  const byName = new Map(infos.map((n) => [n.name, n]));
  const placed = new Map<string, PodInfo>();
  for (const p of pods) {
    const n = byName.get(p.node);
    if (!n) throw new Error(`no node ${p.node}`);
    const info = makePod(p);
    n.addPod(info);
    placed.set(info.name, info);
  }
  // ImageLocality's spread: numNodes = how many nodes hold the image.
  const holders = new Map<string, number>();
  for (const n of nodes) for (const img of Object.keys(n.images ?? {})) holders.set(img, (holders.get(img) ?? 0) + 1);
  nodes.forEach((n, i) => {
    infos[i].images = new Map(Object.entries(n.images ?? {}).map(([img, size]) => [img, { sizeBytes: size, numNodes: holders.get(img)! }]));
  });
  return {
    nodes: infos,
    pods: placed,
    snapshot: new ScanSnapshot({ nodes: infos, ...opts }),
    node: (name) => byName.get(name)!,
  };
}

/** `{matchLabels}` shorthand. */
export function labels(matchLabels: Record<string, string>): LabelSelectorSpec {
  return { matchLabels };
}

/** A PodAffinityTerm with defaults for the optional lists. */
export function term(t: Partial<ResolvedPodAffinityTerm> & { topologyKey: string }): ResolvedPodAffinityTerm {
  return { namespaces: [], matchLabelKeys: [], mismatchLabelKeys: [], ...t };
}

/** A TopologySpreadConstraint with matchLabelKeys defaulted to []. */
export function spread(c: Omit<ResolvedTopologySpreadConstraint, 'matchLabelKeys'> & { matchLabelKeys?: string[] }): ResolvedTopologySpreadConstraint {
  return { matchLabelKeys: [], ...c };
}

/** A NodeSelectorTerm with defaults. */
export function nodeTerm(t: Partial<ResolvedNodeSelectorTerm>): ResolvedNodeSelectorTerm {
  return { matchExpressions: [], matchFields: [], ...t };
}

export { micros };
