/**
 * The scheduler cache (pkg/scheduler/backend/cache/cache.go, formerly internal/cache): the nodes with their
 * assigned pods and request sums, node images with how many nodes hold each, and the incremental indexes behind
 * the Snapshot queries (countIndex.ts), so every query answers as ScanSnapshot would without scanning all pods.
 * It is told about changes (nodes, binds, terminating, departures); it never reads the store or schedules events.
 */
import type { Labels } from '../../labels';
import type { ResourceAmounts, Taint } from '../filter';
import { groupDomainCounts, MatcherIndex, TermGroupIndex, type Dimension, type IndexedPod, type MatcherIndexOptions } from './countIndex';
import type { DomainCounts, ImageState, NodeCounts, NodeInfo, PodInfo, PodMatcher, Selector, Snapshot, TermGroup, TermKind, TopologyDomains } from './types';

export interface CacheNodeInput {
  readonly name: string;
  readonly labels?: Labels;
  readonly unschedulable?: boolean;
  readonly taints?: readonly Taint[];
  readonly allocatable: ResourceAmounts & { readonly pods: number };
  /** status.images: normalised image name → size in bytes. */
  readonly images?: ReadonlyMap<string, number>;
}

export interface NodeUpdate {
  readonly labels?: Labels;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
  readonly allocatable?: ResourceAmounts & { readonly pods: number };
}

export interface SchedulerCacheOptions extends MatcherIndexOptions {
  /** A namespace's labels (namespaceSelector); undefined for an undeclared namespace. */
  readonly namespaceLabels?: (namespace: string) => Labels | undefined;
  /** helper.DefaultSelector for the pod (Snapshot.defaultSpreadSelector). */
  readonly defaultSpreadSelector?: (pod: PodInfo) => Selector | undefined;
}

/** One node's image: its size on this node, and the live count of nodes holding it (cache.go imageStates). */
class NodeImage implements ImageState {
  constructor(
    readonly sizeBytes: number,
    private readonly holders: { count: number },
  ) {}
  get numNodes(): number {
    return this.holders.count;
  }
}

/**
 * The images of every node that reports none: one shared empty map, so ImageLocality's per-node `images.size` read
 * touches one hot object instead of a map per node (issue #13: with 5,000 nodes those reads were cache misses).
 */
const NO_IMAGES: ReadonlyMap<string, ImageState> = new Map();

/** The cache's mutable NodeInfo (framework.NodeInfo). Mutated only through SchedulerCache. */
export class CacheNode implements NodeInfo {
  index: number;
  readonly name: string;
  labels: Labels;
  unschedulable: boolean;
  taints: readonly Taint[];
  allocatable: ResourceAmounts & { readonly pods: number };
  readonly requested = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
  readonly nonZeroRequested = { cpuMilli: 0, memoryBytes: 0 };
  readonly requestedExtended = new Map<string, number>();
  readonly pods: PodInfo[] = [];
  images: ReadonlyMap<string, ImageState> = NO_IMAGES;

  constructor(index: number, input: CacheNodeInput) {
    this.index = index;
    this.name = input.name;
    this.labels = input.labels ?? {};
    this.unschedulable = input.unschedulable ?? false;
    this.taints = input.taints ?? [];
    this.allocatable = input.allocatable;
  }
}

interface PodRecord extends IndexedPod {
  readonly node: CacheNode;
}

