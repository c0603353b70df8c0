/**
 * Invariants under random scenarios (issue #14): 1,000 seeded random scenarios (test/properties/scenarioGen.ts: node
 * pools, Deployments with probes, Behaviors with crashes, Services with Traffic, HPAs, timeline actions scale /
 * nodeDown / nodeUp / cordon / drain / delete / killContainer), each loaded through the same loader as a user's YAML
 * and run to its end, then checked on its trace rows (test/properties/invariants.ts): no pod on two nodes, node
 * requests within allocatable, HPA desired replicas within [min, max], legal phase sequences, time never backwards,
 * every request counted once in one outcome; and one run in five is run a second time in the same process, its CSV
 * files compared byte for byte.
 *
 * On failure the message names the broken invariant and prints the scenario's YAML; fast-check prints `seed` and
 * `path`. Replay just that case: K8SIM_PROPERTY_SEED=<seed> K8SIM_PROPERTY_PATH=<path> npx jest test/properties/scenarios
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { resolveScenario } from '../../scenarios/load';
import type { ResolvedScenario } from '../../scenarios/types';
import { MemoryRecorder } from '../../models/recorder';
import { Simulation } from '../../models/simulation';
import type { ServiceTotals } from '../../models/service';
import { TraceWriter } from '../../reports/traceWriter';
import { scenarioArb, scenarioYaml, type GenScenario } from './scenarioGen';
import { hpaWithinBounds, legalPhases, onePodOneNode, requestsCountedOnce, requestsWithinAllocatable, timeNeverBackwards } from './invariants';
import { propertyParams } from './params';

const CASES = Number(process.env.K8SIM_PROPERTY_CASES ?? 1000);

function csvText(s: ResolvedScenario, dir: string): string {
  const w = new TraceWriter(dir, { requests: true, hpaMetrics: s.autoscalers.length > 0 ? 1 : 0, kubectl: true });
  new Simulation(s, w, { traceRequestsEvery: 1 }).runUntil(s.duration);
  w.commit();
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => `== ${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}`)
    .join('');
}

function check(g: GenScenario, index: number, tmp: string): string | undefined {
  const yaml = scenarioYaml(g);
  const s = resolveScenario([{ file: 'prop.yaml', text: yaml }]);
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec, { traceRequestsEvery: 1 });
  sim.runUntil(s.duration);
  const totals = new Map<string, ServiceTotals>(sim.services.list.map((svc) => [svc.key, svc.stats.totals]));
  const bounds = new Map<string, { min: number; max: number }>();
  g.deployments.forEach((d, i) => {
    if (d.hpa !== null) bounds.set(`app${i}`, { min: d.hpa.min, max: d.hpa.max });
  });
  const broken =
    onePodOneNode(rec) ??
    requestsWithinAllocatable(rec) ??
    hpaWithinBounds(rec, bounds) ??
    legalPhases(rec) ??
    timeNeverBackwards(rec) ??
    requestsCountedOnce(rec, totals);
  if (broken !== undefined) return broken;
  if (index % 5 === 0) {
    const a = csvText(s, path.join(tmp, `${index}-a`));
    const b = csvText(resolveScenario([{ file: 'prop.yaml', text: yaml }]), path.join(tmp, `${index}-b`));
    fs.rmSync(path.join(tmp, `${index}-a`), { recursive: true, force: true });
    fs.rmSync(path.join(tmp, `${index}-b`), { recursive: true, force: true });
    if (a !== b) return 'the same seed gave different CSV bytes in two runs';
  }
  return undefined;
}

test(`${CASES} random scenarios keep every invariant (replay a failure with K8SIM_PROPERTY_SEED / K8SIM_PROPERTY_PATH)`, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-props-'));
  let index = 0;
  let ran = 0;
  try {
    fc.assert(
      fc.property(scenarioArb, (g) => {
        const broken = check(g, index++, tmp);
        ran++;
        if (broken !== undefined) throw new Error(`invariant broken: ${broken}\n--- scenario (prop.yaml) ---\n${scenarioYaml(g)}`);
      }),
      propertyParams(CASES),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  expect(ran).toBeGreaterThanOrEqual(CASES);
});
