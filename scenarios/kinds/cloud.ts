/**
 * Simulation `spec.cloud` (issue #10): the instance catalogue (kinds/catalogue.ts), the default provisioning model
 * and the default spot interruption rate. `readProvisioning` is the reader node groups and NodePools reuse for their
 * own `provisioning` override (a partial block on top of the Simulation's).
 */
import { DEFAULT_CLOUD_SETTINGS, type CloudSettings } from '../../models/cloud/config';
import type { ProvisioningModel } from '../../models/cloud/types';
import { parseDurationDist } from '../distribution';
import { Fields } from './fields';
import { readInstanceTypes, type CatalogueFile } from './catalogue';

export const CLOUD_FIELDS = ['instanceTypes', 'provisioning', 'spotInterruptionRatePerHour'];
export const PROVISIONING_FIELDS = ['registered', 'ready', 'failureProbability', 'failureClass'];

/** `spec.cloud` with its defaults (`f` undefined = absent), and the catalogue file read, if any. */
export function readCloud(f: Fields | undefined): { settings: CloudSettings; file?: CatalogueFile } {
  if (f === undefined) return { settings: DEFAULT_CLOUD_SETTINGS };
  const spotRate = f.number('spotInterruptionRatePerHour', { min: 0 }) ?? DEFAULT_CLOUD_SETTINGS.spotInterruptionRatePerHour;
  const provisioning = readProvisioning(f.object('provisioning', PROVISIONING_FIELDS), DEFAULT_CLOUD_SETTINGS.provisioning);
  const types = f.has('instanceTypes') ? readInstanceTypes(f.doc, f.at('instanceTypes'), f.raw('instanceTypes'), spotRate) : undefined;
  return {
    settings: { catalogue: types?.catalogue ?? DEFAULT_CLOUD_SETTINGS.catalogue, provisioning, spotInterruptionRatePerHour: spotRate },
    ...(types?.file !== undefined ? { file: types.file } : {}),
  };
}

/**
 * A `provisioning` block (fields PROVISIONING_FIELDS) on top of `base`: `registered` and `ready` are durations or
 * distributions (scenarios/distribution.ts), both from the launch request; `failureProbability` in [0, 1];
 * `failureClass` OutOfResource or Other. With both delays fixed, ready must not come before registered.
 */
export function readProvisioning(f: Fields | undefined, base: ProvisioningModel): ProvisioningModel {
  if (f === undefined) return base;
  const dist = (key: string) => (f.has(key) ? parseDurationDist(f.doc, f.at(key), f.raw(key)) : undefined);
  const registered = dist('registered') ?? base.registered;
  const ready = dist('ready') ?? base.ready;
  if (registered.kind === 'fixed' && ready.kind === 'fixed' && ready.value < registered.value) {
    f.fail(f.has('ready') ? 'ready' : 'registered', 'expected ready ≥ registered (both count from the launch request)');
  }
  const p = f.number('failureProbability', { min: 0 });
  if (p !== undefined && p > 1) f.fail('failureProbability', `expected a probability between 0 and 1, got ${p}`);
  return {
    registered,
    ready,
    failureProbability: p ?? base.failureProbability,
    failureClass: f.oneOf('failureClass', ['OutOfResource', 'Other'] as const) ?? base.failureClass,
  };
}
