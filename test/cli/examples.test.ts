/**
 * Every example scenario through the real CLI, checking its key numbers (derived in the comments from the
 * reference rules and the scenario's own settings), plus the summary line and run.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

function runExample(name: string): { dir: string; out: string } {
  const dir = tempDir();
  const r = k8sim(['run', `scenarios/examples/${name}.yaml`, '--out', dir]);
  if (r.code !== 0) throw new Error(`k8sim run ${name} exited ${r.code}: ${r.stderr}`);
  return { dir, out: r.stdout };
}
const secs = (rows: Record<string, string>[]) => rows.map((r) => Number(r.time_s));

describe('crashloop.yaml', () => {
  const { dir, out } = runExample('crashloop');
  const pods = readCsv(path.join(dir, 'pods.csv'));

  test('restarts at +0, +10, +20, +40, +80, +160, +300 … s after each crash (TV-1.1 over 30 min)', () => {
    // Runs last 5 s, pull and start take 0 s: crashes at 5, 10, 25, 50, 95, 180, 345, 650, 955, 1260, 1565;
    // restarts at 5, 20, 45, 90, 175, 340, 645, 950, 1255, 1560 (the next, 1865, is past 30 min).
    const starts = secs(pods.filter((r) => r.container === 'app' && r.container_state === 'running'));
    expect(starts).toEqual([0, 5, 20, 45, 90, 175, 340, 645, 950, 1255, 1560]);
    const crashes = secs(pods.filter((r) => r.container_state === 'terminated'));
    const waits = starts.slice(1).map((s, i) => s - crashes[i]);
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300, 300]);
  });

  test('CrashLoopBackOff status with the Go-formatted waits in the kubelet messages; phase stays Running', () => {
    expect(pods.filter((r) => r.reason === 'CrashLoopBackOff').map((r) => r.status)).toEqual(Array(10).fill('CrashLoopBackOff'));
    expect(new Set(pods.filter((r) => Number(r.time_s) > 0).map((r) => r.phase))).toEqual(new Set(['Running']));
    const events = readCsv(path.join(dir, 'events.csv'));
    expect(events.filter((e) => e.reason === 'BackOff').map((e) => e.count)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  test('prints the summary; run.json has no wall-clock value', () => {
    expect(out).toMatch(/simulated 30m0s of cluster time \(seed 42\) in [\d.]+ s wall time, [\d,]+x real time; [\d,]+ events processed/);
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ scenario: 'crashloop', seed: '42', virtualDurationSeconds: 1800 });
    expect(run.counts.containerRestarts).toBe(10);
    expect(JSON.stringify(run)).not.toMatch(/wall/i);
  });
});

describe('probes.yaml', () => {
  const { dir } = runExample('probes');
  const pods = readCsv(path.join(dir, 'pods.csv'));
  const events = readCsv(path.join(dir, 'events.csv'));

  test('slow readiness: Ready at the first readiness tick ≥ 20 s after start', () => {
    // Pull 3 s + start 1 s → running at 4; readiness ticks every 5 s from 0 fail until 24 → Ready at tick 25.
    expect(Number(pods.find((r) => r.ready === 'true')!.time_s)).toBe(25);
    expect(events.filter((e) => e.reason === 'Unhealthy' && e.message.startsWith('Readiness')).slice(0, 4).map((e) => Number(e.time_s))).toEqual([5, 10, 15, 20]);
  });

  test('liveness fails 2 min after each start: killed after 3 failures, restarts through the back-off', () => {
    // Instance 1 runs from 4: liveness ticks every 10 s fail from 124 → 130, 140, 150 → Killing at 150, exit 143 at
    // once, first restart immediate → running at 151 (image present, start 1 s). Instance 2: fails from 271 →
    // killed at 300; back-off 10 s → 310 → running 311. Instance 3: killed 460, back-off 20 → 481. Instance 4:
    // killed 630, back-off 40 → 671. Instance 5: killed 820, back-off 80 → restart at 900 (running at 901 > 15 m).
    const kills = events.filter((e) => e.reason === 'Killing');
    expect(kills.map((e) => Number(e.time_s))).toEqual([150, 300, 460, 630, 820]);
    expect(kills[0].message).toBe('Container app failed liveness probe, will be restarted');
    expect(secs(pods.filter((r) => r.container === 'app' && r.container_state === 'running'))).toEqual([4, 151, 311, 481, 671]);
  });
});

describe('batch.yaml', () => {
  const { dir } = runExample('batch');
  const pods = readCsv(path.join(dir, 'pods.csv'));
  const last = (pod: string) => pods.filter((r) => r.pod === pod).at(-1)!;

  test('OnFailure exit 0 → Succeeded at 30 s; Never exit 2 → Failed at 10 s', () => {
    expect([last('report-ok').phase, last('report-ok').time_s]).toEqual(['Succeeded', '30.000000']);
    expect([last('fails-once').phase, last('fails-once').time_s, last('fails-once').status]).toEqual(['Failed', '10.000000', 'Error']);
  });

  test('OnFailure exit 1 → restarted with back-off, pod Running', () => {
    // crash 10 → restart at once; 20 → +10 = 30; 40 → +20 = 60; 70 → +40 = 110; 120 → +80 = 200; 210 → +160 = 370;
    // 380 → +300 = 680 (past 10 min).
    expect(secs(pods.filter((r) => r.pod === 'flaky' && r.container_state === 'running'))).toEqual([0, 10, 30, 60, 110, 200, 370]);
    expect(last('flaky').phase).toBe('Running');
  });

  test('init container first (Init:0/1), app starts at 5 s, Succeeded at 25 s', () => {
    expect(pods.find((r) => r.pod === 'with-init' && r.container === 'migrate' && r.container_state === 'running')!.status).toBe('Init:0/1');
    expect(secs(pods.filter((r) => r.pod === 'with-init' && r.container === 'main' && r.container_state === 'running'))).toEqual([5]);
    expect([last('with-init').phase, last('with-init').time_s]).toEqual(['Succeeded', '25.000000']);
  });
});

describe('nodes.yaml', () => {
  const { dir } = runExample('nodes');
  const events = readCsv(path.join(dir, 'events.csv'));
  const nodes = readCsv(path.join(dir, 'nodes.csv'));

  test('the fifth 500m pod does not fit two 1-CPU nodes: FailedScheduling with the upstream message', () => {
    const failed = events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed.map((e) => [e.time_s, e.name.startsWith('batch-')])).toEqual([['0.000000', true]]);
    expect(failed[0].message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
  });

  test('scaling web to 2 at 3 min frees capacity: the batch pod is bound at 180 s', () => {
    const scheduled = events.filter((e) => e.reason === 'Scheduled' && e.name.startsWith('batch-'));
    expect(scheduled.map((e) => Number(e.time_s))).toEqual([180]);
    expect(events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => Number(e.time_s))).toEqual([180, 180]);
    for (const n of nodes) expect(Number(n.cpu_requested_m)).toBeLessThanOrEqual(Number(n.cpu_allocatable_m));
  });
});
