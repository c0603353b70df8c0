/** The Sweep file's parts: parameter paths, ranges, figure names, and the bisection the capacity search runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandRange, parseParameterPath } from '../../scenarios/kinds/sweep';
import { FIGURES, parseFigureRef } from '../../scenarios/sweepFigures';
import { bisect } from '../../cli/sweepSearch';

const fail = (problem: string): never => {
  throw new Error(problem);
};

describe('parseParameterPath', () => {
  it.each([
    ['Deployment/web:spec.replicas', { kind: 'Deployment', name: 'web', field: ['spec', 'replicas'] }],
    ['Simulation:spec.nodePools[0].count', { kind: 'Simulation', field: ['spec', 'nodePools', 0, 'count'] }],
    ['HorizontalPodAutoscaler/web:spec.metrics[0].resource.target.averageUtilization', { kind: 'HorizontalPodAutoscaler', name: 'web', field: ['spec', 'metrics', 0, 'resource', 'target', 'averageUtilization'] }],
    ['Traffic/load:spec.profile.constant', { kind: 'Traffic', name: 'load', field: ['spec', 'profile', 'constant'] }],
  ])('%s', (s, want) => {
    expect(parseParameterPath(s)).toEqual(want);
  });
  it.each(['spec.replicas', 'Deployment/web:', 'Deployment/web:[0]', 'Deployment/web:spec..replicas', 'Deployment/web:spec.x[a]'])('refuses %s', (s) => {
    expect(parseParameterPath(s)).toBeUndefined();
  });
});

describe('expandRange', () => {
  it('includes both ends and prints decimal steps as written', () => {
    expect(expandRange(1, 4, 1, fail)).toEqual([1, 2, 3, 4]);
    expect(expandRange(0.1, 0.5, 0.1, fail)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(expandRange(10, 35, 10, fail)).toEqual([10, 20, 30]);
  });
  it('refuses a step ≤ 0 and from > to', () => {
    expect(() => expandRange(1, 4, 0, fail)).toThrow('expected step > 0, got 0');
    expect(() => expandRange(4, 1, 1, fail)).toThrow('expected from ≤ to, got from 4, to 1');
  });
});

describe('parseFigureRef', () => {
  it('names a figure of the run or of an object (namespace default when left out)', () => {
    expect(parseFigureRef('requests_over_slo_pct', fail).key).toBe('requests_over_slo_pct');
    expect(parseFigureRef('Service/web:requests', fail).key).toBe('Service/default/web:requests');
    expect(parseFigureRef('Node/n1:drain_seconds', fail).key).toBe('Node/n1:drain_seconds');
    expect(() => parseFigureRef('Pod/x:requests', fail)).toThrow('unknown scope "Pod"');
  });
  it('knows every figure reports/summary.ts writes', () => {
    // Every figure name passed to add(...) in summary.ts, and every run/workload figure literal there.
    const src = fs.readFileSync(path.join(__dirname, '..', '..', 'reports', 'summary.ts'), 'utf8');
    const named = [...src.matchAll(/add\('([A-Za-z]+)',[^']*'([a-z_]+)'/g)].map((m) => [m[1], m[2]]);
    expect(named.length).toBeGreaterThan(20);
    for (const [scope, figure] of named) expect([scope, FIGURES[scope]?.includes(figure)]).toEqual([scope, true]);
  });
});

describe('bisect', () => {
  const over = (pass: boolean[]) => {
    const probed: number[] = [];
    return { probed, passes: async (i: number) => (probed.push(i), pass[i]) };
  };
  it('smallest: the first passing index, probing the top first', async () => {
    // F F F F T T T T T T: probes 9, then mid(−1, 9) = 4, mid(−1, 4) = 1, mid(1, 4) = 2, mid(2, 4) = 3 → 4.
    const p = over([false, false, false, false, true, true, true, true, true, true]);
    expect(await bisect(10, 'smallest', p.passes)).toBe(4);
    expect(p.probed).toEqual([9, 4, 1, 2, 3]);
  });
  it('largest: the last passing index, probing the bottom first', async () => {
    // T T T F F: probes 0, then mid(0, 5) = 2 (T), mid(2, 5) = 3 (F) → 2.
    const p = over([true, true, true, false, false]);
    expect(await bisect(5, 'largest', p.passes)).toBe(2);
    expect(p.probed).toEqual([0, 2, 3]);
  });
  it('no passing value: undefined after one probe', async () => {
    expect(await bisect(4, 'smallest', async () => false)).toBeUndefined();
    expect(await bisect(4, 'largest', async () => false)).toBeUndefined();
  });
});
