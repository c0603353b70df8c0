/**
 * One point of a Sweep: the base scenario with each parameter's value written into its document (the `yaml`
 * Document API, so every other node keeps its position and errors still name the base file's lines), loaded by the
 * ordinary loader. Reads the base files once; never runs anything.
 */
import { isMap, isSeq, isScalar, isPair, type Document } from 'yaml';
import { InputError } from './errors';
import { listScenarioFiles, readScenarioText, resolveScenario, type ScenarioSource } from './load';
import { locateDocument, parseYamlSource, pathToString, type PathElement } from './located';
import type { ResolvedScenario } from './types';
import type { SweepParameter, SweepSpec } from './kinds/sweep';
import { describe, isMapping } from './kinds/fields';

/** A value as sweep.csv and messages print it: numbers and strings as written, anything else as JSON. */
export function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export class SweepBase {
  private readonly files: readonly { readonly file: string; readonly text: string }[];

  constructor(readonly spec: SweepSpec) {
    try {
      this.files = listScenarioFiles(spec.scenario).map((file) => ({ file, text: readScenarioText(file) }));
    } catch (e) {
      if (e instanceof InputError && e.line === undefined) spec.doc.fail(['spec', 'scenario'], `${e.file}: ${e.problem}`);
      throw e;
    }
  }

  /** The scenario at one parameter point (`values[i]` for `spec.parameters[i]`), with `seed` when given. */
  scenario(values: readonly unknown[], seed?: string): ResolvedScenario {
    const parsed = this.files.map((f) => ({ file: f.file, text: f.text, ...parseYamlSource(f.file, f.text) }));
    const edited = new Set<number>();
    this.spec.parameters.forEach((p, i) => {
      const { fileIndex, doc } = this.findDocument(parsed, p);
      setField(this.spec, p, doc, values[i]);
      edited.add(fileIndex);
    });
    const sources: ScenarioSource[] = parsed.map((f, i) => ({
      file: f.file,
      // An edited file counts in the scenario hash as the text it now prints.
      text: edited.has(i) ? f.docs.map((d) => String(d)).join('') : f.text,
      docs: f.docs.map((d) => locateDocument(f.file, d, f.lineCounter)),
    }));
    try {
      return resolveScenario(sources, seed !== undefined ? { seed } : {}, this.spec.name);
    } catch (e) {
      if (!(e instanceof InputError) || this.spec.parameters.length === 0) throw e;
      const set = this.spec.parameters.map((p, i) => `${p.path} = ${formatValue(values[i])}`).join(', ');
      throw new InputError(e.file, e.line, e.field, `${e.problem} (with ${set}, from ${this.spec.file})`);
    }
  }

  private findDocument(parsed: readonly { file: string; docs: Document[] }[], p: SweepParameter): { fileIndex: number; doc: Document } {
    const { kind, name } = p.target;
    const found: { fileIndex: number; doc: Document; name: string }[] = [];
    parsed.forEach((f, fileIndex) => {
      for (const doc of f.docs) {
        const v = doc.toJS({ maxAliasCount: 100 }) as unknown;
        if (!isMapping(v) || v.kind !== kind) continue;
        const docName = isMapping(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : '';
        if (name === undefined || docName === name) found.push({ fileIndex, doc, name: docName });
      }
    });
    const at = [...p.at, 'path'];
    if (found.length === 0) {
      this.spec.doc.fail(at, `${p.path} names nothing: the scenario has no ${kind}${name !== undefined ? ` named "${name}"` : ''}`);
    }
    if (found.length > 1) {
      this.spec.doc.fail(at, `${p.path} names ${found.length} documents (${kind}s ${found.map((f) => `"${f.name}"`).join(', ')}): expected ${kind}/<name>:${pathToString(p.target.field)}`);
    }
    return found[0];
  }
}

/**
 * Writes `value` at the parameter's field. Every step but the last must exist (a list index inside the list); the
 * last may be a new key of an existing mapping, which the loader then checks like any field written by hand.
 */
function setField(spec: SweepSpec, p: SweepParameter, doc: Document, value: unknown): void {
  const field = p.target.field;
  let node: unknown = doc.contents;
  for (let i = 0; i < field.length; i++) {
    const key = field[i];
    const last = i === field.length - 1;
    const nothing = (why: string) => spec.doc.fail([...p.at, 'path'], `${p.path} names nothing: ${pathToString(field.slice(0, i + 1))} ${why}`);
    if (isMap(node)) {
      if (typeof key !== 'string') nothing(`indexes a mapping (expected a field name)`);
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === key);
      if (!pair && !last) nothing('is not in the document');
      node = pair?.value;
    } else if (isSeq(node)) {
      if (typeof key !== 'number') nothing('names a field of a list (expected an index like [0])');
      if ((key as number) >= node.items.length) nothing(`is past the end of a list of ${node.items.length}`);
      node = node.items[key as number];
    } else {
      nothing(`is inside ${isScalar(node) ? describe(node.value) : 'a value'}, not a mapping or a list`);
    }
  }
  doc.setIn(field as PathElement[], doc.createNode(value));
}
