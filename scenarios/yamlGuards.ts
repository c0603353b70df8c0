/**
 * Checks on a parsed YAML document before it becomes a JS value: aliases that expand too much (an alias bomb) or
 * refer to their own anchor (a recursive value), and tags other than YAML's JSON-compatible core tags. Each problem
 * is an InputError naming the line and the field. Reads the document; never changes it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Where a problem is: the node (for its line) and the path of keys and indexes to it. */
export type YamlProblem = (node: Node, path: readonly (string | number)[], problem: string) => never;

/**
 * The most YAML nodes (mappings, lists, scalars, keys counted once each) a document may gain through aliases:
 * a written document of any size is fine, but `*a` may not stand for more than this many nodes in total
 * (docs/limits.md). The classic "billion laughs" needs 10^9; a real manifest reusing a container spec needs tens.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** The explicit tags a scenario may use: those of the YAML 1.2 core schema that map to JSON (kubectl's reading). */
const ALLOWED_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

/** Calls `fail` for the first unknown or recursive alias, alias bomb or unsupported tag of `doc`, in document order. */
export function checkYamlDocument(doc: Document, fail: YamlProblem): void {
  // Anchors seen so far (the last node of each name wins, as YAML resolves `*a` to the latest `&a` before it), the
  // anchored nodes still being walked (an alias to one of them is recursive), and each finished node's expanded size.
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  const size = new Map<Node, number>();
  let added = 0;
  const walk = (node: unknown, path: (string | number)[]): number => {
    if (node === null || node === undefined) return 1;
    if (isAlias(node)) {
      const source = anchors.get(node.source);
      if (source === undefined) fail(node, path, `YAML alias *${node.source} has no anchor &${node.source} before it (an anchor must be set before its aliases)`);
      if (open.has(source!)) fail(node, path, `recursive YAML alias *${node.source}: the value would contain itself (expected a tree; remove the alias or point it at a finished anchor)`);
      const n = size.get(source!) ?? 1;
      added += n;
      if (added > MAX_ALIAS_EXPANSION) {
        fail(node, path, `YAML aliases expand this document to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} extra nodes (an alias bomb?): expected at most that many (docs/limits.md)`);
      }
      return n;
    }
    const n = node as Node;
    if (n.tag !== undefined && !ALLOWED_TAGS.has(n.tag)) {
      fail(n, path, `unsupported YAML tag ${n.tag.replace(/^tag:yaml\.org,2002:/, '!!')}: expected plain values (or the core tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)`);
    }
    if (n.anchor) {
      anchors.set(n.anchor, n);
      open.add(n);
    }
    let total = 1;
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        total += walk(pair.key, path) + walk(pair.value, [...path, key]);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => {
        total += walk(item, [...path, i]);
      });
    }
    if (n.anchor) open.delete(n);
    size.set(n, total);
    return total;
  };
  walk(doc.contents, []);
}
