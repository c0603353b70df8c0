/**
 * `k8sim run`: load the scenario, run it to its duration, stream the traces into --out and write run.json. The
 * wall clock is read here only, for the speed-up line on stderr; no trace file contains a wall-clock value.
 */
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { loadScenario } from '../scenarios/load';
import { escapeControl } from '../scenarios/errors';
import { Simulation } from '../models/simulation';
import { TraceWriter } from '../reports/traceWriter';
import { writeFileAtomic } from '../reports/csvFile';
import { formatGoDuration, micros, toMilliseconds, toSeconds, type Micros } from '../engine/time';
import type { ResolvedScenario } from '../scenarios/types';
import { VERSION } from './version';
import { reportFailure, strictFailure, warningLine } from './failure';
import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { SUMMARY_COLUMNS, TraceSummary, type SummaryRow } from '../reports/summary';
import { teeRecorder } from '../reports/tee';

export interface RunOptions {
  readonly paths: readonly string[];
  readonly seed?: string;
  readonly duration?: Micros;
  readonly out?: string;
  readonly quiet: boolean;
  readonly progress: boolean;
  /** `--trace-requests` (1) or `--trace-requests-sample N` (N): write 1 request in N to requests.csv; absent = none. */
  readonly traceRequestsEvery?: number;
  /** `--trace-scheduling`: write scheduling.csv. */
  readonly traceScheduling?: boolean;
  /** `--check <golden-dir>`: after a successful run, diff the output folder against it (exit 0 identical, 1 not). */
  readonly check?: string;
  /** `--strict`: anything skipped or ignored (a load warning) is exit 2, before any output is written. */
  readonly strict?: boolean;
}

/**
 * run.json `scenarioHash`: SHA-256 over the content of every file the load read (YAML, rate and metric CSVs, policy
 * modules; each file's own SHA-256, in load order, so paths and their spelling never count), then the seed and the
 * duration the run used (`--seed` and `--duration` are not in any file; a file's own values give the same hash).
 * Equal hashes and equal k8sim versions mean the same run.
 */
export function scenarioHash(s: Pick<ResolvedScenario, 'inputFiles' | 'seed' | 'duration'>): string {
  const h = createHash('sha256').update('k8sim scenarioHash v2\n');
  for (const f of s.inputFiles) h.update(`file ${f.sha256}\n`);
  h.update(`seed ${JSON.stringify(s.seed)}\nduration_us ${s.duration}\n`);
  return h.digest('hex');
}

/** kubectl.csv is written when the scenario drains, evicts or deletes, or has PDBs, quotas or limit ranges (issue #8). */
function hasPolicyContent(s: ResolvedScenario): boolean {
  return (
    s.podDisruptionBudgets.length + s.resourceQuotas.length + s.limitRanges.length > 0 ||
    s.timeline.some((a) => a.action === 'drain' || a.action === 'evict' || a.action === 'delete')
  );
}

export async function runCommand(o: RunOptions): Promise<number> {
  if (o.check !== undefined && !(fs.existsSync(o.check) && fs.statSync(o.check).isDirectory())) {
    process.stderr.write(`k8sim: error: --check: ${o.check}: no such folder: expected a folder of golden traces (the --out of an earlier run)\n`);
    return 2;
  }
  const { code, outDir } = await runOnce(o);
  if (code !== 0 || o.check === undefined || outDir === undefined) return code;
  const { diffCommand } = await import('./diff');
  return diffCommand(o.check, outDir);
}

