/**
 * Fluid mode against request mode on the same (scaled-down) system scenario: the figures issue #13 compares — mean
 * CPU utilization per Service, the HPA replica timeline, mean latency — from one run of each, in memory (no traces
 * written). Used by test/models/traffic/fluid/validation.test.ts and by `node dist/bench/index.js fluid-compare`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../scenarios/load';
import { Simulation } from '../models/simulation';
import { MemoryRecorder } from '../models/recorder';
import { systemYaml, type SystemOptions } from './systemDay';

export interface ModeFigures {
  /** Per Service: mean over samples of the mean CPU utilization (% of request) of its pods. */
  readonly utilizationPct: Record<string, number>;
  /** Per Service: the HPA's current replicas at each sync (time-ordered). */
  readonly replicas: Record<string, number[]>;
  /** Per Service: mean latency of successes, seconds. */
  readonly meanLatency: Record<string, number>;
  readonly success: Record<string, number>;
  readonly wallSeconds: number;
}

export function runMode(o: SystemOptions): ModeFigures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-fluid-'));
  try {
    const file = path.join(dir, 'system.yaml');
    fs.writeFileSync(file, systemYaml(o));
    const t0 = process.hrtime.bigint();
    const scenario = loadScenario([file], {});
    const rec = new MemoryRecorder();
    const sim = new Simulation(scenario, rec);
    sim.runUntil(scenario.duration);
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const util: Record<string, { sum: number; n: number }> = {};
    const perSample = new Map<string, { sum: number; n: number }>();
    for (const r of rec.podMetricRows) {
      if (r.cpuUtilizationPct === undefined || r.time === 0) continue;
      const svc = r.pod.replace(/-[^-]+-[^-]+$/, '');
      const k = `${svc}@${r.time}`;
      const s = perSample.get(k) ?? { sum: 0, n: 0 };
      s.sum += r.cpuUtilizationPct;
      s.n++;
      perSample.set(k, s);
    }
    for (const [k, s] of perSample) {
      const svc = k.slice(0, k.indexOf('@'));
      const u = (util[svc] ??= { sum: 0, n: 0 });
      u.sum += s.sum / s.n;
      u.n++;
    }
    const replicas: Record<string, number[]> = {};
    for (const h of rec.hpas) (replicas[h.hpa] ??= []).push(h.currentReplicas);
    const meanLatency: Record<string, number> = {};
    const success: Record<string, number> = {};
    for (const svc of sim.services.list) {
      meanLatency[svc.spec.name] = svc.stats.latencySum / svc.stats.totals.success / 1e6;
      success[svc.spec.name] = svc.stats.totals.success;
    }
    const utilizationPct: Record<string, number> = {};
    for (const [svc, u] of Object.entries(util)) utilizationPct[svc] = u.sum / u.n;
    return { utilizationPct, replicas, meanLatency, success, wallSeconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Mean |a − b| over the common length of two replica timelines. */
export function meanReplicaGap(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(a[i] - b[i]);
  return n === 0 ? 0 : s / n;
}

export function compareModes(o: SystemOptions): { requests: ModeFigures; fluid: ModeFigures } {
  return { requests: runMode({ ...o, mode: 'requests' }), fluid: runMode({ ...o, mode: 'fluid' }) };
}
