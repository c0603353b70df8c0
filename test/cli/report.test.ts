/**
 * k8sim report on the repository's examples: a run (hpa-walkthrough: workloads, hpa, pod_metrics, services, pods,
 * nodes traces), a sweep (sweeps/replicas.yaml, --summary-only), a run folder with traces removed (one note per missing
 * trace), nodes with prices (a cost chart), bad input (exit 2, no file), determinism (byte-identical HTML).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, tempDir } from '../support/cli';

const chartIds = (html: string) => [...html.matchAll(/<figure class="chart" id="([^"]+)"/g)].map((m) => m[1]);
const notes = (html: string) => [...html.matchAll(/<li class="missing">([^<]+)<\/li>/g)].map((m) => m[1]);

describe('k8sim report', () => {
  const tmp = tempDir('k8sim-report-');
  const run = path.join(tmp, 'hpa');
  const sweep = path.join(tmp, 'sweep');

  beforeAll(() => {
    expect(k8sim(['run', 'scenarios/examples/hpa-walkthrough.yaml', '--out', run, '-q']).code).toBe(0);
    expect(k8sim(['sweep', 'scenarios/examples/sweeps/replicas.yaml', '--summary-only', '--out', sweep, '-q', '--workers', '1']).code).toBe(0);
  });

  it('charts every trace of a run, self-contained (no script, no link), with the HPA target and the SLO', () => {
    const r = k8sim(['report', run]);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(path.join(run, 'report.html'), 'utf8');
    // The six traces the run writes that the report reads → six charts (nodes without prices: no cost chart).
    expect(chartIds(html)).toEqual(['replicas', 'cpu', 'latency', 'errors', 'pods', 'nodes']);
    expect(html.match(/<svg /g)).toHaveLength(6);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    // hpa-walkthrough.yaml: averageUtilization: 50 and slo.latency: 200ms.
    expect(html).toContain('HPA target 50 %');
    expect(html).toContain('SLO 200 ms');
    expect(notes(html)).toEqual(['nodes.csv: no node has a price_per_hour — no cost chart.']);
  });

  it('is byte-identical on the same folder', () => {
    const a = path.join(tmp, 'a.html');
    const b = path.join(tmp, 'b.html');
    expect(k8sim(['report', run, '--out', a]).code).toBe(0);
    expect(k8sim(['report', run, '--out', b]).code).toBe(0);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
  });

  it('leaves out the charts of missing traces with one note each', () => {
    const part = path.join(tmp, 'part');
    fs.mkdirSync(part);
    for (const f of ['run.json', 'pods.csv', 'workloads.csv']) fs.copyFileSync(path.join(run, f), path.join(part, f));
    expect(k8sim(['report', part]).code).toBe(0);
    const html = fs.readFileSync(path.join(part, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['replicas', 'pods']);
    expect(notes(html)).toEqual([
      'hpa.csv: not present — its charts are left out.',
      'pod_metrics.csv: not present — its charts are left out.',
      'services.csv: not present — its charts are left out.',
      'nodes.csv: not present — its charts are left out.',
      'services.csv: not present — the replicas chart has no load curve.',
    ]);
  });

  it('draws a cost chart once nodes have prices', () => {
    const priced = path.join(tmp, 'priced');
    fs.mkdirSync(priced);
    // Two nodes at $0.50/h and $1.00/h from t = 0; the second removed at 1800 s; a row at 3600 s ends the trace.
    // Cost at 3600 s: 0.5 × 1 h + 1.0 × 0.5 h = $1.00 (hand-computed).
    const h = 'time_s,node,ready,schedulable,cpu_requested_m,cpu_allocatable_m,memory_requested_bytes,memory_allocatable_bytes,pods,pods_allocatable,instance_type,zone,capacity_type,price_per_hour,owner,reason';
    fs.writeFileSync(path.join(priced, 'nodes.csv'), [h,
      '0.000000,a,True,true,0,2000,0,1,0,110,m5.large,z1,on-demand,0.5,NodeGroup/g,added',
      '0.000000,b,True,true,0,2000,0,1,0,110,m5.xlarge,z1,on-demand,1,NodeGroup/g,added',
      '1800.000000,b,False,true,0,2000,0,1,0,110,m5.xlarge,z1,on-demand,1,NodeGroup/g,removed: scale-down',
      '3600.000000,a,True,true,0,2000,0,1,0,110,m5.large,z1,on-demand,0.5,NodeGroup/g,ready', ''].join('\n'));
    expect(k8sim(['report', priced]).code).toBe(0);
    const html = fs.readFileSync(path.join(priced, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['nodes', 'cost']);
    // The cost line: x 0…4000 s over 640 px (1800 s → 288, 3600 s → 576); y $0…$1 over 220 px: $0.75 at 1800 s
    // (0.5 × 0.5 h + 1.0 × 0.5 h) → 220 − 0.75 × 220 = 55; $1.00 at 3600 s → 0.
    expect(html).toContain("Y-axis titled 'US $' for a linear scale with values from 0.0 to 1.0");
    expect(html).toContain('d="M0,220L288,220L288,55L576,55L576,0"');
  });

  it('draws node count and cost on the Cluster Autoscaler example (priced node groups), with no note', () => {
    const ca = path.join(tmp, 'ca');
    expect(k8sim(['run', 'scenarios/examples/cluster-autoscaler.yaml', '--out', ca, '-q']).code).toBe(0);
    expect(k8sim(['report', ca]).code).toBe(0);
    const html = fs.readFileSync(path.join(ca, 'report.html'), 'utf8');
    expect(chartIds(html)).toEqual(['replicas', 'cpu', 'latency', 'errors', 'pods', 'nodes', 'cost']);
    expect(notes(html)).toEqual([]);
  });

  it('plots each varying sweep figure against the swept parameter with its 95 % band', () => {
    expect(k8sim(['report', sweep]).code).toBe(0);
    const html = fs.readFileSync(path.join(sweep, 'report.html'), 'utf8');
    const ids = chartIds(html);
    // replicas 3…6 change replica_seconds at every point; Poisson arrivals spread the request figures.
    expect(ids).toContain('sweep-replica_seconds');
    expect(ids).toContain('sweep-dropped_requests');
    expect(ids.every((id) => id.startsWith('sweep-'))).toBe(true);
    expect(html).toContain('Deployment/api:spec.replicas');
    expect(html).toContain('Traffic/load:spec.arrivals=poisson');
    expect(notes(html)[0]).toMatch(/^sweep-summary.csv: the same at every point \(no chart\): .*preemptions = 0/);
  });

  it('refuses a folder that is not a k8sim output with exit 2 and writes nothing', () => {
    const empty = tempDir('k8sim-report-empty-');
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'x');
    const r = k8sim(['report', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`k8sim: error: ${empty}: not a k8sim output folder (expected run.json, summary.csv, a trace such as pods.csv, or sweep-summary.csv)\n`);
    expect(fs.readdirSync(empty)).toEqual(['notes.txt']);
    expect(k8sim(['report', path.join(empty, 'nope')]).code).toBe(2);
  });

  it('documents itself in --help with examples', () => {
    const r = k8sim(['report', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('k8sim report out/hpa-walkthrough');
  });
});
