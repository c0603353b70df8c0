/**
 * `k8sim report <out-dir>`: one self-contained HTML file (inline SVG, no script, no network) with the charts a planner
 * reads at a glance, from a run's traces or a sweep's sweep-summary.csv. Charts are Vega-Lite specs compiled and
 * rendered to SVG here in Node (vega + vega-lite, ESM-only packages, loaded with a real dynamic import). Traces are
 * streamed (reports/lineReader.ts) and time series are downsampled to at most MAX_POINTS points per series, so a large
 * trace costs flat memory. Output is a pure function of the folder: no timestamps, every list sorted.
 * Docs: docs/report.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../scenarios/errors';
import { parseDuration } from '../engine/time';
import { streamCsv } from '../reports/lineReader';
import { reportFailure } from './failure';
import { outError, showPath } from './outFolder';

/** Points kept per time series (an even stride over the samples, the last one always kept). */
export const MAX_POINTS = 2000;
/** Pods drawn in the pod timeline; the rest are named in a note. */
export const MAX_PODS = 300;

type Row = Record<string, unknown>;
type Spec = Record<string, unknown>;

interface Chart {
  readonly id: string;
  readonly title: string;
  readonly trace: string;
  readonly note?: string;
  readonly spec: Spec;
}

export interface ReportOptions {
  readonly dir: string;
  readonly out?: string;
}

const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<any>;

function num(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** An even stride over `rows` keeping at most `max` of them (first and last included). */
export function downsample<T>(rows: T[], max = MAX_POINTS): T[] {
  if (rows.length <= max) return rows;
  const stride = Math.ceil(rows.length / max);
  const out: T[] = [];
  for (let i = 0; i < rows.length; i += stride) out.push(rows[i]);
  if (out[out.length - 1] !== rows[rows.length - 1]) out.push(rows[rows.length - 1]);
  return out;
}

/** Downsamples each series (`key` value) on its own, keeping series in sorted order. */
function downsampleBy(rows: Row[], key: string, max = MAX_POINTS): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[key]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  return [...groups.keys()].sort().flatMap((k) => downsample(groups.get(k)!, max));
}

const WIDTH = 640;
const HEIGHT = 220;

function lineSpec(values: Row[], y: string, yTitle: string, color: string, extraLayers: Spec[] = []): Spec {
  return {
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'time_s', type: 'quantitative', title: 'time (s)' },
          y: { field: y, type: 'quantitative', title: yTitle },
          color: { field: color, type: 'nominal', title: null, sort: null },
        },
      },
      ...extraLayers,
    ],
  };
}

