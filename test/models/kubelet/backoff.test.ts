/**
 * CrashLoopBackOff against TV-1.1 … TV-1.4 (kubernetes-vectors.md). A small timeline drives the Backoff the way
 * kuberuntime doBackOff does: at each crash (FinishedAt = F) the kubelet asks IsInBackOffSince(key, F); if not in
 * back-off it calls Next and restarts at once, otherwise it retries at F + Get(key), where the check passes and
 * Next is called at that restart.
 */
import {
  Backoff,
  backOffEventMessage,
  backOffStableKey,
  crashLoopBackOffConfig,
  crashLoopBackOffMessage,
  DEFAULT_BACKOFF,
  doBackOff,
  formatPod,
  REDUCED_BACKOFF_1_33,
  type CrashLoopBackOffConfig,
} from '../../../models/kubelet/backoff';
import { addMicros, micros, seconds, subMicros, toSeconds, ZERO, type Micros } from '../../../engine/time';

const POD = { name: 'web-0', namespace: 'default', uid: 'U' };
const KEY = backOffStableKey('web-0', 'default', 'U', 'app', 0x5f3a9c1e);

interface CrashRow {
  readonly start: number; // s
  readonly finishedAt: number; // s
  readonly wait: number; // s
  readonly restartAt: number; // s
  readonly restartCount: number;
  readonly message: string | undefined;
}

/** Runs a container that lives runs[i] seconds per instance, starting at t=0; returns one row per crash. */
function timeline(b: Backoff, runs: readonly number[], key = KEY): CrashRow[] {
  const rows: CrashRow[] = [];
  let start: Micros = ZERO;
  let restartCount = 0;
  for (const run of runs) {
    const finishedAt = addMicros(start, seconds(run));
    const atCrash = doBackOff(b, key, finishedAt, finishedAt);
    let restartAt = finishedAt;
    let message: string | undefined;
    if (atCrash.inBackOff) {
      message = crashLoopBackOffMessage(atCrash.backoff, 'app', POD);
      restartAt = atCrash.retryAt;
      // the retry exactly at FinishedAt + backoff passes (the check is strict) and calls Next
      const atRetry = doBackOff(b, key, finishedAt, restartAt);
      expect(atRetry.inBackOff).toBe(false);
    }
    restartCount++;
    rows.push({
      start: toSeconds(start),
      finishedAt: toSeconds(finishedAt),
      wait: toSeconds(subMicros(restartAt, finishedAt)),
      restartAt: toSeconds(restartAt),
      restartCount,
      message,
    });
    start = restartAt;
  }
  return rows;
}

const msg = (d: string) => `back-off ${d} restarting failed container=app pod=web-0_default(U)`;

describe('TV-1.1 default kubelet, container runs 5 s then exits 1', () => {
  const rows = timeline(new Backoff(DEFAULT_BACKOFF), [5, 5, 5, 5, 5, 5, 5, 5]);
  // crash #, start, FinishedAt, wait, restart at, restartCount, waiting message (from the vector table)
  test.each<[number, number, number, number, number, number, string | undefined]>([
    [1, 0, 5, 0, 5, 1, undefined],
    [2, 5, 10, 10, 20, 2, msg('10s')],
    [3, 20, 25, 20, 45, 3, msg('20s')],
    [4, 45, 50, 40, 90, 4, msg('40s')],
    [5, 90, 95, 80, 175, 5, msg('1m20s')],
    [6, 175, 180, 160, 340, 6, msg('2m40s')],
    [7, 340, 345, 300, 645, 7, msg('5m0s')],
    [8, 645, 650, 300, 950, 8, msg('5m0s')],
  ])('crash %i', (n, start, finishedAt, wait, restartAt, restartCount, message) => {
    expect(rows[n - 1]).toEqual({ start, finishedAt, wait, restartAt, restartCount, message });
  });

  test('BackOff event message', () => {
    expect(backOffEventMessage('app', POD)).toBe('Back-off restarting failed container app in pod web-0_default(U)');
    expect(formatPod(POD)).toBe('web-0_default(U)');
  });
});

describe('TV-1.2 reset after a long run (HasExpiredFunc: FinishedAt − last restart > 600 s)', () => {
  // Seven 5 s crashes leave the back-off at 300 s after the restart at 645 (TV-1.1 row 7).
  const sevenCrashes = [5, 5, 5, 5, 5, 5, 5];

  test('a: previous wait 300, ran exactly 600 s → not reset, waits 300', () => {
    const rows = timeline(new Backoff(), [...sevenCrashes, 600]);
    // restart at 645, FinishedAt 1245: 1245 − 645 = 600, not > 600
    expect(rows[7]).toMatchObject({ start: 645, finishedAt: 1245, wait: 300, restartAt: 1545 });
  });

  test('b: previous wait 300, ran 601 s → reset: restart at once, next crash waits 10', () => {
    const rows = timeline(new Backoff(), [...sevenCrashes, 601, 5]);
    expect(rows[7]).toMatchObject({ finishedAt: 1246, wait: 0, restartAt: 1246, message: undefined });
    expect(rows[8]).toMatchObject({ finishedAt: 1251, wait: 10, restartAt: 1261, message: msg('10s') });
  });

  test('c: previous wait 40, ran 900 s → reset: restart at once, next crash waits 10', () => {
    // crashes 1–4 as in TV-1.1 (the 4th waited 40 and restarted at 90), then a 900 s run ending at 990
    const rows = timeline(new Backoff(), [5, 5, 5, 5, 900, 5]);
    expect(rows[3]).toMatchObject({ wait: 40, restartAt: 90 });
    expect(rows[4]).toMatchObject({ finishedAt: 990, wait: 0, restartAt: 990 });
    expect(rows[5]).toMatchObject({ finishedAt: 995, wait: 10, restartAt: 1005 });
  });
});

