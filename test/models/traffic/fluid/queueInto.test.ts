/**
 * solveQueueInto (no allocation per call: a scratch head, the geometric sums in module variables, the answer written
 * into the caller's record) against the plain solveQueue as it was before it, copied here verbatim as the reference:
 * every field the same number (Object.is), over random inputs reusing one record, including heads longer than the
 * scratch's first 64 entries.
 */
import fc from 'fast-check';
import { newQueueState, solveQueueInto, type QueueInput, type QueueState } from '../../../../models/traffic/fluid/queue';

const { log, exp, max, ceil, min } = Math;

function refGeometricSums(r: number, J: number): [number, number] {
  if (J === Infinity) {
    if (!(r < 1)) throw new Error(`an infinite geometric sum needs r < 1, got ${r}`);
    return [log(r) - log(1 - r), log(r) - 2 * log(1 - r)];
  }
  if (r === 1) return [log(J), log((J * (J + 1)) / 2)];
  if (r < 1) {
    const rJ = exp(J * log(r));
    const s0 = (r * (1 - rJ)) / (1 - r);
    const s1 = (r * (1 - (J + 1) * rJ + J * rJ * r)) / ((1 - r) * (1 - r));
    return [log(s0), log(s1)];
  }
  const s = 1 / r;
  const sJ = exp(J * log(s));
  const a0 = (1 - sJ) / (1 - s);
  const ai = (s * (1 - J * exp((J - 1) * log(s)) + (J - 1) * sJ)) / ((1 - s) * (1 - s));
  const lr = J * log(r);
  return [lr + log(a0), lr + log(J * a0 - ai)];
}

function refLogAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = max(a, b);
  return hi + log(exp(a - hi) + exp(b - hi));
}

/** solveQueue before issue #13's allocation change (models/traffic/fluid/queue.ts at main 6de7c0d). */
function refSolveQueue(q: QueueInput): QueueState {
  const { lambda, meanWork: w, capacityMilli: C, perRequestMilli: p, servers: M, maxInSystem: K } = q;
  if (!(lambda >= 0 && w > 0 && C >= 0 && p > 0 && M >= 1 && K >= M)) throw new Error(`solveQueue: bad input ${JSON.stringify(q)}`);
  const bareService = C > 0 ? (1000 * w) / min(p, C) : Infinity;
  const maxRate = min(M * p, C) / (1000 * w);
  const base = { maxRate, bareService };
  if (lambda === 0) return { stable: true, meanInSystem: 0, blocking: 0, waiting: 0, throughput: 0, meanResponse: bareService, usageMilli: 0, ...base };
  if (maxRate === 0) {
    return K === Infinity
      ? { stable: false, meanInSystem: Infinity, blocking: 0, waiting: 1, throughput: 0, meanResponse: Infinity, usageMilli: 0, ...base }
      : { stable: true, meanInSystem: K, blocking: 1, waiting: 1, throughput: 0, meanResponse: Infinity, usageMilli: 0, ...base };
  }
  const nStar = min(K, M, ceil(C / p));
  const r = lambda / maxRate;
  if (K === Infinity && r >= 1) {
    return { stable: false, meanInSystem: Infinity, blocking: 0, waiting: 1, throughput: maxRate, meanResponse: Infinity, usageMilli: maxRate * w * 1000, ...base };
  }
  const head: number[] = [0];
  for (let n = 1; n <= nStar; n++) {
    const phi = min(min(n, M) * p, C) / (1000 * w);
    head.push(head[n - 1] + log(lambda / phi));
  }
  const J = K - nStar;
  let tail0 = -Infinity;
  let tail1 = -Infinity;
  if (J > 0) {
    const [s0, s1] = refGeometricSums(r, J);
    tail0 = head[nStar] + s0;
    tail1 = head[nStar] + refLogAdd(nStar > 0 ? log(nStar) + s0 : -Infinity, s1);
  }
  const logK = K === Infinity ? -Infinity : J > 0 ? head[nStar] + J * log(r) : head[K];
  let m = tail0;
  for (const h of head) m = max(m, h);
  let z = exp(tail0 - m);
  let n1 = exp(tail1 - m);
  let atOrAboveM = 0;
  if (J > 0) {
    if (nStar >= M) atOrAboveM = z;
    else if (J > M - nStar - 1) {
      const d = M - nStar - 1;
      atOrAboveM = exp(head[nStar] + d * log(r) + refGeometricSums(r, J - d)[0] - m);
    }
  }
  for (let n = 0; n <= nStar; n++) {
    const a = exp(head[n] - m);
    z += a;
    n1 += n * a;
    if (n >= M) atOrAboveM += a;
  }
  const blocking = K === Infinity ? 0 : exp(logK - m) / z;
  const L = n1 / z;
  const throughput = lambda * (1 - blocking);
  const waiting = blocking < 1 ? max(0, atOrAboveM / z - blocking) / (1 - blocking) : 1;
  return { stable: true, meanInSystem: L, blocking, waiting, throughput, meanResponse: throughput > 0 ? L / throughput : bareService, usageMilli: throughput * w * 1000, ...base };
}

const FIELDS = ['stable', 'meanInSystem', 'blocking', 'waiting', 'throughput', 'meanResponse', 'usageMilli', 'maxRate', 'bareService'] as const;

/** Inputs as the fluid step makes them: PS (servers = in-flight limit, maybe unbounded) or FIFO slots with a queue. */
const input = fc
  .record({
    lambda: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5000, noNaN: true })),
    meanWork: fc.double({ min: 1e-4, max: 2, noNaN: true }),
    capacityMilli: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200_000 })),
    perRequestMilli: fc.integer({ min: 1, max: 4000 }),
    ps: fc.boolean(),
    servers: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constant(Infinity)),
    queue: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.constant(Infinity)),
  })
  .map(({ lambda, meanWork, capacityMilli, perRequestMilli, ps, servers, queue }): QueueInput => {
    // A finite head: n* = min(K, M, ⌈C/p⌉) (the fluid step always has C finite, so ⌈C/p⌉ bounds it).
    const maxInSystem = ps ? servers : servers === Infinity ? Infinity : servers + queue;
    return { lambda, meanWork, capacityMilli, perRequestMilli, servers, maxInSystem };
  });

describe('solveQueueInto', () => {
  test('equals the plain solveQueue field for field, one record reused across calls', () => {
    const out = newQueueState();
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 8 }), (qs) => {
        for (const q of qs) {
          const ref = refSolveQueue(q);
          const got = solveQueueInto(q, out);
          if (got !== out) return false;
          for (const f of FIELDS) if (!Object.is(got[f], ref[f])) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  test('a head longer than the first scratch (n* = 300 > 64), then a short one', () => {
    const out = newQueueState();
    for (const q of [
      { lambda: 900, meanWork: 0.3, capacityMilli: 300_000, perRequestMilli: 1000, servers: 300, maxInSystem: 400 },
      { lambda: 20, meanWork: 0.02, capacityMilli: 1000, perRequestMilli: 1000, servers: 2, maxInSystem: 5 },
    ]) {
      const ref = refSolveQueue(q);
      solveQueueInto(q, out);
      for (const f of FIELDS) expect(out[f]).toBe(ref[f]);
    }
  });
});
