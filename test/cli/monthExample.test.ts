/**
 * scenarios/examples/month.yaml (the system scenario in fluid mode, docs/fluid.md) through the real CLI, cut to its
 * first hour with --duration: the request counts follow the profile's integral, round-robin with fixed 20 ms work
 * gives no queueing, and fluid mode writes no requests.csv rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

describe('month.yaml (fluid mode), first hour', () => {
  const dir = tempDir();
  const r = k8sim(['run', 'scenarios/examples/month.yaml', '--duration', '1h', '--out', dir, '--trace-requests']);

  test('runs and says so', () => {
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('simulated 1h0m0s of cluster time (seed 1)');
  });

  test('each Service receives the profile’s integral: 200·3600 + 100·(86400/2π)·(1 − cos(2π/24)) ≈ 766,856 requests', () => {
    // sine {min 100, max 300, period 24h}: rate 200 + 100·sin(2πt/86400); ∫₀³⁶⁰⁰ = 720,000 + 100·13,750.99·0.034074
    // = 766,856 (computed below from the formula). Poisson step counts stay within 0.5 % of it (√766,856 ≈ 876 is
    // 0.1 %).
    const expected = 200 * 3600 + 100 * (86400 / (2 * Math.PI)) * (1 - Math.cos((2 * Math.PI * 3600) / 86400));
    const services = readCsv(path.join(dir, 'services.csv'));
    for (const svc of ['svc-0', 'svc-9']) {
      const arrivals = services.filter((x) => x.service === svc).reduce((s, x) => s + Number(x.arrivals), 0);
      expect(Math.abs(arrivals - expected)).toBeLessThan(0.005 * expected);
    }
    // Round-robin (c²ₐ = 1/n) and fixed work at ρ ≈ 0.25: the queueing correction leaves the bare 20 ms (the
    // histogram's bucket holding 20,000 µs reads 20.015 ms, capped at the exact maximum: 20.000 when nothing queued).
    const last = services.filter((x) => x.time_s === '3600.000000');
    expect(last.length).toBe(10);
    for (const x of last) {
      expect(Number(x.latency_p50_ms)).toBeGreaterThanOrEqual(20);
      expect(Number(x.latency_p50_ms)).toBeLessThanOrEqual(20.015);
    }
  });

  test('no request rows in fluid mode', () => {
    const file = path.join(dir, 'requests.csv');
    const rows = fs.existsSync(file) ? readCsv(file) : [];
    expect(rows).toEqual([]);
  });
});
