/**
 * The k8sim command line (yargs): run, validate, compare, sweep (and sweep merge), hpa explain. Command modules are loaded only when their
 * command runs, so `k8sim hpa explain` starts fast.
 */
import yargs, { type Argv } from 'yargs';
import { formatGoDuration, parseDuration, type Micros } from '../engine/time';
import { MAX_DURATION } from '../scenarios/limits';
import { escapeControl } from '../scenarios/errors';
import { VERSION } from './version';

/** The options `get` and `describe` share. */
function timeTravelOptions<T>(y: Argv<T>) {
  return y
    .option('at', { describe: 'Virtual time to look at, e.g. 90s, 12m, 1h30m (default: the end of the run)', type: 'string' })
    .option('namespace', { alias: 'n', describe: 'Namespace (default: default)', type: 'string' })
    .option('output', { alias: 'o', describe: 'wide: the extra columns', type: 'string' })
    .option('selector', { alias: 'l', describe: 'Label selector (not answerable from the traces: they hold no labels)', type: 'string' });
}

/**
 * `--duration`: a positive duration within the clock's limit (scenarios/limits.ts), or null after printing the one
 * error line. `-5m` arrives here as a value (requiresArg), so its message is about the sign, not unknown flags.
 */
function durationFlag(v: string | undefined): Micros | undefined | null {
  if (v === undefined) return undefined;
  const shown = `"${escapeControl(v)}"`;
  const fail = (problem: string) => {
    process.stderr.write(`k8sim: error: --duration: ${problem}\n`);
    return null;
  };
  if (/^\s*-/.test(v)) return fail(`duration must be positive, got ${shown}`);
  const d = parseDuration(v);
  if (d === undefined) return fail(`expected a duration like 30s, 5m or 1h, got ${shown}`);
  if (d <= 0) return fail(`duration must be positive, got ${shown}`);
  if (d > MAX_DURATION) return fail(`duration too long: expected at most ${formatGoDuration(MAX_DURATION)} (100 years, k8sim's limit, docs/limits.md), got ${shown}`);
  return d;
}

