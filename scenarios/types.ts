/**
 * The resolved scenario: the SimulationConfig the models run from (models/config.ts, every default applied, every
 * quantity and duration parsed, every reference checked) plus what only the loader and the CLI use. The loader
 * (scenarios/load.ts) turns user YAML into this. Nothing here is optional because a user left it out. The object
 * shapes themselves belong to the models that run them (models/cluster/spec.ts, models/behaviors.ts, …).
 */
import type { SimulationConfig } from '../models/config';
import type { InputFile } from './inputFiles';

export interface ResolvedScenario extends SimulationConfig {
  readonly name: string;
  /** Namespaces the scenario's objects use, sorted. */
  readonly namespaces: readonly string[];
  /** One line per skipped document (`file:line: skipped ConfigMap/app-config: k8sim does not model ConfigMap yet`). */
  readonly warnings: readonly string[];
  /** Files read, in order. */
  readonly files: readonly string[];
  /** Every file the load read, in load order (YAML files, rate and metric CSVs, policy modules), with content digests. */
  readonly inputFiles: readonly InputFile[];
}