describe('TV-1.3 other configurations (waits before restart for crash #1, #2, …)', () => {
  const waits = (cfg: CrashLoopBackOffConfig, n: number) =>
    timeline(new Backoff(cfg), Array.from({ length: n }, () => 5)).map((r) => r.wait);

  test.each<[string, CrashLoopBackOffConfig, number[]]>([
    ['default', crashLoopBackOffConfig(), [0, 10, 20, 40, 80, 160, 300, 300]],
    ['ReduceDefaultCrashLoopBackOffDecay', crashLoopBackOffConfig({ reduceDefaultCrashLoopBackOffDecay: true }), [0, 1, 2, 4, 8, 16, 32, 60, 60]],
    ['KubeletCrashLoopBackOffMax 100s', crashLoopBackOffConfig({ maxContainerRestartPeriod: seconds(100) }), [0, 10, 20, 40, 80, 100, 100]],
    // 2 s is below the 10 s initial, so initial becomes 2 s
    ['KubeletCrashLoopBackOffMax 2s', crashLoopBackOffConfig({ maxContainerRestartPeriod: seconds(2) }), [0, 2, 2, 2]],
    [
      'both gates, 300s (node config wins)',
      crashLoopBackOffConfig({ reduceDefaultCrashLoopBackOffDecay: true, maxContainerRestartPeriod: seconds(300) }),
      [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
    ],
  ])('%s', (_name, cfg, want) => {
    expect(waits(cfg, want.length)).toEqual(want);
  });

  test('presets', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initial: seconds(10), max: seconds(300), resetAfter: seconds(600) });
    expect(REDUCED_BACKOFF_1_33).toEqual({ initial: seconds(1), max: seconds(60), resetAfter: seconds(600) });
    expect(crashLoopBackOffConfig({ maxContainerRestartPeriod: seconds(2) })).toEqual({ initial: seconds(2), max: seconds(2), resetAfter: seconds(600) });
    expect(() => crashLoopBackOffConfig({ maxContainerRestartPeriod: seconds(301) })).toThrow(RangeError);
    expect(() => crashLoopBackOffConfig({ maxContainerRestartPeriod: seconds(0.5) })).toThrow(RangeError);
  });

  test('Go duration strings in the waiting message', () => {
    const got = [1, 2, 4, 8, 16, 32, 60, 80, 160, 256, 300].map((s) => crashLoopBackOffMessage(seconds(s), 'app', POD));
    expect(got).toEqual(['1s', '2s', '4s', '8s', '16s', '32s', '1m0s', '1m20s', '2m40s', '4m16s', '5m0s'].map(msg));
  });
});

describe('TV-1.4 keys (getStableKey): a new key means a fresh back-off', () => {
  test('key format', () => {
    expect(backOffStableKey('web-0', 'default', 'uid-1', 'app', 0xabc123)).toBe('web-0_default_uid-1_app_abc123');
    expect(backOffStableKey('web-0', 'default', 'uid-1', 'app', 'ff00')).toBe('web-0_default_uid-1_app_ff00');
  });

  test.each<[string, string, boolean]>([
    ['same pod UID, same container spec', backOffStableKey('web-0', 'default', 'U', 'app', 0x5f3a9c1e), true],
    ['container image changed (spec hash changes)', backOffStableKey('web-0', 'default', 'U', 'app', 0x11111111), false],
    ['pod replaced by a ReplicaSet (new UID)', backOffStableKey('web-0', 'default', 'U2', 'app', 0x5f3a9c1e), false],
  ])('%s → same back-off: %s', (_name, key, same) => {
    const b = new Backoff();
    timeline(b, [5, 5, 5], KEY); // back-off of KEY is now 40 s after the restart at 45
    // next crash of `key` at t=50: with the same key it waits 40 s; with a fresh key it restarts at once
    const decision = doBackOff(b, key, seconds(50), seconds(50));
    expect(decision.inBackOff).toBe(same);
  });
});

describe('Backoff (client-go flowcontrol) edges', () => {
  test('IsInBackOffSince is strict: at exactly FinishedAt + backoff the container may start', () => {
    const b = new Backoff();
    b.next('k', ZERO, ZERO); // backoff 10 s, lastUpdate 0
    expect(b.isInBackOffSince('k', seconds(5), seconds(14.999999))).toBe(true);
    expect(b.isInBackOffSince('k', seconds(5), seconds(15))).toBe(false);
    expect(b.get('k')).toBe(seconds(10));
    expect(b.get('missing')).toBe(0);
  });

  test('GC drops entries not updated for more than resetAfter (kubelet HasExpiredFunc, 600 s)', () => {
    const b = new Backoff();
    b.next('a', ZERO, ZERO);
    b.next('b', ZERO, seconds(100));
    b.gc(seconds(600)); // a: 600 − 0 = 600, not > 600
    expect(b.size).toBe(2);
    b.gc(addMicros(seconds(600), micros(1))); // a expired; b: 500 s
    expect(b.size).toBe(1);
    expect(b.get('a')).toBe(0);
    expect(b.get('b')).toBe(seconds(10));
  });

  test('rejects non-integer configuration', () => {
    expect(() => new Backoff({ initial: micros(1.5), max: micros(10), resetAfter: micros(10) })).toThrow(RangeError);
  });
});
