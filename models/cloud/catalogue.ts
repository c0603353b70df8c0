/**
 * The instance catalogue (issue #10, reference §8): the instance types a cloud sells, in catalogue order, looked up by
 * name. Loading the KWOK JSON shape and generating the embedded KWOK catalogue live in this file's later parts.
 */
import type { Catalogue, InstanceType } from './types';

/** A catalogue of the given types, in the order given. Type names must be unique (the loader validates them). */
export function makeCatalogue(types: readonly InstanceType[]): Catalogue {
  const byName = new Map<string, InstanceType>();
  for (const t of types) if (!byName.has(t.name)) byName.set(t.name, t);
  return { types, get: (name) => byName.get(name) };
}

/** The catalogue of a scenario that names no instance types. */
export const EMPTY_CATALOGUE: Catalogue = makeCatalogue([]);