/** Runs the scenario; returns the exit code and the folder written (undefined when the scenario did not load). */
async function runOnce(o: RunOptions): Promise<{ code: number; outDir?: string }> {
  let scenario: ResolvedScenario;
  try {
    scenario = loadScenario([...o.paths], { seed: o.seed, duration: o.duration });
  } catch (e) {
    return { code: reportFailure(e) };
  }
  if (o.strict && scenario.warnings.length > 0) return { code: strictFailure(scenario.warnings) };
  for (const w of scenario.warnings) process.stderr.write(warningLine(w));
  const outDir = o.out ?? path.join('out', scenario.name);
  try {
    const r = await runScenario(scenario, outDir, o);
    if (!o.quiet) {
      const speedup = toSeconds(scenario.duration) / Math.max(r.wallSeconds, 1e-9);
      process.stdout.write(
        `k8sim: simulated ${formatGoDuration(scenario.duration)} of cluster time (seed ${scenario.seed}) in ${r.wallSeconds.toFixed(2)} s wall time, ` +
          `${Math.round(speedup).toLocaleString('en-US')}x real time; ${r.counts.eventsProcessed.toLocaleString('en-US')} events processed\n` +
          `k8sim: ${r.counts.podsCreated} pods created, ${r.counts.containerRestarts} container restarts; traces in ${outDir}/ (${[...r.files, 'summary.csv', 'run.json'].join(', ')})\n` +
          notSimulatedLines(scenario.warnings),
      );
    }
    return { code: 0, outDir };
  } catch (e) {
    return { code: reportFailure(e), outDir };
  }
}

export interface ScenarioRunOptions {
  readonly progress: boolean;
  readonly traceRequestsEvery?: number;
  readonly traceScheduling?: boolean;
  /** Write summary.csv and run.json only, no trace file (`k8sim sweep --summary-only`); the figures are the same. */
  readonly summaryOnly?: boolean;
}

export interface ScenarioRunResult {
  readonly figures: readonly SummaryRow[];
  readonly counts: { readonly eventsProcessed: number; readonly podsCreated: number; readonly containerRestarts: number };
  /** The trace files written (none with summaryOnly). */
  readonly files: readonly string[];
  readonly wallSeconds: number;
}

/**
 * Runs a loaded scenario into `outDir`: the traces (unless summaryOnly), summary.csv and run.json, each written under a
 * temporary name and renamed at the end; on failure nothing of this run is left. Shared by `run` and `sweep`.
 */
