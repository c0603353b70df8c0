/**
 * scenarios/examples/drain.yaml through the real CLI: a PodDisruptionBudget (maxUnavailable 1) holding
 * `kubectl drain worker-1` until the first replacement is Ready. Every number is derived by hand below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';
import { computeSummary } from '../../reports/summaryFromFolder';

describe('drain.yaml', () => {
  const dir = tempDir();
  const r = k8sim(['run', 'scenarios/examples/drain.yaml', '--out', dir]);
  if (r.code !== 0) throw new Error(`k8sim run drain exited ${r.code}: ${r.stderr}`);
  const kubectl = readCsv(path.join(dir, 'kubectl.csv'));
  const pods = readCsv(path.join(dir, 'pods.csv'));
  const summary = readCsv(path.join(dir, 'summary.csv'));
  const figure = (scope: string, name: string, f: string) => summary.find((s) => s.scope === scope && s.name === name && s.figure === f)?.value;
  // The two pods bound to worker-1 at t = 0, in name order (kubectl evicts in parallel; k8sim runs them sorted).
  const onWorker1 = [...new Set(pods.filter((p) => p.node === 'worker-1' && Number(p.time_s) === 0).map((p) => p.pod))].sort();
  const [first, second] = onWorker1;

  test('kubectl drain: one eviction at once, the other refused every 5 s until the replacement is Ready', () => {
    // t = 0: six pods, two per worker (LeastAllocated spreads 500m requests). Each is Ready at 15 s: pull 1 s +
    // start 1 s → running at 2 s; readiness ticks at 5 s multiples from admission (0 s), skipped until 2 + 10 s
    // initial delay → first probe at 15 s.
    // t = 60: cordon; budget: expected 6, desiredHealthy 6 − 1 = 5, currentHealthy 6 → 1 disruption allowed.
    //   `first` is evicted (201; allowed → 0), `second` refused (429). `first` exits on SIGTERM at once (143).
    //   Its replacement binds to worker-2 or -3 at 60 s (image cached, start 1 s → running 61 s; initial delay
    //   until 71 s; ticks at 65, 70, 75 → Ready at 75 s).
    // t = 61: the 1 s poll no longer finds `first` → `pod/<first> evicted`.
    // t = 65, 70: refused (healthy 5 = desired 5). t = 75: refused too — kubectl's retry (ACTION) runs before the
    //   probe tick (KUBELET) of the same instant. t = 80: healthy 6 → allowed 1 → 201; `second` exits at once.
    // t = 81: the poll finds it gone → `pod/<second> evicted`, `node/worker-1 drained`: 21 s after the drain began.
    const lines = kubectl.map((l) => `${Number(l.time_s)} ${l.stream} ${l.message}`);
    const refused = (t: number) => [
      `${t} stdout evicting pod default/${second}`,
      `${t} stderr error when evicting pods/"${second}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    ];
    expect(lines).toEqual([
      '60 stdout node/worker-1 cordoned',
      `60 stdout evicting pod default/${first}`,
      ...refused(60),
      `61 stdout pod/${first} evicted`,
      ...refused(65).concat(refused(70), refused(75)),
      `80 stdout evicting pod default/${second}`,
      `81 stdout pod/${second} evicted`,
      '81 stdout node/worker-1 drained',
    ]);
    expect(new Set(kubectl.map((l) => l.command))).toEqual(new Set(['kubectl drain worker-1 --ignore-daemonsets --timeout=2m0s']));
  });

  test('summary: drain_seconds 21, evictions_refused 4 (60, 65, 70, 75), no quota rejections', () => {
    expect(figure('Node', 'worker-1', 'drain_seconds')).toBe('21');
    expect(figure('Node', 'worker-1', 'drains_failed')).toBe('0');
    expect(figure('run', '', 'evictions_refused')).toBe('4');
    expect(figure('run', '', 'quota_rejections')).toBe('0');
  });

  test('the folder read back gives the same summary as the run streamed (kubectl.csv and events.csv folded again)', () => {
    const back = computeSummary(dir, { sloMs: null }).map((r) => [r.scope, r.namespace, r.name, r.figure, r.value].join(','));
    expect(back).toEqual(summary.map((r) => [r.scope, r.namespace, r.name, r.figure, r.value].join(',')));
  });

  test('the evicted pods end Deleted on worker-1; nothing is scheduled there after the cordon', () => {
    expect(pods.filter((p) => onWorker1.includes(p.pod) && p.status === 'Deleted').map((p) => Number(p.time_s))).toEqual([60, 80]);
    expect(pods.filter((p) => p.node === 'worker-1' && Number(p.time_s) > 0 && !onWorker1.includes(p.pod))).toEqual([]);
  });
});

test('k8sim validate counts the policy kinds', () => {
  const v = k8sim(['validate', 'test/fixtures/scenarios/manifests']);
  expect(v.code).toBe(0);
  expect(v.stdout).toMatch(/, 1 disruption budgets, 1 resource quotas, 1 limit ranges\n$/);
});

describe('policy bad input through the CLI', () => {
  test('a PDB whose selector matches no pod or template: the located one-line error, exit 2', () => {
    const dir = tempDir();
    const file = path.join(dir, 'pdb.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: app, image: nginx}]}',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: api-pdb}',
        'spec:',
        '  minAvailable: 1',
        '  selector: {matchLabels: {app: api}}',
        '',
      ].join('\n'),
    );
    for (const cmd of ['validate', 'run']) {
      const r = k8sim([cmd, file, ...(cmd === 'run' ? ['--out', path.join(dir, 'out')] : [])]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`k8sim: error: ${file}:15: spec.selector: selector "app=api" in namespace default matches no pod or pod template`]);
    }
  });
});
