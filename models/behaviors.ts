/**
 * Behaviors: how the selected containers behave (start-up times, exits, probe results, SIGTERM, resource use,
 * serving), and which Behavior applies to which container: every Behavior whose namespace and selector match the pod
 * (and whose container, if named, is this one) contributes its fields; a later Behavior (in load order) overrides an
 * earlier one field by field (`resources` too, inside it; `serving` as a whole block). Containers no Behavior selects
 * get an empty result: the kubelet applies the defaults. Pure data and a pure merge: no events, no draws.
 */
import type { Micros } from '../engine/time';
import type { DurationDist, IntChoice } from './draw';
import type { ProbeType, ResolvedSelector, SourceRef } from './cluster/spec';
import type { ServingSettings } from './traffic/serving';

/** What a running container uses besides request work (Behavior `resources`). */
export interface ResourceUsage {
  /** Idle CPU while running, millicores. */
  readonly cpuMilli: number;
  /**
   * The serving container's idle CPU competes with its request work under its CPU limit and node share (default
   * true); false: it runs beside the requests, as before issue #12.
   */
  readonly cpuCompetes: boolean;
  /** Memory with no request in flight, bytes. */
  readonly memoryBytes: number;
  /** Memory growth: `bytes` more every `every` µs since the container started (integer bytes, continuous). */
  readonly memoryLeak?: { readonly bytes: number; readonly every: Micros };
}

export interface ProbeStep {
  /** Time since the container started from which this result holds. */
  readonly from: Micros;
  /** `fromLoad`: the probe goes through the pod (a request to its serving container) and its outcome decides. */
  readonly result: 'success' | 'failure' | 'timeout' | 'fromLoad';
  /** Output for the `Unhealthy` event (defaults from the probe's handler). */
  readonly output?: string;
}

/** How the selected containers behave. Fields left out of every matching Behavior take the documented defaults. */
export interface ResolvedBehavior {
  readonly name: string;
  /** undefined = every namespace. */
  readonly namespace?: string;
  readonly selector: ResolvedSelector;
  /** undefined = every container of the selected pods. */
  readonly container?: string;
  readonly imagePull?: DurationDist;
  readonly containerStart?: DurationDist;
  /** Exit after running this long, with this code. undefined = runs until killed. */
  readonly exit?: { readonly after: DurationDist; readonly code: IntChoice };
  readonly probes?: Partial<Record<ProbeType, readonly ProbeStep[]>>;
  /** CPU one probe costs in the container, as a duration of one full core (probes.cpu; default DEFAULT_PROBE_CPU). */
  readonly probeCpu?: Micros;
  /**
   * The result where no step applies (probes.default): `fromLoad` (the default) sends the probe through the pod when
   * its serving container serves a Service's Traffic and succeeds otherwise; `success` always succeeds (before #12).
   */
  readonly probeDefault?: 'fromLoad' | 'success';
  /**
   * What the process does on SIGTERM: exit after `after` with `code` (default 143), or ignore it (killed at the grace
   * period, 137). `keepAccepting`: how long it still accepts new connections after SIGTERM (undefined = until it
   * exits); `drain`: it exits once its in-flight requests are done (and not before `after`), instead of at `after`.
   */
  readonly onSigterm?: { readonly action: 'exit' | 'ignore'; readonly after: DurationDist; readonly code: number; readonly keepAccepting?: Micros; readonly drain?: boolean };
  /** How long the container's exec or httpGet preStop hook runs (a `sleep` hook takes its own seconds). Default 0. */
  readonly preStop?: DurationDist;
  /** Idle CPU, memory baseline and leak; fields left out are 0 / none. */
  readonly resources?: Partial<ResourceUsage>;
  /** How the container serves requests, as a whole block (only a pod's first app container serves requests). */
  readonly serving?: ServingSettings;
  readonly source: SourceRef;
}

/** The Behavior fields that apply to one container, merged (undefined fields: the defaults). */
export type MergedBehavior = Omit<Partial<ResolvedBehavior>, 'name' | 'selector' | 'namespace' | 'container' | 'source'>;

export function mergeBehaviors(
  behaviors: readonly ResolvedBehavior[],
  namespace: string,
  labels: Readonly<Record<string, string>>,
  container: string,
): MergedBehavior {
  // The merge depends only on which Behaviors match, so one merged record per distinct set is shared by every
  // container it applies to (a 100,000-pod run has a handful of sets, not 100,000 records).
  let key = '';
  for (let i = 0; i < behaviors.length; i++) {
    const b = behaviors[i];
    if (b.namespace !== undefined && b.namespace !== namespace) continue;
    if (b.container !== undefined && b.container !== container) continue;
    if (!b.selector.matches(labels)) continue;
    key += `${i},`;
  }
  if (key === '') return EMPTY;
  let memo = MERGED.get(behaviors);
  if (memo === undefined) {
    memo = new Map();
    MERGED.set(behaviors, memo);
  }
  let out = memo.get(key);
  if (out === undefined) {
    out = merge(key.split(',').slice(0, -1).map((i) => behaviors[Number(i)]));
    memo.set(key, out);
  }
  return out;
}

/** The merged records of each Behavior list, by the indices of the Behaviors that matched (`0,2,`). */
const MERGED = new WeakMap<readonly ResolvedBehavior[], Map<string, MergedBehavior>>();

/** Later Behaviors override earlier ones field by field (probes and resources key by key). */
function merge(matching: readonly ResolvedBehavior[]): MergedBehavior {
  let out: { -readonly [K in keyof MergedBehavior]: MergedBehavior[K] } | undefined;
  for (const b of matching) {
    out = { ...out };
    if (b.imagePull) out.imagePull = b.imagePull;
    if (b.containerStart) out.containerStart = b.containerStart;
    if (b.exit) out.exit = b.exit;
    if (b.probes) out.probes = { ...out.probes, ...b.probes };
    if (b.probeCpu !== undefined) out.probeCpu = b.probeCpu;
    if (b.probeDefault !== undefined) out.probeDefault = b.probeDefault;
    if (b.onSigterm) out.onSigterm = b.onSigterm;
    if (b.preStop) out.preStop = b.preStop;
    if (b.resources) out.resources = { ...out.resources, ...b.resources };
    if (b.serving) out.serving = b.serving;
  }
  return out ?? EMPTY;
}

const EMPTY: MergedBehavior = Object.freeze({});