export async function runScenario(scenario: ResolvedScenario, outDir: string, o: ScenarioRunOptions): Promise<ScenarioRunResult> {
  let writer: TraceWriter | undefined;
  try {
    const every = o.traceRequestsEvery ?? 0;
    const rollouts = scenario.timeline.some((a) => a.action === 'apply' || a.action === 'setImage' || a.action === 'rollout');
    // kubectl.csv: what kubectl printed for the timeline's kubectl-like actions (and refused creates).
    const kubectl = hasPolicyContent(scenario) || rollouts;
    if (o.summaryOnly) fs.mkdirSync(outDir, { recursive: true });
    else {
      writer = new TraceWriter(outDir, {
        requests: every > 0,
        rollouts,
        ...(scenario.autoscalers.length > 0 ? { hpaMetrics: maxHpaMetrics(scenario) } : {}),
        ...(scenario.jobs.length + scenario.cronJobs.length > 0 ? { jobColumns: true } : {}),
        kubectl,
        scheduling: o.traceScheduling ?? false,
        // node_autoscaler.csv: the scenario has a node autoscaler (the Cluster Autoscaler, a node autoscaler policy; Karpenter adds its own).
        nodeAutoscaler: scenario.clusterAutoscaler !== undefined || scenario.nodeAutoscalerPolicy !== undefined || (scenario.karpenterNodePools?.length ?? 0) > 0,
      });
    }
    // The summary figures are a pure function of the trace, folded from its records as they stream to the writer.
    // services.csv is always part of a full run's trace, so a summary-only run folds as if it were written.
    const traceSummary = new TraceSummary({ sloMs: scenario.slo ? toMilliseconds(scenario.slo.latency) : null, serviceTrace: true, kubectlTrace: kubectl });
    const recorder = writer ? teeRecorder(writer, traceSummary) : teeRecorder(traceSummary);
    const simulation = new Simulation(scenario, recorder, { traceRequestsEvery: every, traceScheduling: o.traceScheduling ?? false });
    const wallStart = process.hrtime.bigint();
    await runWithProgress(simulation, scenario.duration, o.progress);
    const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
    const live = simulation.summary();
    const figures = traceSummary.figures();
    writeSummaryCsv(outDir, figures);
    // One source per figure (docs/traces.md): containerRestarts, oomKills and the request totals come from the same
    // streamed computation as summary.csv's container_restarts, oom_kills, requests and dropped_requests.
    const counts = {
      eventsProcessed: live.eventsProcessed,
      podsCreated: live.podsCreated,
      podsDeleted: live.podsDeleted,
      containerRestarts: traceSummary.containerRestarts,
      oomKills: traceSummary.oomKills,
      kubernetesEvents: live.kubernetesEvents,
      requests: traceSummary.requestTotals(),
    };
    const runJson = {
      k8sim: VERSION,
      scenario: scenario.name,
      seed: scenario.seed,
      scenarioHash: scenarioHash(scenario),
      files: scenario.files,
      // Every skipped document and ignored field (the load warnings), so a run's record says what it left out.
      ...(scenario.warnings.length > 0 ? { notSimulated: scenario.warnings } : {}),
      virtualDurationSeconds: toSeconds(scenario.duration),
      policies: scenario.autoscalers.map((a) => `${a.namespace}/${a.name}: ${a.policy.name}`),
      ...(scenario.nodeAutoscalerName !== undefined ? { nodeAutoscaler: scenario.nodeAutoscalerName } : {}),
      counts: writer ? { ...counts, traceRows: writer.rowCounts() } : counts,
      summary: figures,
    };
    writeFileAtomic(outDir, 'run.json', `${JSON.stringify(runJson, null, 2)}\n`);
    writer?.commit();
    return { figures, counts, files: writer ? Object.keys(writer.rowCounts()) : [], wallSeconds };
  } catch (e) {
    for (const f of ['summary.csv', 'run.json']) fs.rmSync(path.join(outDir, `.${f}.partial`), { force: true });
    writer?.abort();
    throw e;
  }
}

/** The run summary's list of what the run left out: one `k8sim: not simulated: …` line per load warning. */
function notSimulatedLines(warnings: readonly string[]): string {
  return warnings.map((w) => `k8sim: not simulated: ${escapeControl(w)}\n`).join('');
}

/** The most metrics any of the scenario's HPAs has (v1: one; v2 without metrics: the default CPU one). */
function maxHpaMetrics(s: ResolvedScenario): number {
  return Math.max(1, ...s.autoscalers.map((a) => a.manifest.spec.metrics?.length ?? 1));
}

function writeSummaryCsv(dir: string, rows: readonly SummaryRow[]): void {
  const lines = [SUMMARY_COLUMNS as readonly string[], ...rows.map((r) => [r.scope, r.namespace, r.name, r.figure, r.value])];
  writeFileAtomic(dir, 'summary.csv', stringify(lines as string[][], { record_delimiter: 'unix' }));
}

/** Runs in slices of virtual time, yielding to the event loop between slices so a progress bar can redraw. */
async function runWithProgress(sim: Simulation, duration: Micros, progress: boolean): Promise<void> {
  if (!progress) {
    sim.runUntil(duration);
    return;
  }
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: 'k8sim [{bar}] {percentage}% | {value}/{total} s of cluster time', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  const total = Math.ceil(toSeconds(duration));
  const slices = 200;
  const wallStart = Date.now();
  let shown = false;
  for (let i = 1; i <= slices; i++) {
    sim.runUntil(micros(Math.floor((duration * i) / slices))); // i/slices of the duration, floored to whole µs
    // Only runs that take more than about two seconds show a bar.
    if (!shown && Date.now() - wallStart > 2000) {
      bar.start(total, 0);
      shown = true;
    }
    if (shown) bar.update(Math.floor(toSeconds(sim.now)));
    await new Promise((r) => setImmediate(r));
  }
  if (shown) bar.stop();
}
