/**
 * scenarios/examples/rolling-update.yaml through the real CLI: the key numbers of its two RollingUpdates (without
 * and with a preStop delay), derived by hand in the comments from workloads.md §1.3 and §2 and the scenario.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

const dir = tempDir();
const r = k8sim(['run', 'scenarios/examples/rolling-update.yaml', '--out', dir]);
if (r.code !== 0) throw new Error(`k8sim run rolling-update exited ${r.code}: ${r.stderr}`);
const events = readCsv(path.join(dir, 'events.csv'));
const rollouts = readCsv(path.join(dir, 'rollouts.csv'));
const summary = readCsv(path.join(dir, 'summary.csv'));

describe('rolling-update.yaml', () => {
  test('one up, one down every 5 s: the new pods are Ready 5 s after creation (maxSurge 1, maxUnavailable 0)', () => {
    // 60: the new ReplicaSet 0 -> 1 (maxTotal 4, current 3). 65: its pod is Ready, so maxScaledDown = 4 - 3 - 0 = 1
    // and available 4 > 3: old 3 -> 2, then new 1 -> 2 (current 3 < 4). 70: the same, 2 -> 1, 2 -> 3. 75: old 1 -> 0.
    const plain = events.filter((e) => e.reason === 'ScalingReplicaSet' && e.name === 'web-plain' && Number(e.time_s) > 0);
    expect(plain.map((e) => [Number(e.time_s), e.message.replace(/web-plain-[a-z0-9]+/g, (n) => (n === plain[0].message.split(' ')[4] ? 'NEW' : 'OLD'))])).toEqual([
      [60, 'Scaled up replica set NEW from 0 to 1'],
      [65, 'Scaled down replica set OLD from 3 to 2'],
      [65, 'Scaled up replica set NEW from 1 to 2'],
      [70, 'Scaled down replica set OLD from 2 to 1'],
      [70, 'Scaled up replica set NEW from 2 to 3'],
      [75, 'Scaled down replica set OLD from 1 to 0'],
    ]);
  });

  test('rollouts.csv: 30 failed requests without preStop, none with it; both keep 3 available, surge 1', () => {
    // Without preStop: each of the three old pods (deleted at 65, 70, 75) exits on SIGTERM at once, but kube-proxy
    // routes to it until its next sync 1 s later. 30 rps evenly spaced = 30 requests in that second, round robin over
    // 3 endpoints: 10 to the dead pod, refused -> 3 × 10 = 30 failed. The rollout is complete at 75 (new ReplicaSet
    // all available, the old pod gone); requests count until 76, one sync delay later.
    // With preStop sleep 5: the deleted pod serves on until 5 s after its delete; kube-proxy stopped sending to it
    // 1 s after the delete, so nothing is in flight at SIGTERM: 0 failed. The last old pod is gone at 75 + 5 = 80.
    const byName = Object.fromEntries(rollouts.map((x) => [x.deployment, x]));
    expect(byName['web-plain']).toMatchObject({ start_s: '60.000000', end_s: '75.000000', outcome: 'Complete', from_revision: '1', to_revision: '2', lowest_available: '3', max_surge: '1', requests_failed: '30', requests_timed_out: '0' });
    expect(byName['web-graceful']).toMatchObject({ start_s: '60.000000', end_s: '80.000000', outcome: 'Complete', lowest_available: '3', max_surge: '1', requests_failed: '0', requests_timed_out: '0' });
  });

  test('summary.csv: rollout duration and availability per Deployment', () => {
    const fig = (name: string, figure: string) => summary.find((s) => s.name === name && s.figure === figure)?.value;
    expect([fig('web-plain', 'rollout_seconds_max'), fig('web-plain', 'rollout_lowest_available_pct'), fig('web-plain', 'rollout_failed_requests')]).toEqual(['15', '100', '30']);
    expect([fig('web-graceful', 'rollout_seconds_max'), fig('web-graceful', 'rollout_failed_requests')]).toEqual(['20', '0']);
  });
});
