/**
 * The plain Snapshot: every query scans `nodes[].pods`, as upstream's PreFilter steps do. Used by the plugin tests
 * and as the reference the scheduler's incremental index (cache.ts) is checked against.
 */
import type { Labels } from '../../labels';
import { matcherMatches } from './selectors';
import type { DomainCounts, NodeCounts, NodeInfo, PodInfo, PodMatcher, Selector, Snapshot, TermGroup, TermKind, TopologyDomains } from './types';

export interface ScanSnapshotInput {
  readonly nodes: readonly NodeInfo[];
  readonly namespaceLabels?: Readonly<Record<string, Labels>>;
  readonly defaultSpreadSelector?: (pod: PodInfo) => Selector | undefined;
}

export const TERM_FIELDS: Record<TermKind, keyof Pick<PodInfo, 'requiredAffinityTerms' | 'requiredAntiAffinityTerms' | 'preferredAffinityTerms' | 'preferredAntiAffinityTerms'>> = {
  requiredAffinity: 'requiredAffinityTerms',
  requiredAntiAffinity: 'requiredAntiAffinityTerms',
  preferredAffinity: 'preferredAffinityTerms',
  preferredAntiAffinity: 'preferredAntiAffinityTerms',
};

/** The grouping key of a term: equal terms (same matcher, key and weight) share a group. */
export function termKey(t: { matcher: PodMatcher; topologyKey: string; weight?: number }): string {
  return `${t.matcher.key}|${t.topologyKey}|${t.weight ?? ''}`;
}

export class ScanSnapshot implements Snapshot {
  readonly nodes: readonly NodeInfo[];
  private readonly nsLabels: Readonly<Record<string, Labels>>;
  private readonly defaultSelector: (pod: PodInfo) => Selector | undefined;

  constructor(input: ScanSnapshotInput) {
    input.nodes.forEach((n, i) => {
      if (n.index !== i) throw new Error(`ScanSnapshot: node ${n.name} has index ${n.index}, expected ${i}`);
    });
    this.nodes = input.nodes;
    this.nsLabels = input.namespaceLabels ?? {};
    this.defaultSelector = input.defaultSpreadSelector ?? (() => undefined);
  }

  namespaceLabels(namespace: string): Labels | undefined {
    return Object.prototype.hasOwnProperty.call(this.nsLabels, namespace) ? this.nsLabels[namespace] : undefined;
  }

  podCounts(m: PodMatcher): NodeCounts {
    const ns = (n: string) => this.namespaceLabels(n);
    return this.nodes.map((node) => node.pods.filter((p) => matcherMatches(m, p, ns)).length);
  }

  topology(key: string): TopologyDomains {
    const values: string[] = [];
    const idOf = new Map<string, number>();
    let missing = 0;
    const ids = this.nodes.map((node) => {
      if (!Object.prototype.hasOwnProperty.call(node.labels, key)) {
        missing++;
        return -1;
      }
      const v = node.labels[key];
      let id = idOf.get(v);
      if (id === undefined) {
        id = values.length;
        values.push(v);
        idOf.set(v, id);
      }
      return id;
    });
    return { ids, values, missing };
  }

  domainCounts(source: PodMatcher | TermGroup, key: string): DomainCounts {
    return sumByDomain('term' in source ? source.counts : this.podCounts(source), this.topology(key));
  }

  termGroups(kind: TermKind): Iterable<TermGroup> {
    const field = TERM_FIELDS[kind];
    const groups = new Map<string, { term: TermGroup['term']; counts: number[] }>();
    for (const node of this.nodes) {
      for (const pod of node.pods) {
        for (const term of pod[field]) {
          const k = termKey(term);
          let g = groups.get(k);
          if (g === undefined) {
            g = { term, counts: new Array<number>(this.nodes.length).fill(0) };
            groups.set(k, g);
          }
          g.counts[node.index]++;
        }
      }
    }
    return groups.values();
  }

  termGroupsMatching(kind: TermKind, pod: PodInfo): readonly TermGroup[] {
    const ns = (n: string) => this.namespaceLabels(n);
    return [...this.termGroups(kind)].filter((g) => matcherMatches(g.term.matcher, pod, ns));
  }

  defaultSpreadSelector(pod: PodInfo): Selector | undefined {
    return this.defaultSelector(pod);
  }
}

/** Per-node counts summed per domain of `topology` (nodes without the key skipped), with the non-zero domains. */
export function sumByDomain(counts: NodeCounts, topology: TopologyDomains): DomainCounts {
  const sums = new Int32Array(topology.values.length);
  const ids = topology.ids;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c !== 0 && ids[i] >= 0) sums[ids[i]] += c;
  }
  let nonZero = 0;
  for (let d = 0; d < sums.length; d++) if (sums[d] !== 0) nonZero++;
  return { sums, nonZero };
}
