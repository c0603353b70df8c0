/**
 * The instance catalogue as a scenario writes it (Simulation `spec.cloud.instanceTypes`, issue #10): a JSON file in
 * Karpenter's KWOK shape (reference §8; path relative to the Simulation's file), the same list inline, or `kwok` =
 * KWOK's embedded 144-type catalogue (generated, models/cloud/catalogue.ts kwokCatalogue). Types as KWOK reads them
 * (`name`, `offerings[{Price|price, Available, Requirements[{key, operator, values}]}]`, `architecture`,
 * `operatingSystems`, `resources{cpu, memory, pods}`) or in the older shape with `capacityType` / `zone` / `price` per
 * offering; Go matches the offering keys case-insensitively, so does k8sim. Extension per offering:
 * `interruptionRatePerHour` (spot). Errors are located one-line errors (bad JSON, unknown field, negative price,
 * duplicate type name, ...).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { canonicalCpu, canonicalMemory, kwokCatalogue, makeCatalogue, newInstanceType } from '../../models/cloud/catalogue';
import type { CapacityType, Catalogue, InstanceType, Offering } from '../../models/cloud/types';
import { InputError } from '../errors';
import { parseYamlDocuments, type LocatedDoc, type PathElement } from '../located';
import { describe, Fields, isMapping } from './fields';

const TYPE_FIELDS = ['name', 'offerings', 'architecture', 'operatingSystems', 'resources'];
const CAPACITY_TYPES: readonly CapacityType[] = ['on-demand', 'spot', 'reserved'];
const LABEL_CAPACITY_TYPE = 'karpenter.sh/capacity-type';
const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** A catalogue file read, for the scenario's input list. */
export interface CatalogueFile {
  readonly file: string;
  readonly bytes: Buffer;
}

/**
 * `spec.cloud.instanceTypes` at `path` of `doc`: `kwok`, a file path, or an inline list. `spotRate` is the
 * default interruption rate of spot offerings that give none.
 */