function ruleLayer(value: number, label: string): Spec {
  return {
    data: { values: [{ v: value, label }] },
    layer: [
      { mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { y: { field: 'v', type: 'quantitative' } } },
      {
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#d62728' },
        encoding: { y: { field: 'v', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
      },
    ],
  };
}

/** The HPA's CPU utilization target and the Simulation's SLO, from the scenario files run.json names (when present). */
function scenarioTargets(dir: string): { cpuTarget?: number; sloMs?: number } {
  const out: { cpuTarget?: number; sloMs?: number } = {};
  const runJson = path.join(dir, 'run.json');
  if (!fs.existsSync(runJson)) return out;
  let files: unknown;
  try {
    files = (JSON.parse(fs.readFileSync(runJson, 'utf8')) as { files?: unknown }).files;
  } catch {
    throw new InputError(runJson, undefined, undefined, 'not valid JSON (expected the run.json k8sim run writes)');
  }
  if (!Array.isArray(files)) return out;
  const yamls: string[] = [];
  for (const f of files) {
    if (typeof f !== 'string') continue;
    const candidates = [f, path.resolve(dir, '..', f), path.resolve(dir, '..', '..', f)];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) continue;
    if (fs.statSync(found).isDirectory()) {
      for (const e of fs.readdirSync(found).sort()) if (/\.ya?ml$/.test(e)) yamls.push(path.join(found, e));
    } else yamls.push(found);
  }
  for (const y of yamls) {
    for (const doc of parseAllDocuments(fs.readFileSync(y, 'utf8'))) {
      const d = doc.toJS() as any;
      if (!d || typeof d !== 'object') continue;
      if (d.kind === 'HorizontalPodAutoscaler' && out.cpuTarget === undefined) {
        for (const m of d.spec?.metrics ?? []) {
          const u = m?.resource?.name === 'cpu' ? m.resource.target?.averageUtilization : undefined;
          if (typeof u === 'number') out.cpuTarget = u;
        }
      }
      if (d.kind === 'Simulation' && d.spec?.slo?.latency !== undefined && out.sloMs === undefined) {
        const us = parseDuration(d.spec.slo.latency);
        if (us !== undefined) out.sloMs = Number(us) / 1000;
      }
    }
  }
  return out;
}

function replicasChart(dir: string, notes: string[]): Chart | undefined {
  const wl = path.join(dir, 'workloads.csv');
  const hpa = path.join(dir, 'hpa.csv');
  const svc = path.join(dir, 'services.csv');
  if (!fs.existsSync(wl) && !fs.existsSync(hpa)) return undefined;
  const rows: Row[] = [];
  if (fs.existsSync(wl)) {
    streamCsv(wl, (r) => {
      if (r.kind === 'ReplicaSet' || r.kind === 'Job') return;
      const name = `${r.kind}/${r.name}`;
      rows.push({ time_s: num(r.time_s), replicas: num(r.desired), series: `${name} desired` });
      rows.push({ time_s: num(r.time_s), replicas: num(r.ready), series: `${name} ready` });
    });
  }
  if (fs.existsSync(hpa)) {
    streamCsv(hpa, (r) => {
      const d = num(r.demand_replicas);
      if (d !== undefined) rows.push({ time_s: num(r.time_s), replicas: d, series: `hpa/${r.hpa} demand (load ÷ target)` });
    });
  }
  const layers: Spec[] = [];
  const load: Row[] = [];
  if (fs.existsSync(svc)) {
    const last = new Map<string, number>();
    streamCsv(svc, (r) => {
      const t = num(r.time_s) ?? 0;
      const key = `${r.namespace}/${r.service}`;
      const prev = last.get(key);
      last.set(key, t);
      if (prev === undefined || t <= prev) return;
      load.push({ time_s: t, rps: (num(r.arrivals) ?? 0) / (t - prev), series: `${key} load` });
    });
  }
  if (load.length > 0) {
    layers.push({
      data: { values: downsampleBy(load, 'series') },
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.15, color: '#888' },
      encoding: {
        x: { field: 'time_s', type: 'quantitative' },
        y: { field: 'rps', type: 'quantitative', title: 'load (requests/s, grey)', stack: null, axis: { orient: 'right' } },
      },
    });
  } else if (!fs.existsSync(svc)) notes.push('services.csv: not present — the replicas chart has no load curve.');
  if (rows.length === 0) {
    notes.push('workloads.csv: no Deployment, StatefulSet or ReplicationController and no HPA — no replicas chart.');
    return undefined;
  }
  const spec: Spec = {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: downsampleBy(rows, 'series') },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'time_s', type: 'quantitative', title: 'time (s)' },
          y: { field: 'replicas', type: 'quantitative', title: 'replicas' },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
      ...layers,
    ],
    resolve: { scale: { y: 'independent' } },
  };
  return { id: 'replicas', title: 'Replicas and desired replicas against load', trace: load.length ? 'workloads.csv, hpa.csv, services.csv' : 'workloads.csv, hpa.csv', spec };
}

