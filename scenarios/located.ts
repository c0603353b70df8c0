/**
 * YAML documents that remember where each value came from, so errors can name the line of a field.
 * Wraps the `yaml` package's CST ranges and LineCounter; owns no semantics of any k8sim or Kubernetes kind.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import { InputError } from './errors';
import { checkYamlDocument } from './yamlGuards';

export type PathElement = string | number;

/** One YAML document of a file, with its plain JS value and a way to find the line of any path inside it. */
export interface LocatedDoc {
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly value: unknown;
  /** Line of the value at `path` (or of the nearest existing parent); 1-based. */
  lineOf(path: readonly PathElement[]): number;
  /** Throws an InputError located at `path`. */
  fail(path: readonly PathElement[], problem: string): never;
}

/** Renders a path as `spec.template.spec.containers[0].image`. */
export function pathToString(path: readonly PathElement[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? p : `.${p}`;
  }
  return s;
}

/** Parses every document of a YAML text; malformed YAML throws an InputError with the parser's line. */
export function parseYamlDocuments(file: string, text: string): LocatedDoc[] {
  const { docs, lineCounter } = parseYamlSource(file, text);
  return docs.map((doc) => locateDocument(file, doc, lineCounter));
}

/** A YAML text's parsed documents (the `yaml` Document API: editable, keeping every node's position). */
export interface ParsedYaml {
  readonly docs: Document[];
  readonly lineCounter: LineCounter;
}

/** Parses a YAML text into its non-empty documents; malformed YAML throws an InputError with the parser's line. */
export function parseYamlSource(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // merge: `<<: *x` merge keys are expanded, as kubectl (go-yaml) does.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (!Array.isArray(docs)) {
    // EmptyStream: no documents at all
    return { docs: [], lineCounter };
  }
  const out: Document[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const line = lineCounter.linePos(err.pos[0]).line;
      throw new InputError(file, line, undefined, `malformed YAML: ${err.message.split('\n')[0]}`);
    }
    if (doc.contents === null) continue; // empty document between `---` separators
    checkYamlDocument(doc, (node, path, problem) => {
      throw new InputError(file, node.range ? lineCounter.linePos(node.range[0]).line : 1, path.length > 0 ? pathToString(path) : undefined, problem);
    });
    const tagWarning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (tagWarning) throw new InputError(file, lineCounter.linePos(tagWarning.pos[0]).line, undefined, `${tagWarning.message.split(' at line')[0]}: expected plain values (k8sim reads YAML as kubectl does, without custom tags)`);
    out.push(doc);
  }
  return { docs: out, lineCounter };
}

/**
 * One parsed (possibly edited) document as a LocatedDoc. A value set after parsing has no position of its own: its
 * line is its key's (a replaced value) or its nearest parent's.
 */
export function locateDocument(file: string, doc: Document, lc: LineCounter): LocatedDoc {
  // parseYamlSource bounded the aliases' expansion (yamlGuards.ts); the yaml package's own count is then not needed.
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 }) as unknown;
  } catch (e) {
    // yamlGuards.ts refuses every alias problem it knows first; anything the yaml package still refuses is input too.
    throw new InputError(file, doc.contents?.range ? lc.linePos(doc.contents.range[0]).line : 1, undefined, `YAML cannot be read: ${String((e as Error).message).split('\n')[0]}`);
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  const docLine = lineAt(doc.contents?.range?.[0]);
  const lineOf = (path: readonly PathElement[]): number => {
    let node: unknown = doc.contents;
    let line = docLine;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(key));
        if (!pair) break;
        const keyNode = pair.key as Node;
        line = lineAt(keyNode.range?.[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        line = lineAt(item.range?.[0]);
        node = item;
      } else break;
    }
    return line;
  };
  return {
    file,
    line: docLine,
    value,
    lineOf,
    fail(path, problem) {
      throw new InputError(file, lineOf(path), path.length ? pathToString(path) : undefined, problem);
    },
  };
}
