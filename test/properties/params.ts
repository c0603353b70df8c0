/**
 * Shared fast-check parameters of the property suites: a fixed seed per suite so a run is reproducible, overridable
 * from the environment to replay a failure (fast-check prints `seed` and `path` on failure):
 *   K8SIM_PROPERTY_SEED=<seed> K8SIM_PROPERTY_PATH=<path> npx jest test/properties/<file>
 */
import type { Parameters } from 'fast-check';

export function propertyParams<T>(numRuns: number, seed = 14): Parameters<T> {
  const envSeed = process.env.K8SIM_PROPERTY_SEED;
  const envPath = process.env.K8SIM_PROPERTY_PATH;
  return {
    numRuns,
    seed: envSeed !== undefined && envSeed !== '' ? Number(envSeed) : seed,
    ...(envPath !== undefined && envPath !== '' ? { path: envPath } : {}),
    endOnFailure: false,
    verbose: 1,
  };
}
