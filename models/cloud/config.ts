/**
 * The cloud's settings (Simulation `spec.cloud`, issue #10) and their defaults (reference §4 [k8sim]: a node
 * registers 40 s after the launch request and is Ready 60 s after it; launches never fail). Plain data.
 */
import { seconds } from '../../engine/time';
import type { Catalogue, ProvisioningModel } from './types';
import { EMPTY_CATALOGUE } from './catalogue';

export interface CloudSettings {
  /** `spec.cloud.instanceTypes`: a KWOK JSON file, an inline list, or `kwok`; empty when absent. */
  readonly catalogue: Catalogue;
  /** `spec.cloud.provisioning`: the default for every node group / NodePool that gives none. */
  readonly provisioning: ProvisioningModel;
  /** `spec.cloud.spotInterruptionRatePerHour`: spot offerings' rate when their catalogue entry gives none. */
  readonly spotInterruptionRatePerHour: number;
}

/** §4 [k8sim] defaults. */
export const DEFAULT_PROVISIONING: ProvisioningModel = {
  registered: { kind: 'fixed', value: seconds(40) },
  ready: { kind: 'fixed', value: seconds(60) },
  failureProbability: 0,
  failureClass: 'OutOfResource',
};

export const DEFAULT_CLOUD_SETTINGS: CloudSettings = {
  catalogue: EMPTY_CATALOGUE,
  provisioning: DEFAULT_PROVISIONING,
  spotInterruptionRatePerHour: 0,
};