interface TopologyEntry extends TopologyDomains {
  readonly ids: number[];
  readonly values: string[];
  readonly idOf: Map<string, number>;
  /** Nodes without the key, counted by domainId (the entry only grows by addNode, else it is rebuilt). */
  missing: number;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export class SchedulerCache implements Snapshot {
  private readonly nodeList: CacheNode[] = [];
  private readonly byName = new Map<string, CacheNode>();
  private readonly pods = new Map<string, PodRecord>();
  private readonly imageHolders = new Map<string, { count: number }>();
  private readonly topo = new Map<string, TopologyEntry>();
  private readonly dim: Dimension = { n: 0, capacity: 16, topologyVersion: 0 };
  private readonly matchers: MatcherIndex;
  private readonly terms: TermGroupIndex;
  private readonly nsLabels: (namespace: string) => Labels | undefined;
  private readonly defaultSelector: (pod: PodInfo) => Selector | undefined;

  constructor(options: SchedulerCacheOptions = {}) {
    this.nsLabels = options.namespaceLabels ?? (() => undefined);
    this.defaultSelector = options.defaultSpreadSelector ?? (() => undefined);
    this.matchers = new MatcherIndex(this.dim, this.nsLabels, () => this.pods.values(), options);
    this.terms = new TermGroupIndex(this.dim);
  }

  get nodes(): readonly NodeInfo[] {
    return this.nodeList;
  }

  node(name: string): CacheNode | undefined {
    return this.byName.get(name);
  }

  /** The node a pod is assigned to, if the cache holds it. */
  nodeOf(uid: string): CacheNode | undefined {
    return this.pods.get(uid)?.node;
  }

  /** How many matchers podCounts currently keeps (bounded by the options' budget). */
  get indexedMatchers(): number {
    return this.matchers.size;
  }

  // ---- nodes (cache.go AddNode / UpdateNode / RemoveNode) ----

  addNode(input: CacheNodeInput): CacheNode {
    if (this.byName.has(input.name)) throw new Error(`SchedulerCache: node ${input.name} already exists`);
    const node = new CacheNode(this.nodeList.length, input);
    this.nodeList.push(node);
    this.byName.set(node.name, node);
    this.dim.n = this.nodeList.length;
    if (this.dim.n > this.dim.capacity) {
      // Geometric growth (amortised copies) with at most 25 % slack per row.
      this.dim.capacity = Math.ceil(this.dim.n * 1.25) + 16;
      this.matchers.grow();
      this.terms.grow();
    }
    // A new last node: existing ids stay, its value gets the next id if unseen (as a fresh scan would number it).
    for (const [key, t] of this.topo) t.ids.push(this.domainId(t, node.labels, key));
    this.dim.topologyVersion++;
    if (input.images !== undefined) this.setImages(node.name, input.images);
    return node;
  }

  updateNode(name: string, update: NodeUpdate): void {
    const node = this.mustNode(name);
    if (update.labels !== undefined) {
      const old = node.labels;
      node.labels = update.labels;
      for (const key of [...this.topo.keys()]) {
        if (hasOwn(old, key) !== hasOwn(update.labels, key) || old[key] !== update.labels[key]) this.topo.delete(key);
      }
      this.dim.topologyVersion++;
    }
    if (update.taints !== undefined) node.taints = update.taints;
    if (update.unschedulable !== undefined) node.unschedulable = update.unschedulable;
    if (update.allocatable !== undefined) node.allocatable = update.allocatable;
  }

  /**
   * The node leaves the snapshot with its pods (upstream keeps a node's pods until they are deleted, but a node
   * without its Node object is not in the snapshot). Later nodes move down one index.
   */
  removeNode(name: string): void {
    const node = this.mustNode(name);
    const i = node.index;
    const n = this.nodeList.length;
    for (const pod of node.pods) {
      const rec = this.pods.get(pod.uid)!;
      this.matchers.forgetPod(rec);
      this.pods.delete(pod.uid);
    }
    this.matchers.removeSlot(i, n);
    this.terms.removeSlot(i, n);
    this.setImages(name, new Map());
    this.nodeList.splice(i, 1);
    for (let j = i; j < this.nodeList.length; j++) this.nodeList[j].index = j;
    this.byName.delete(name);
    this.dim.n = this.nodeList.length;
    this.topo.clear();
    this.dim.topologyVersion++;
  }

  /** status.images of a node (normalised names → bytes); numNodes of every image is kept across nodes. */
  setImages(nodeName: string, images: ReadonlyMap<string, number>): void {
    const node = this.mustNode(nodeName);
    const old = node.images;
    const next = new Map<string, ImageState>();
    for (const [image, size] of images) {
      let holders = this.imageHolders.get(image);
      if (holders === undefined) this.imageHolders.set(image, (holders = { count: 0 }));
      if (!old.has(image)) holders.count++;
      next.set(image, new NodeImage(size, holders));
    }
    for (const image of old.keys()) {
      if (images.has(image)) continue;
      const holders = this.imageHolders.get(image)!;
      if (--holders.count === 0) this.imageHolders.delete(image);
    }
    node.images = next.size === 0 ? NO_IMAGES : next;
  }

  // ---- pods (cache.go AssumePod / AddPod / RemovePod; framework NodeInfo.AddPod / RemovePod) ----

  /** Assume or bind `pod` to `nodeName`. Adding a pod already held elsewhere (or as another object) moves it. */
  addPod(pod: PodInfo, nodeName: string): void {
    const node = this.mustNode(nodeName);
    const had = this.pods.get(pod.uid);
    if (had !== undefined) {
      if (had.pod === pod && had.node === node) return;
      this.removePod(had.pod);
    }
    const rec: PodRecord = { pod, node, terminating: pod.terminating() };
    this.pods.set(pod.uid, rec);
    node.pods.push(pod);
    node.requested.cpuMilli += pod.requests.cpuMilli;
    node.requested.memoryBytes += pod.requests.memoryBytes;
    node.requested.pods += 1;
    node.nonZeroRequested.cpuMilli += pod.nonZeroRequests.cpuMilli;
    node.nonZeroRequested.memoryBytes += pod.nonZeroRequests.memoryBytes;
    const ext = pod.requests.extended;
    if (ext !== undefined) for (const k of Object.keys(ext)) node.requestedExtended.set(k, (node.requestedExtended.get(k) ?? 0) + ext[k]);
    this.matchers.addPod(rec);
    this.terms.addPod(rec);
  }

  /** Forget or delete `pod` (by uid); a pod the cache does not hold is ignored. */
  removePod(pod: PodInfo): void {
    const rec = this.pods.get(pod.uid);
    if (rec === undefined) return;
    const node = rec.node;
    // NodeInfo.RemovePod: the last pod takes the removed one's place (no allocation, order not kept).
    const at = node.pods.indexOf(rec.pod);
    if (at >= 0) {
      const last = node.pods.pop()!;
      if (at < node.pods.length) node.pods[at] = last;
    }
    node.requested.cpuMilli -= rec.pod.requests.cpuMilli;
    node.requested.memoryBytes -= rec.pod.requests.memoryBytes;
    node.requested.pods -= 1;
    node.nonZeroRequested.cpuMilli -= rec.pod.nonZeroRequests.cpuMilli;
    node.nonZeroRequested.memoryBytes -= rec.pod.nonZeroRequests.memoryBytes;
    const ext = rec.pod.requests.extended;
    if (ext !== undefined) for (const k of Object.keys(ext)) node.requestedExtended.set(k, (node.requestedExtended.get(k) ?? 0) - ext[k]);
    this.matchers.removePod(rec);
    this.terms.removePod(rec);
    this.pods.delete(pod.uid);
  }

  /** The pod's terminating() may have changed (deletionTimestamp set): PodTopologySpread's counts stop counting it. */
  podChanged(pod: PodInfo): void {
    const rec = this.pods.get(pod.uid);
    if (rec !== undefined) this.matchers.setTerminating(rec, rec.pod.terminating());
  }

  /** Namespace labels changed: counts that depend on a namespaceSelector are rebuilt on their next query. */
  namespaceLabelsChanged(): void {
    this.matchers.dropNamespaceSelectorMatchers();
  }

  // ---- Snapshot ----

  namespaceLabels(namespace: string): Labels | undefined {
    return this.nsLabels(namespace);
  }

  podCounts(m: PodMatcher): NodeCounts {
    return this.matchers.podCounts(m);
  }

  topology(key: string): TopologyDomains {
    let t = this.topo.get(key);
    if (t === undefined) {
      t = { ids: [], values: [], idOf: new Map(), missing: 0 };
      for (const node of this.nodeList) t.ids.push(this.domainId(t, node.labels, key));
      this.topo.set(key, t);
    }
    return t;
  }

  domainCounts(source: PodMatcher | TermGroup, key: string): DomainCounts {
    const topology = this.topology(key);
    return 'term' in source ? groupDomainCounts(source, key, topology) : this.matchers.domainCounts(source, key, topology);
  }

  termGroups(kind: TermKind): Iterable<TermGroup> {
    return this.terms.termGroups(kind);
  }

  termGroupsMatching(kind: TermKind, pod: PodInfo): readonly TermGroup[] {
    return this.terms.matching(kind, pod, this.nsLabels);
  }

  defaultSpreadSelector(pod: PodInfo): Selector | undefined {
    return this.defaultSelector(pod);
  }

  private domainId(t: TopologyEntry, labels: Labels, key: string): number {
    if (!hasOwn(labels, key)) {
      t.missing++;
      return -1;
    }
    const v = labels[key];
    let id = t.idOf.get(v);
    if (id === undefined) {
      id = t.values.length;
      t.values.push(v);
      t.idOf.set(v, id);
    }
    return id;
  }

  private mustNode(name: string): CacheNode {
    const node = this.byName.get(name);
    if (node === undefined) throw new Error(`SchedulerCache: no node ${name}`);
    return node;
  }
}