function cpuChart(dir: string, cpuTarget: number | undefined, notes: string[]): Chart | undefined {
  const f = path.join(dir, 'pod_metrics.csv');
  if (!fs.existsSync(f)) return undefined;
  const byTime = new Map<number, { sum: number; n: number; max: number }>();
  streamCsv(f, (r) => {
    const u = num(r.cpu_utilization_pct);
    const t = num(r.time_s);
    if (u === undefined || t === undefined) return;
    const a = byTime.get(t) ?? { sum: 0, n: 0, max: -Infinity };
    a.sum += u;
    a.n++;
    a.max = Math.max(a.max, u);
    byTime.set(t, a);
  });
  if (byTime.size === 0) {
    notes.push('pod_metrics.csv: no pod has a CPU request (no cpu_utilization_pct) — no CPU chart.');
    return undefined;
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const rows: Row[] = [];
  for (const t of downsample(times)) {
    const a = byTime.get(t)!;
    rows.push({ time_s: t, pct: Math.round((a.sum / a.n) * 100) / 100, series: 'mean over pods' });
    rows.push({ time_s: t, pct: a.max, series: 'busiest pod' });
  }
  const extra = cpuTarget !== undefined ? [ruleLayer(cpuTarget, `HPA target ${cpuTarget} %`)] : [];
  return {
    id: 'cpu',
    title: 'CPU utilization against the HPA target',
    trace: 'pod_metrics.csv',
    note: cpuTarget === undefined ? 'No HPA CPU utilization target found in the scenario files run.json names: no target line.' : undefined,
    spec: lineSpec(rows, 'pct', 'CPU utilization (% of request)', 'series', extra),
  };
}

function serviceCharts(dir: string, sloMs: number | undefined): Chart[] {
  const f = path.join(dir, 'services.csv');
  if (!fs.existsSync(f)) return [];
  const lat: Row[] = [];
  const err: Row[] = [];
  const services = new Set<string>();
  streamCsv(f, (r) => {
    const t = num(r.time_s);
    const key = `${r.namespace}/${r.service}`;
    services.add(key);
    for (const p of ['p50', 'p95', 'p99', 'max']) {
      const v = num(r[`latency_${p}_ms`]);
      if (v !== undefined) lat.push({ time_s: t, ms: v, series: `${key} ${p}` });
    }
    for (const o of ['timeout', 'rejected', 'no_endpoints', 'failed']) {
      const v = num(r[o]) ?? 0;
      if (v > 0) err.push({ time_s: t, count: v, outcome: o, service: key });
    }
  });
  const charts: Chart[] = [];
  const extra = sloMs !== undefined ? [ruleLayer(sloMs, `SLO ${sloMs} ms`)] : [];
  const latValues = downsampleBy(lat, 'series');
  if (latValues.length === 0) latValues.push({ time_s: 0, ms: 0, series: 'no request completed' });
  charts.push({
    id: 'latency',
    title: 'Latency percentiles against the SLO',
    trace: 'services.csv',
    note: sloMs === undefined ? 'No Simulation spec.slo.latency found in the scenario files run.json names: no SLO line.' : undefined,
    spec: { ...lineSpec(latValues, 'ms', 'latency (ms)', 'series', extra), },
  });
  // Errors: total per outcome (bar) and per interval (stacked), so a run without errors still shows a chart.
  const totals = new Map<string, number>();
  for (const o of ['timeout', 'rejected', 'no_endpoints', 'failed']) totals.set(o, 0);
  for (const e of err) totals.set(e.outcome as string, totals.get(e.outcome as string)! + (e.count as number));
  charts.push({
    id: 'errors',
    title: 'Errors by outcome',
    trace: 'services.csv',
    spec: {
      hconcat: [
        {
          width: 160,
          height: HEIGHT,
          data: { values: [...totals].map(([outcome, count]) => ({ outcome, count })) },
          mark: 'bar',
          encoding: {
            x: { field: 'outcome', type: 'nominal', sort: null, title: null },
            y: { field: 'count', type: 'quantitative', title: 'requests (whole run)' },
            color: { field: 'outcome', type: 'nominal', sort: null },
          },
        },
        {
          width: WIDTH - 220,
          height: HEIGHT,
          data: { values: err.length ? downsample(err, MAX_POINTS * 2) : [{ time_s: 0, count: 0, outcome: 'timeout' }] },
          mark: { type: 'bar', width: 3 },
          encoding: {
            x: { field: 'time_s', type: 'quantitative', title: 'time (s)' },
            y: { field: 'count', type: 'quantitative', title: 'requests per interval', aggregate: 'sum' },
            color: { field: 'outcome', type: 'nominal', sort: ['timeout', 'rejected', 'no_endpoints', 'failed'] },
          },
        },
      ],
    },
  });
  return charts;
}

function podTimeline(dir: string, notes: string[], runEnd: number | undefined): Chart | undefined {
  const f = path.join(dir, 'pods.csv');
  if (!fs.existsSync(f)) return undefined;
  interface PodState { start: number; state: string; restarts: number }
  const order: string[] = [];
  const seen = new Set<string>();
  const shownSet = new Set<string>();
  const open = new Map<string, PodState>();
  const segs: Row[] = [];
  const restarts: Row[] = [];
  let end = runEnd ?? 0;
  const cRestarts = new Map<string, number>();
  streamCsv(f, (r) => {
    const t = num(r.time_s) ?? 0;
    end = Math.max(end, t);
    const pod = `${r.namespace}/${r.pod}`;
    if (!seen.has(pod)) {
      seen.add(pod);
      order.push(pod);
      if (shownSet.size < MAX_PODS) shownSet.add(pod);
    }
    if (!shownSet.has(pod)) return;
    let s = open.get(pod);
    if (r.container) {
      const key = `${pod}/${r.container}`;
      const n = num(r.restarts) ?? 0;
      if (n > (cRestarts.get(key) ?? 0)) restarts.push({ pod, time_s: t, restarts: n });
      cRestarts.set(key, n);
    }
    const state =
      r.status === 'Terminating' ? 'Terminating' : r.phase === 'Running' ? (r.ready === 'true' ? 'Running, ready' : 'Running, not ready') : String(r.phase || 'Pending');
    if (r.status === 'Deleted') {
      // The pod left the API: close its last segment, draw nothing after.
      if (s && t > s.start) segs.push({ pod, start: s.start, end: t, state: s.state });
      open.delete(pod);
      return;
    }
    if (s && s.state === state) return;
    if (s && t > s.start) segs.push({ pod, start: s.start, end: t, state: s.state });
    s = { start: t, state, restarts: 0 };
    open.set(pod, s);
  });
  for (const pod of [...open.keys()]) {
    const s = open.get(pod)!;
    if (s.state !== 'Succeeded' && s.state !== 'Failed') segs.push({ pod, start: s.start, end: Math.max(end, s.start), state: s.state });
  }
  if (order.length > MAX_PODS) notes.push(`pods.csv: the pod timeline shows the first ${MAX_PODS} of ${order.length} pods (by first appearance); ${order.length - MAX_PODS} are left out.`);
  const shown = order.slice(0, MAX_PODS);
  const states = ['Pending', 'Running, not ready', 'Running, ready', 'Terminating', 'Succeeded', 'Failed', 'Unknown'];
  return {
    id: 'pods',
    title: 'Pod timeline (phase, readiness, restarts)',
    trace: 'pods.csv',
    note: order.length > MAX_PODS ? `${order.length - MAX_PODS} more pods left out.` : undefined,
    spec: {
      width: WIDTH,
      height: Math.max(60, Math.min(12 * shown.length, 3600)),
      layer: [
        {
          data: { values: segs },
          mark: { type: 'bar', height: { band: 0.8 } },
          encoding: {
            y: { field: 'pod', type: 'nominal', sort: shown, title: null, axis: shown.length > 60 ? { labels: false } : {} },
            x: { field: 'start', type: 'quantitative', title: 'time (s)' },
            x2: { field: 'end' },
            color: { field: 'state', type: 'nominal', scale: { domain: states, range: ['#f2b447', '#9ecae1', '#2ca02c', '#c5b0d5', '#7f7f7f', '#d62728', '#000000'] }, title: null },
          },
        },
        {
          data: { values: restarts.length ? restarts : [{ pod: shown[0] ?? '', time_s: 0, restarts: 0 }] },
          transform: [{ filter: 'datum.restarts > 0' }],
          mark: { type: 'point', shape: 'triangle-down', color: '#d62728', filled: true, size: 50 },
          encoding: { y: { field: 'pod', type: 'nominal', sort: shown }, x: { field: 'time_s', type: 'quantitative' } },
        },
      ],
    },
  };
}

function nodeCharts(dir: string): Chart[] {
  const f = path.join(dir, 'nodes.csv');
  if (!fs.existsSync(f)) return [];
  const alive = new Map<string, number>(); // node → price per hour (0 when unpriced)
  let priced = false;
  const counts: Row[] = [];
  const cost: Row[] = [];
  let lastT = 0;
  let spent = 0;
  const sample = (t: number) => {
    spent += ([...alive.values()].reduce((a, b) => a + b, 0) * (t - lastT)) / 3600;
    lastT = t;
  };
  let pendingT: number | undefined;
  const flush = () => {
    if (pendingT === undefined) return;
    counts.push({ time_s: pendingT, nodes: alive.size, series: 'nodes alive' });
    if (priced) cost.push({ time_s: pendingT, usd: Math.round(spent * 1e6) / 1e6, series: 'cost so far (US $)' });
  };
  streamCsv(f, (r) => {
    const t = num(r.time_s) ?? 0;
    if (pendingT !== undefined && t !== pendingT) flush();
    sample(t);
    pendingT = t;
    const price = num(r.price_per_hour);
    if (price !== undefined) priced = true;
    if (String(r.reason).startsWith('removed')) alive.delete(r.node);
    else alive.set(r.node, price ?? alive.get(r.node) ?? 0);
  });
  flush();
  const charts: Chart[] = [
    { id: 'nodes', title: 'Node count', trace: 'nodes.csv', spec: lineSpec(downsample(counts), 'nodes', 'nodes', 'series') },
  ];
  if (priced) charts.push({ id: 'cost', title: 'Cost (price_per_hour integrated over the nodes alive)', trace: 'nodes.csv', spec: lineSpec(downsample(cost), 'usd', 'US $', 'series') });
  return charts;
}

function sweepCharts(dir: string, notes: string[]): Chart[] {
  const f = path.join(dir, 'sweep-summary.csv');
  let params: string[] = [];
  const byFigure = new Map<string, Row[]>();
  let header: string[] | undefined;
  streamCsv(f, (r, line) => {
    if (!header) {
      header = Object.keys(r);
      const pi = header.indexOf('point');
      const fi = header.indexOf('figure');
      if (pi !== 0 || fi < 0) throw new InputError(f, 1, undefined, 'expected the header point, <parameters…>, figure, runs, mean, sd, ci95_low, ci95_high');
      params = header.slice(1, fi);
    }
    if (r.figure.includes(':') || r.figure.includes('/')) return; // run-scope figures only
    const mean = num(r.mean);
    if (r.mean !== '' && mean === undefined) throw new InputError(f, line, 'mean', `expected a number, got "${r.mean}"`);
    if (mean === undefined) return;
    const row: Row = { mean, lo: num(r.ci95_low) ?? mean, hi: num(r.ci95_high) ?? mean };
    params.forEach((p, i) => (row[`p${i}`] = r[p]));
    let g = byFigure.get(r.figure);
    if (!g) byFigure.set(r.figure, (g = []));
    g.push(row);
  });
  if (params.length === 0) {
    notes.push('sweep-summary.csv: no swept parameter — nothing to plot against.');
    return [];
  }
  const x = params[0];
  const numericX = [...byFigure.values()].every((rows) => rows.every((r) => num(String(r.p0)) !== undefined));
  const constant: string[] = [];
  const charts: Chart[] = [];
  for (const [figure, rows] of byFigure) {
    const means = rows.map((r) => r.mean as number);
    if (Math.min(...means) === Math.max(...means) && rows.every((r) => r.lo === r.hi)) {
      constant.push(`${figure} = ${means[0]}`);
      continue;
    }
    const values = rows.map((r) => ({
      ...r,
      x: numericX ? Number(r.p0) : r.p0,
      group: params.length > 1 ? params.slice(1).map((p, i) => `${p}=${r[`p${i + 1}`]}`).join(', ') : figure,
    }));
    const xEnc = { field: 'x', type: numericX ? 'quantitative' : 'ordinal', title: x, ...(numericX ? { scale: { zero: false } } : {}) };
    charts.push({
      id: `sweep-${figure}`,
      title: `${figure} against ${x} (mean and 95 % interval over the seeds)`,
      trace: 'sweep-summary.csv',
      spec: {
        width: WIDTH - 200,
        height: HEIGHT,
        data: { values },
        layer: [
          { mark: { type: 'errorband', opacity: 0.25 }, encoding: { x: xEnc, y: { field: 'lo', type: 'quantitative', title: figure }, y2: { field: 'hi' }, color: { field: 'group', type: 'nominal', title: null } } },
          { mark: { type: 'line', point: true }, encoding: { x: xEnc, y: { field: 'mean', type: 'quantitative' }, color: { field: 'group', type: 'nominal', title: null } } },
        ],
      },
    });
  }
  if (constant.length) notes.push(`sweep-summary.csv: the same at every point (no chart): ${constant.join(', ')}.`);
  return charts;
}

const RUN_TRACES = ['workloads.csv', 'hpa.csv', 'pod_metrics.csv', 'services.csv', 'pods.csv', 'nodes.csv'];

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function buildReport(dir: string): Promise<string> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError(dir, undefined, undefined, 'not a folder (expected the output folder of k8sim run or k8sim sweep)');
  const isSweep = fs.existsSync(path.join(dir, 'sweep-summary.csv'));
  const isRun = ['run.json', 'summary.csv', ...RUN_TRACES].some((t) => fs.existsSync(path.join(dir, t)));
  if (!isSweep && !isRun) {
    throw new InputError(dir, undefined, undefined, 'not a k8sim output folder (expected run.json, summary.csv, a trace such as pods.csv, or sweep-summary.csv)');
  }
  const notes: string[] = [];
  const charts: Chart[] = [];
  let title: string;
  if (isSweep) {
    title = `Sweep report: ${path.basename(path.resolve(dir))}`;
    charts.push(...sweepCharts(dir, notes));
  } else {
    const { cpuTarget, sloMs } = scenarioTargets(dir);
    let name = path.basename(path.resolve(dir));
    let runEnd: number | undefined;
    if (fs.existsSync(path.join(dir, 'run.json'))) {
      const j = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { scenario?: string; seed?: string; virtualDurationSeconds?: number };
      if (j.scenario) name = `${j.scenario} (seed ${j.seed ?? '?'})`;
      if (typeof j.virtualDurationSeconds === 'number') runEnd = j.virtualDurationSeconds;
    }
    title = `Run report: ${name}`;
    for (const t of RUN_TRACES) if (!fs.existsSync(path.join(dir, t))) notes.push(`${t}: not present — its charts are left out.`);
    const r = replicasChart(dir, notes);
    if (r) charts.push(r);
    const c = cpuChart(dir, cpuTarget, notes);
    if (c) charts.push(c);
    charts.push(...serviceCharts(dir, sloMs));
    const p = podTimeline(dir, notes, runEnd);
    if (p) charts.push(p);
    charts.push(...nodeCharts(dir));
    if (fs.existsSync(path.join(dir, 'nodes.csv')) && !charts.some((ch) => ch.id === 'cost')) notes.push('nodes.csv: no node has a price_per_hour — no cost chart.');
  }
  const vega = await dynamicImport('vega');
  const vl = await dynamicImport('vega-lite');
  const parts: string[] = [];
  for (const ch of charts) {
    const spec = { $schema: undefined, config: { font: 'sans-serif', legend: { labelLimit: 400, orient: 'bottom', columns: 2 } }, ...ch.spec };
    delete (spec as Spec).$schema;
    const compiled = vl.compile(spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg: string = await view.toSVG();
    view.finalize();
    parts.push(
      `<figure class="chart" id="${escapeHtml(ch.id)}" data-trace="${escapeHtml(ch.trace)}">\n<h2>${escapeHtml(ch.title)}</h2>\n` +
        `<p class="source">from ${escapeHtml(ch.trace)}</p>\n${svg}\n` +
        (ch.note ? `<p class="note">${escapeHtml(ch.note)}</p>\n` : '') +
        `</figure>`,
    );
  }
  const noteHtml = notes.length ? `<ul class="notes">\n${notes.map((n) => `<li class="missing">${escapeHtml(n)}</li>`).join('\n')}\n</ul>` : '';
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n` +
    `<style>body{font-family:sans-serif;margin:2em;color:#222}figure{margin:0 0 2em 0}h2{font-size:1.1em;margin:0}` +
    `.source,.note{color:#666;font-size:.85em;margin:.2em 0}.notes{color:#8a5a00}</style>\n</head>\n<body>\n` +
    `<h1>${escapeHtml(title)}</h1>\n${noteHtml}\n${parts.join('\n')}\n</body>\n</html>\n`
  );
}

export async function reportCommand(opts: ReportOptions): Promise<number> {
  try {
    const html = await buildReport(opts.dir);
    const out = opts.out ?? path.join(opts.dir, 'report.html');
    const flag = opts.out !== undefined ? '--out' : 'report';
    if (out === '') throw new InputError('--out', undefined, undefined, 'an empty path: name the HTML file to write, e.g. --out report.html');
    if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new InputError(`${flag} ${showPath(out)}`, undefined, undefined, 'is a folder: name the HTML file to write, e.g. --out report.html');
    // Written under a temporary name and renamed: a failed write leaves no report.html that looks complete.
    const tmp = `${out}.tmp`;
    try {
      fs.writeFileSync(tmp, html);
      fs.renameSync(tmp, out);
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* the cause below matters, not this */
      }
      throw outError(flag, out, e, 'name a file you can write, with --out');
    }
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
