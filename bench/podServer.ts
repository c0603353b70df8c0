/**
 * PodServer cost: the request server alone (pre-drawn arrivals and work, no engine) and the whole request path on
 * the engine (Poisson arrivals, RoundRobin, PodServer, one completion event per pod), at issue #3's target load:
 * 2,000 rps over 10 pods for 1 h of virtual time (7.2 M requests). Not wired into `npm run bench` yet; run with
 * `node dist/bench/podServer.js`. Wall-clock reads are fine here: benchmarks are not simulation code.
 */
import { Simulator, type EventKey } from '../engine/simulator';
import { Priority } from '../engine/priority';
import { createStream, exponential } from '../engine/random';
import { micros, US_PER_HOUR, ZERO, type Micros } from '../engine/time';
import { PoissonArrivals } from '../models/traffic/arrivals';
import { constantProfile } from '../models/traffic/profile';
import { DEFAULT_POD_SERVER_SETTINGS, PodServer, type PodServerSettings, type ServedRequest } from '../models/traffic/podServer';
import { RoundRobin } from '../models/service/roundRobin';

interface Req extends ServedRequest {
  readonly arrival: Micros;
}

export interface PodServerBenchResult {
  readonly requests: number;
  /** Server only: ns per request (arrive + nextCompletionTime + complete), i.e. per two request events. */
  readonly serverNsPerRequest: number;
  /** Whole path on the engine: wall seconds for all requests, and ns per engine event. */
  readonly engineSeconds: number;
  readonly engineEvents: number;
  readonly engineNsPerEvent: number;
  readonly meanLatencyMs: number;
}

const SETTINGS: PodServerSettings = DEFAULT_POD_SERVER_SETTINGS;
const PODS = 10;
const RPS = 2_000;
/** Far beyond every arrival: the bench runs every request to completion. */
const LAST: Micros = micros(Number.MAX_SAFE_INTEGER - 1);
const MEAN_WORK = 2_500_000; // 2.5 ms of one core: ρ = 0.5 per pod at 200 rps

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The server alone: arrivals and work drawn beforehand, completions taken in time order across pods. */
function serverOnly(duration: Micros): { requests: number; ns: number } {
  const arrivals = new PoissonArrivals(constantProfile(RPS), createStream(1, 'bench/arrivals'), { end: duration });
  const w = createStream(1, 'bench/work');
  const times: Micros[] = [];
  const works: number[] = [];
  for (let t = arrivals.next(); t < duration; t = arrivals.next()) {
    times.push(t);
    works.push(Math.max(1, Math.round(exponential(() => w.next(), MEAN_WORK))));
  }
  const reqs: Req[] = times.map((t, i) => ({ arrival: t, work: works[i], memoryBytes: 0 }));
  let done = 0;
  const listener = { completed: () => void done++, failed: () => undefined, memoryLimitExceeded: () => undefined };
  const servers = Array.from({ length: PODS }, () => new PodServer<Req>(SETTINGS, 1_000, listener));
  const t0 = process.hrtime.bigint();
  let rr = 0;
  for (let i = 0; i < reqs.length; i++) {
    const now = reqs[i].arrival;
    for (let p = 0; p < PODS; p++) if (servers[p].nextCompletionTime() <= now) servers[p].complete(now);
    servers[rr].arrive(reqs[i], now);
    rr = rr + 1 === PODS ? 0 : rr + 1;
  }
  for (const s of servers) s.complete(LAST);
  const secs = seconds(t0);
  if (done !== reqs.length) throw new Error(`bench: ${done} of ${reqs.length} completed`);
  return { requests: reqs.length, ns: (secs * 1e9) / reqs.length };
}

/** The whole request path on the engine. */
function onEngine(duration: Micros): { seconds: number; events: number; requests: number; meanLatencyMs: number } {
  const sim = new Simulator();
  const arrivals = new PoissonArrivals(constantProfile(RPS), createStream(1, 'bench/arrivals'), { end: duration });
  const w = createStream(1, 'bench/work');
  const u = (): number => w.next();
  const lb = new RoundRobin<number>(() => 0.99);
  let done = 0;
  let latency = 0;
  const listener = {
    completed: (r: Req, now: Micros) => {
      done++;
      latency += now - r.arrival;
    },
    failed: () => undefined,
    memoryLimitExceeded: () => undefined,
  };
  const servers = Array.from({ length: PODS }, () => new PodServer<Req>(SETTINGS, 1_000, listener));
  const pendingAt = new Array<number>(PODS).fill(Infinity);
  const pendingKey = new Array<EventKey>(PODS);
  const completion = sim.register<number>('completion', (i) => {
    pendingAt[i] = Infinity;
    servers[i].complete(sim.now);
    reschedule(i);
  });
  const reschedule = (i: number): void => {
    const t = servers[i].nextCompletionTime();
    if (t === pendingAt[i]) return;
    if (pendingAt[i] !== Infinity) sim.cancel(pendingKey[i]);
    pendingAt[i] = t;
    if (t !== Infinity) pendingKey[i] = sim.scheduleAt(t, completion, i, Priority.TRAFFIC);
  };
  lb.setEndpoints(
    servers.map((_, i) => i),
    ZERO,
  );
  let requests = 0;
  const arrival = sim.register<null>('arrival', () => {
    const i = lb.pick(0, sim.now)!;
    servers[i].arrive({ arrival: sim.now, work: Math.max(1, Math.round(exponential(u, MEAN_WORK))), memoryBytes: 0 }, sim.now);
    requests++;
    reschedule(i);
    const next = arrivals.next();
    if (next !== Infinity) sim.scheduleAt(next, arrival, null, Priority.TRAFFIC);
  });
  const t0 = process.hrtime.bigint();
  sim.scheduleAt(arrivals.next(), arrival, null, Priority.TRAFFIC);
  sim.runUntil(LAST);
  const secs = seconds(t0);
  if (done !== requests) throw new Error(`bench: ${done} of ${requests} completed`);
  return { seconds: secs, events: sim.eventsProcessed, requests, meanLatencyMs: latency / done / 1_000 };
}

export function benchPodServer(duration = US_PER_HOUR): PodServerBenchResult {
  const s = serverOnly(duration);
  const e = onEngine(duration);
  return {
    requests: s.requests,
    serverNsPerRequest: s.ns,
    engineSeconds: e.seconds,
    engineEvents: e.events,
    engineNsPerEvent: (e.seconds * 1e9) / e.events,
    meanLatencyMs: e.meanLatencyMs,
  };
}

if (require.main === module) {
  const r = benchPodServer();
  console.log(
    `podServer: ${r.requests} requests; server alone ${r.serverNsPerRequest.toFixed(0)} ns/request ` +
      `(arrive + completion); on the engine ${r.engineSeconds.toFixed(2)} s for ${r.engineEvents} events ` +
      `(${r.engineNsPerEvent.toFixed(0)} ns/event), mean latency ${r.meanLatencyMs.toFixed(2)} ms`,
  );
}