export function readInstanceTypes(doc: LocatedDoc, path: readonly PathElement[], value: unknown, spotRate: number): { catalogue: Catalogue; file?: CatalogueFile } {
  if (value === 'kwok') return { catalogue: kwokCatalogue(spotRate) };
  if (Array.isArray(value)) return { catalogue: readCatalogueList(doc, path, value, spotRate) };
  if (typeof value !== 'string' || value === '') doc.fail(path, `expected kwok, a JSON file path or a list of instance types, got ${describe(value)}`);
  const file = isAbsolute(value) ? value : join(dirname(doc.file), value);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return doc.fail(path, `cannot read instance type catalogue ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return { catalogue: parseCatalogueJson(file, bytes.toString('utf8'), spotRate), file: { file, bytes } };
}

/** A catalogue file's text: a JSON array of instance types. Malformed JSON names the line. */
export function parseCatalogueJson(file: string, text: string, spotRate: number): Catalogue {
  try {
    JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : 1;
    throw new InputError(file, line, undefined, `malformed JSON: ${String((e as Error).message).split('\n')[0]}`);
  }
  const docs = parseYamlDocuments(file, text);
  if (docs.length !== 1 || !Array.isArray(docs[0].value)) {
    throw new InputError(file, 1, undefined, 'expected a JSON array of instance types (the KWOK instance_types.json shape)');
  }
  return readCatalogueList(docs[0], [], docs[0].value, spotRate);
}

/** A list of instance types (KWOK ConstructInstanceTypes), in order; names must be unique. */
export function readCatalogueList(doc: LocatedDoc, path: readonly PathElement[], list: readonly unknown[], spotRate: number): Catalogue {
  const types: InstanceType[] = [];
  const seen = new Map<string, number>();
  list.forEach((v, i) => {
    const t = readInstanceType(doc, [...path, i], v, spotRate);
    const first = seen.get(t.name);
    if (first !== undefined) doc.fail([...path, i, 'name'], `duplicate instance type ${t.name} (also at index ${first})`);
    seen.set(t.name, i);
    types.push(t);
  });
  return makeCatalogue(types);
}

function readInstanceType(doc: LocatedDoc, path: readonly PathElement[], v: unknown, spotRate: number): InstanceType {
  const f = Fields.of(doc, path, v, TYPE_FIELDS, 'an instance type (name, offerings, architecture, operatingSystems, resources)');
  const name = f.requiredString('name', { nonEmpty: true });
  const r = f.requiredObject('resources', undefined, 'a mapping of resource names to quantities');
  if (!r.has('cpu')) r.fail(undefined, 'resources.cpu is required');
  if (!r.has('memory')) r.fail(undefined, 'resources.memory is required');
  const cpuMilli = r.milli('cpu')!;
  const memBytes = r.units('memory')!;
  if (cpuMilli <= 0) r.fail('cpu', `expected a positive quantity, got ${describe(r.raw('cpu'))}`);
  if (memBytes <= 0) r.fail('memory', `expected a positive quantity, got ${describe(r.raw('memory'))}`);
  for (const k of Object.keys(r.value)) if (k !== 'cpu' && k !== 'memory' && k !== 'pods') r.units(k); // checked, unused (ephemeral-storage, ...)
  const pods = r.has('pods') ? r.units('pods')! : undefined;
  if (pods !== undefined && pods <= 0) r.fail('pods', `expected a positive count, got ${describe(r.raw('pods'))}`);
  const memText = String(r.raw('memory'));
  const oss = f.list('operatingSystems', 'a list of operating system names') ?? [];
  const operatingSystems = oss.map((o) => (typeof o.value === 'string' && o.value !== '' ? o.value : doc.fail(o.path, `expected an operating system name, got ${describe(o.value)}`)));
  const offerings: Omit<Offering, 'available'>[] = [];
  const items = f.list('offerings', 'a list of offerings') ?? [];
  if (items.length === 0) f.fail('offerings', 'expected at least one offering (zone, capacity type and price)');
  for (const it of items) offerings.push(...readOffering(doc, it.path, it.value, spotRate));
  return newInstanceType({
    name,
    architecture: f.string('architecture', { nonEmpty: true }) ?? 'amd64',
    operatingSystems: operatingSystems.length > 0 ? operatingSystems : ['linux'],
    cpu: { text: canonicalCpu(cpuMilli), milli: cpuMilli },
    memory: { text: canonicalMemory(memBytes, /[KMGTPE]i$/.test(memText)), bytes: memBytes },
    ...(pods !== undefined ? { pods } : {}),
    offerings,
  });
}

/** One offering: the price, and every (capacity type, zone) its requirements (or old-shape fields) allow. */
function readOffering(doc: LocatedDoc, path: readonly PathElement[], v: unknown, spotRate: number): Omit<Offering, 'available'>[] {
  if (!isMapping(v)) doc.fail(path, `expected an offering (Price, Requirements), got ${describe(v)}`);
  // Go's encoding/json matches field names case-insensitively.
  const keys = new Map<string, string>();
  for (const k of Object.keys(v)) {
    const low = k.toLowerCase();
    if (!['price', 'available', 'requirements', 'capacitytype', 'zone', 'interruptionrateperhour'].includes(low)) {
      doc.fail([...path, k], `unknown field "${k}" (expected Price, Available, Requirements, or the older capacityType, zone, price; k8sim adds interruptionRatePerHour)`);
    }
    if (keys.has(low)) doc.fail([...path, k], `field "${k}" given twice (also as "${keys.get(low)}")`);
    keys.set(low, k);
  }
  const f = Fields.of(doc, path, v);
  const key = (low: string) => keys.get(low);
  if (key('price') === undefined) f.fail(undefined, 'an offering needs a Price ($/h)');
  const price = f.number(key('price')!)!;
  if (price < 0) f.fail(key('price'), `expected a price ≥ 0 ($/h), got ${price}`);
  if (key('available') !== undefined) f.bool(key('available')!); // checked; setDefaultOptions makes every offering available
  const capacityTypes = new Set<CapacityType>();
  const zones = new Set<string>();
  const req = key('requirements') !== undefined ? f.list(key('requirements')!, 'a list of requirements') ?? [] : [];
  for (const r of req) {
    const rf = Fields.of(doc, r.path, r.value, ['key', 'operator', 'values'], 'a requirement (key, operator, values)');
    const k = rf.requiredString('key', { nonEmpty: true });
    if (rf.requiredString('operator') !== 'In') rf.fail('operator', `expected In, got ${describe(rf.raw('operator'))}`);
    const values = (rf.list('values', 'a list of strings') ?? []).map((x) => (typeof x.value === 'string' ? x.value : doc.fail(x.path, `expected a string, got ${describe(x.value)}`)));
    if (k === LABEL_CAPACITY_TYPE) {
      for (const [i, ct] of values.entries()) {
        if (!CAPACITY_TYPES.includes(ct as CapacityType)) doc.fail([...rf.at('values'), i], `expected one of ${CAPACITY_TYPES.join(', ')}, got ${describe(ct)}`);
        capacityTypes.add(ct as CapacityType);
      }
    } else if (k === LABEL_ZONE) for (const z of values) zones.add(z);
    // Other keys become node labels upstream; k8sim does not use them.
  }
  if (key('capacitytype') !== undefined) capacityTypes.add(f.oneOf(key('capacitytype')!, CAPACITY_TYPES)!);
  if (key('zone') !== undefined) zones.add(f.string(key('zone')!, { nonEmpty: true })!);
  if (capacityTypes.size === 0) f.fail(undefined, `the offering names no capacity type (a ${LABEL_CAPACITY_TYPE} requirement or capacityType)`);
  if (zones.size === 0) f.fail(undefined, `the offering names no zone (a ${LABEL_ZONE} requirement or zone)`);
  const rateKey = key('interruptionrateperhour');
  const rate = rateKey !== undefined ? f.number(rateKey, { min: 0 })! : undefined;
  const out: Omit<Offering, 'available'>[] = [];
  for (const zone of zones) {
    for (const capacityType of capacityTypes) {
      out.push({ zone, capacityType, pricePerHour: price, interruptionRatePerHour: rate ?? (capacityType === 'spot' ? spotRate : 0) });
    }
  }
  return out;
}