/** A usage error, already printed: thrown from `.fail` so that yargs runs no command handler after it. */
class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await yargs(argv)
      .scriptName('k8sim')
      .usage('$0 <command> [options]\n\nDeterministic discrete-event simulation of a Kubernetes cluster from your own manifests.')
      .command(
        'run <paths..>',
        'Run a scenario (YAML files or folders) and write CSV traces',
        (y) =>
          y
            .positional('paths', { describe: 'Scenario files or folders (*.yaml, *.yml)', type: 'string', array: true, demandOption: true })
            .option('seed', { describe: 'Random seed (overrides Simulation.spec.seed)', type: 'string' })
            // requiresArg: the next word is the value even when it starts with '-' (`--duration -5m` reaches the check below).
            .option('duration', { describe: 'Virtual time to simulate, e.g. 30m (overrides Simulation.spec.duration)', type: 'string', requiresArg: true })
            .option('strict', { describe: 'Exit 2 if anything in the scenario is skipped or ignored (for CI)', type: 'boolean', default: false })
            .option('out', { describe: 'Output folder for the traces (default: out/<scenario name>)', type: 'string' })
            .option('quiet', { alias: 'q', describe: 'Print nothing on success', type: 'boolean', default: false })
            .option('trace-requests', { describe: 'Also write requests.csv: one row per request', type: 'boolean', default: false })
            .option('trace-requests-sample', { describe: 'With requests.csv, keep 1 request in N (by arrival order; implies --trace-requests)', type: 'number' })
            .option('trace-scheduling', { describe: "Also write scheduling.csv: each scheduling attempt with the top nodes' per-plugin scores or the FitError", type: 'boolean', default: false })
            .option('check', { describe: 'After the run, diff --out against this golden folder (as `k8sim diff`): exit 0 identical, 1 different', type: 'string' })
            .option('force', { describe: "Replace the contents of a non-empty --out folder that is not an earlier k8sim run's output", type: 'boolean', default: false })
            .option('allow-policy-path', { describe: 'Run policy modules from outside the scenario\'s folders (a module is code: docs/trust.md)', type: 'boolean', default: false })
            .example('$0 run scenarios/examples/crashloop.yaml --out out/crashloop', 'Run an example')
            .example('$0 run scenarios/examples/zones.yaml --trace-scheduling', "See why each pod went where it went")
            .example('$0 run scenarios/examples/web-rr.yaml --trace-requests-sample 100', 'Trace 1 request in 100')
            .example('$0 run my-manifests/ --duration 30m --seed 7 --out out/x', 'Run a folder of your own YAML')
            .example('$0 run scenarios/examples/crashloop.yaml --out out/crashloop --check test/golden/fixtures/crashloop', 'Run and compare with golden traces')
            .epilogue(
              'Ctrl-C (SIGINT) or SIGTERM stops the run and removes its partial files (an earlier run in --out stays as it was); exit 130 or 143. ' +
                'Exit codes: 0 success, 1 internal error, 2 bad input. Docs: docs/traces.md',
            ),
        async (a) => {
          const duration = durationFlag(a.duration);
          if (duration === null) {
            code = 2;
            return;
          }
          const sample = a['trace-requests-sample'];
          if (sample !== undefined && !(Number.isInteger(sample) && sample >= 1)) {
            process.stderr.write(`k8sim: error: --trace-requests-sample: expected an integer ≥ 1, got "${sample}"\n`);
            code = 2;
            return;
          }
          const { runCommand } = await import('./run');
          code = await runCommand({
            traceRequestsEvery: sample ?? (a['trace-requests'] ? 1 : undefined),
            traceScheduling: a['trace-scheduling'],
            paths: a.paths as string[],
            seed: a.seed,
            duration,
            out: a.out,
            quiet: a.quiet,
            progress: Boolean(process.stderr.isTTY) && !a.quiet,
            check: a.check,
            strict: a.strict,
            force: a.force,
            allowPolicyPath: a['allow-policy-path'],
          });
        },
      )
      .command(
        'diff <a> <b>',
        'Compare the traces of two runs: per file identical, only in one, or the first diverging line; then the summary figures that moved',
        (y) =>
          y
            .positional('a', { describe: 'Output folder of one run (e.g. the golden traces)', type: 'string', demandOption: true })
            .positional('b', { describe: 'Output folder of the other run', type: 'string', demandOption: true })
            .example('$0 diff test/golden/fixtures/crashloop out/crashloop', 'Check a run against golden traces')
            .example('$0 diff out/seed-1 out/seed-2', 'See where two seeds part ways')
            .epilogue('Exit codes: 0 identical, 1 different, 2 bad input. run.json is compared without its k8sim, scenarioHash and counts.eventsProcessed fields. Docs: docs/regression.md'),
        async (a) => {
          const { diffCommand } = await import('./diff');
          code = diffCommand(a.a as string, a.b as string);
        },
      )
      .command(
        'validate <paths..>',
        'Check a scenario without running it',
        (y) =>
          y
            .positional('paths', { describe: 'Scenario files or folders', type: 'string', array: true, demandOption: true })
            .option('strict', { describe: 'Exit 2 if anything in the scenario is skipped or ignored (for CI)', type: 'boolean', default: false })
            .option('load-policies', { describe: 'Also load policy modules and check their parameters (runs their code: docs/trust.md)', type: 'boolean', default: false })
            .option('allow-policy-path', { describe: 'Accept policy modules from outside the scenario\'s folders', type: 'boolean', default: false })
            .example('$0 validate scenarios/examples/', 'Check every example'),
        async (a) => {
          const { validateCommand } = await import('./validate');
          code = validateCommand(a.paths as string[], { strict: a.strict, loadPolicies: a['load-policies'], allowPolicyPath: a['allow-policy-path'] });
        },
      )
      .command(
        'compare <outs..>',
        'Print the summary figures of several runs side by side',
        (y) =>
          y
            .positional('outs', { describe: 'Output folders of finished runs (with summary.csv)', type: 'string', array: true, demandOption: true })
            .option('csv', { describe: 'Print CSV', type: 'boolean' })
            .option('markdown', { describe: 'Print a Markdown table', type: 'boolean' })
            .conflicts('csv', 'markdown')
            .example('$0 compare out/hpa out/target-tracking --markdown', 'Two policies under one load, one table'),
        async (a) => {
          const { compareCommand } = await import('./compare');
          code = compareCommand(a.outs as string[], a.csv ? 'csv' : a.markdown ? 'markdown' : 'table');
        },
      )
      .command('sweep', 'Run a Sweep (a grid of parameters × seeds, or a capacity search) on every core; merge shards', (y) =>
        y
          .command(
            'merge <dirs..>',
            'Combine the output folders of `k8sim sweep --shard i/n` into one sweep.csv and sweep-summary.csv',
            (z) =>
              z
                .positional('dirs', { describe: 'The shards\' --out folders', type: 'string', array: true, demandOption: true })
                .option('out', { describe: 'Folder for the merged sweep.csv and sweep-summary.csv', type: 'string', demandOption: true })
                .option('quiet', { alias: 'q', describe: 'Print nothing on success', type: 'boolean', default: false })
                .option('force', { describe: "Replace the contents of a non-empty --out folder that is not a sweep's output", type: 'boolean', default: false })
                .example('$0 sweep merge out/shard-0 out/shard-1 --out out/replicas', 'Two shards back into one sweep'),
            async (a) => {
              const { mergeCommand } = await import('./sweep');
              code = await mergeCommand(a.dirs as string[], a.out, a.quiet, a.force);
            },
          )
          .command(
            '$0 <file>',
            'Run a Sweep file (kind: Sweep, docs/sweeps.md)',
            (z) =>
              z
                .positional('file', { describe: 'The Sweep YAML file', type: 'string', demandOption: true })
                .option('out', { describe: 'Output folder (default: out/<sweep name>); a rerun resumes, skipping finished runs', type: 'string' })
                .option('workers', { describe: 'Worker threads (default: every core)', type: 'number' })
                .option('summary-only', { describe: "Keep only each run's summary.csv and run.json, no traces", type: 'boolean', default: false })
                .option('shard', { describe: 'Run only the runs whose index mod n is i (0 ≤ i < n), e.g. 0/4', type: 'string' })
                .option('emit-indexed-job', { describe: 'Print a Kubernetes Indexed Job that runs the sweep as --shards shards, and exit', type: 'boolean', default: false })
                .option('shards', { describe: 'With --emit-indexed-job: completions (shards)', type: 'number', default: 4 })
                .option('parallelism', { describe: 'With --emit-indexed-job: pods at once (default: --shards)', type: 'number' })
                .option('image', { describe: 'With --emit-indexed-job: the image built from the repository Dockerfile', type: 'string', default: 'k8sim:latest' })
                .option('claim', { describe: 'With --emit-indexed-job: the PersistentVolumeClaim mounted at /out', type: 'string', default: 'k8sim-sweep-out' })
                .option('quiet', { alias: 'q', describe: 'Print nothing on success', type: 'boolean', default: false })
                .option('force', { describe: "Replace the contents of a non-empty --out folder that is not a sweep's output", type: 'boolean', default: false })
                .example('$0 sweep scenarios/examples/sweeps/replicas.yaml', 'Replicas 3–6 × two arrival patterns × 3 seeds on every core')
                .example('$0 sweep scenarios/examples/sweeps/replicas.yaml --summary-only --workers 2 --out out/r', 'Summaries only, two threads')
                .example('$0 sweep scenarios/examples/sweeps/capacity.yaml', 'Capacity search: the fewest replicas that meet the SLO')
                .example('$0 sweep scenarios/examples/sweeps/replicas.yaml --shard 1/4 --out out/shard-1', 'One quarter of the runs')
                .example('$0 sweep scenarios/examples/sweeps/replicas.yaml --emit-indexed-job --shards 8 > job.yaml', 'Run it on a cluster')
                .epilogue(
                  'Ctrl-C (SIGINT) or SIGTERM stops the sweep at once: the runs in flight are removed, finished runs kept, no sweep.csv written; exit 130 or 143. ' +
                    'Run the same command again to resume: finished runs are skipped. Exit codes: 0 success, 1 internal error, 2 bad input. Docs: docs/sweeps.md',
                ),
            async (a) => {
              const int = (v: number | undefined, flag: string, min: number) => {
                if (v === undefined || (Number.isInteger(v) && v >= min)) return true;
                process.stderr.write(`k8sim: error: --${flag}: expected an integer ≥ ${min}, got "${v}"\n`);
                code = 2;
                return false;
              };
              if (!int(a.workers, 'workers', 1) || !int(a.shards, 'shards', 1) || !int(a.parallelism, 'parallelism', 1)) return;
              let shard: { index: number; count: number } | undefined;
              if (a.shard !== undefined) {
                const m = /^(\d+)\/(\d+)$/.exec(a.shard);
                if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) {
                  process.stderr.write(`k8sim: error: --shard: expected i/n with 0 ≤ i < n, like 0/4, got "${a.shard}"\n`);
                  code = 2;
                  return;
                }
                shard = { index: Number(m[1]), count: Number(m[2]) };
              }
              if (a['emit-indexed-job']) {
                const { emitIndexedJob } = await import('./sweep');
                code = emitIndexedJob(a.file as string, { shards: a.shards, parallelism: a.parallelism ?? a.shards, image: a.image, claim: a.claim, summaryOnly: a['summary-only'] });
                return;
              }
              const { sweepCommand } = await import('./sweep');
              code = await sweepCommand({
                file: a.file as string,
                out: a.out,
                force: a.force,
                workers: a.workers,
                summaryOnly: a['summary-only'],
                shard,
                quiet: a.quiet,
                progress: Boolean(process.stderr.isTTY) && !a.quiet,
              });
            },
          ),
      )
      .command(
        'get <resource> <dir>',
        "Show kubectl's table of pods, nodes, deployments, replicasets, hpa, services or events at a virtual time, from a run's traces",
        (y) =>
          timeTravelOptions(
            y
              .positional('resource', { describe: 'pods, nodes, deployments, replicasets, hpa, services or events (or kubectl short names: po, no, deploy, rs, svc, ev)', type: 'string', demandOption: true })
              .positional('dir', { describe: 'Output folder of a finished run', type: 'string', demandOption: true }),
          )
            .option('all-namespaces', { alias: 'A', describe: 'All namespaces (a NAMESPACE column first)', type: 'boolean', default: false })
            .example('$0 get pods --at 12m out/crashloop', 'The pods 12 minutes into the run')
            .example('$0 get events -A --at 1m30s out/drain', 'Every Event still in the API at 90 s')
            .example('$0 get nodes -o wide out/drain', 'The nodes at the end of the run')
            .epilogue('Columns the traces do not hold print <unknown>. Docs: docs/time-travel.md'),
        async (a) => {
          const { getCommand } = await import('./get');
          code = getCommand(a.resource as string, { dir: a.dir as string, at: a.at, namespace: a.namespace, allNamespaces: a['all-namespaces'], selector: a.selector, output: a.output });
        },
      )
      .command(
        'describe <kind> <name> <dir>',
        "Show kubectl describe for a pod, node, deployment or hpa at a virtual time, from a run's traces",
        (y) =>
          timeTravelOptions(
            y
              .positional('kind', { describe: 'pod, node, deployment or hpa', type: 'string', demandOption: true })
              .positional('name', { describe: 'The object', type: 'string', demandOption: true })
              .positional('dir', { describe: 'Output folder of a finished run', type: 'string', demandOption: true }),
          )
            .example('$0 describe pod web-0 --at 5m out/crashloop', 'Its containers, last state and Events at 5 minutes')
            .example('$0 describe node worker-1 --at 70s out/drain', 'A node being drained')
            .epilogue('Fields the traces do not hold print <unknown>; times are virtual (+12m0s from the start of the run). Docs: docs/time-travel.md'),
        async (a) => {
          const { describeCommand } = await import('./get');
          code = describeCommand(a.kind as string, a.name as string, { dir: a.dir as string, at: a.at, namespace: a.namespace, allNamespaces: false, selector: a.selector, output: a.output });
        },
      )
      .command(
        'report <dir>',
        "Write one self-contained HTML report (SVG charts, no script, no network) of a run's traces or a sweep's sweep-summary.csv",
        (y) =>
          y
            .positional('dir', { describe: 'Output folder of k8sim run or k8sim sweep', type: 'string', demandOption: true })
            .option('out', { describe: 'The HTML file to write (default <dir>/report.html)', type: 'string' })
            .example('$0 report out/hpa-walkthrough', 'Replicas, CPU, latency, errors, pods and nodes of a run: out/hpa-walkthrough/report.html')
            .example('$0 report out/replicas --out replicas.html', "A sweep's figures against the swept parameter, with 95 % intervals")
            .epilogue('Charts only for the traces present; a note names each missing one. Docs: docs/report.md'),
        async (a) => {
          const { reportCommand } = await import('./report');
          code = await reportCommand({ dir: a.dir as string, out: a.out as string | undefined });
        },
      )
      .command('hpa', 'HorizontalPodAutoscaler tools', (y) =>
        y
          .command(
            'explain <snapshots..>',
            'Run one HPA reconcile on each snapshot and explain the decision (one JSON object per line)',
            (z) =>
              z
                .positional('snapshots', { describe: 'HPASnapshot YAML files (docs/hpa-explain.md)', type: 'string', array: true, demandOption: true })
                .example('$0 hpa explain scenarios/examples/hpa-explain/php-apache-scale-up.yaml', 'Explain one decision'),
            async (a) => {
              const { hpaExplain } = await import('./hpaExplain');
              code = await hpaExplain(a.snapshots as string[], process.stdout);
            },
          )
          .demandCommand(1, 'Name an hpa command: explain.'),
      )
      .demandCommand(1, 'Name a command: run, validate, compare, sweep, diff, get, describe or hpa.')
      .strict()
      .recommendCommands()
      .wrap(Math.min(120, process.stdout.columns || 120))
      .version(VERSION)
      .help()
      .alias('h', 'help')
      .epilogue('Exit codes: 0 success, 1 internal error, 2 bad input. Docs: docs/scenario-reference.md, docs/traces.md')
      .fail((msg, err) => {
        if (err) throw err;
        process.stderr.write(`k8sim: error: ${escapeControl(msg)}\nRun 'k8sim --help' for usage.\n`);
        throw new UsageError(msg);
      })
      .parseAsync();
  } catch (e) {
    if (e instanceof UsageError) return 2;
    throw e;
  }
  return code;
}
