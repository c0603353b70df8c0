/**
 * Runs one generated scenario file like `k8sim run` does (loader, full model, CSV traces to a temporary folder)
 * and measures wall time and peak RSS. Shared by the lifecycle and traffic benchmarks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../scenarios/load';
import { Simulation } from '../models/simulation';
import { TraceWriter } from '../reports/traceWriter';
import { micros } from '../engine/time';

export interface FileRun {
  readonly wallSeconds: number;
  /** CPU time of this process (user + system) over the run, s: the figure to compare on a shared machine. */
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly sim: Simulation;
  readonly traceRows: Record<string, number>;
}

export function runYaml(name: string, yaml: string): FileRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-bench-'));
  try {
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(file, yaml);
    let peak = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const scenario = loadScenario([file], {});
    const writer = new TraceWriter(path.join(dir, 'out'));
    const sim = new Simulation(scenario, writer);
    const slices = 60;
    for (let i = 1; i <= slices; i++) {
      sim.runUntil(micros(Math.floor((scenario.duration * i) / slices))); // i/slices of the run, whole µs
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    writer.commit();
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssBytes: peak, sim, traceRows: writer.rowCounts() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
