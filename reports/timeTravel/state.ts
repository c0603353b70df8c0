/**
 * The cluster's objects as the traces show them at one instant: each trace is streamed once, from its first row up
 * to the last row stamped at or before `at` (rows are in time order), and folded into the latest state per object.
 * Reads trace files only; never writes, never looks at the scenario. What the traces do not hold stays undefined.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Micros } from '../../engine/time';
import { streamCsv } from '../lineReader';

/** `12.500000` (the traces' time_s) → 12500000 µs. */
export function parseTime(s: string): Micros {
  return Math.round(Number(s) * 1_000_000) as Micros;
}

/** A trace the view needs but the run did not write. */
export class MissingTraceError extends Error {
  constructor(
    readonly file: string,
    readonly why: string,
  ) {
    super(`${file} ${why}`);
  }
}

/** Why a run may lack a trace (docs/traces.md). */
const WHY_ABSENT: Record<string, string> = {
  'hpa.csv': 'is written only when the scenario has a HorizontalPodAutoscaler',
};

/** Streams the rows of `dir/file` stamped at or before `at`; throws MissingTraceError when the file is absent. */
export function readUntil(dir: string, file: string, at: Micros, visit: (row: Record<string, string>, time: Micros) => void): void {
  const f = path.join(dir, file);
  if (!fs.existsSync(f)) throw new MissingTraceError(file, WHY_ABSENT[file] ?? 'is missing from this folder');
  streamCsv(f, (row) => {
    const t = parseTime(row.time_s);
    if (t > at) return false;
    visit(row, t);
  });
}

export interface TerminatedState {
  readonly reason: string;
  readonly exitCode: string;
  /** When it terminated (finishedAt). */
  readonly at: Micros;
}

export interface ContainerState {
  readonly name: string;
  state: string;
  reason: string;
  exitCode: string;
  restarts: number;
  /** When it entered its current state. */
  since: Micros;
  /** The previous instance's termination (lastState), once it restarted or was restarted. */
  lastState?: TerminatedState;
}

export interface PodState {
  readonly namespace: string;
  readonly name: string;
  /** The pod's first row: when it entered the API (creationTimestamp). */
  readonly created: Micros;
  node: string;
  phase: string;
  ready: boolean;
  status: string;
  reason: string;
  /** When it first had a running container (the Started time of describe). */
  started?: Micros;
  /** When its Ready condition last changed. */
  readySince: Micros;
  /** In order of first appearance. */
  readonly containers: Map<string, ContainerState>;
  /** M of a status `Init:N/M` seen on the pod: how many of its first containers are init containers. */
  initContainers: number;
}

/** Pods present at `at` (a `Deleted` row removes one), in order of creation. */
export function readPods(dir: string, at: Micros): Map<string, PodState> {
  const pods = new Map<string, PodState>();
  readUntil(dir, 'pods.csv', at, (r, t) => {
    const key = `${r.namespace}/${r.pod}`;
    if (r.status === 'Deleted') {
      pods.delete(key);
      return;
    }
    let p = pods.get(key);
    if (!p) {
      p = { namespace: r.namespace, name: r.pod, created: t, node: '', phase: '', ready: false, status: '', reason: '', readySince: t, containers: new Map(), initContainers: 0 };
      pods.set(key, p);
    }
    const ready = r.ready === 'true';
    if (ready !== p.ready) p.readySince = t;
    p.node = r.node;
    p.phase = r.phase;
    p.ready = ready;
    p.status = r.status;
    const init = /^Init:\d+\/(\d+)$/.exec(r.status);
    if (init) p.initContainers = Math.max(p.initContainers, Number(init[1]));
    if (r.container === '') {
      p.reason = r.reason;
      return;
    }
    let c = p.containers.get(r.container);
    if (!c) {
      c = { name: r.container, state: '', reason: '', exitCode: '', restarts: 0, since: t };
      p.containers.set(r.container, c);
    }
    if (c.state === 'terminated' && r.container_state !== 'terminated') c.lastState = { reason: c.reason, exitCode: c.exitCode, at: c.since };
    if (c.state !== r.container_state) c.since = t;
    c.state = r.container_state;
    c.reason = r.reason;
    c.exitCode = r.exit_code;
    c.restarts = r.restarts === '' ? c.restarts : Number(r.restarts);
    if (c.state === 'running' && p.started === undefined) p.started = t;
  });
  return pods;
}

/** Init containers first (the first `initContainers` seen), then the app containers. */
export function splitContainers(p: PodState): { init: ContainerState[]; app: ContainerState[] } {
  const all = [...p.containers.values()];
  return { init: all.slice(0, p.initContainers), app: all.slice(p.initContainers) };
}

export interface RowState {
  /** The object's first row (its creation for nodes; the first sample for sampled traces). */
  readonly first: Micros;
  /** When the latest row was written. */
  last: Micros;
  row: Record<string, string>;
}

/** The latest row per key at `at`, keys in order of first appearance. */
export function readLatest(dir: string, file: string, at: Micros, key: (r: Record<string, string>) => string): Map<string, RowState> {
  const out = new Map<string, RowState>();
  readUntil(dir, file, at, (r, t) => {
    const k = key(r);
    const s = out.get(k);
    if (s) (s.row = r), (s.last = t);
    else out.set(k, { first: t, last: t, row: r });
  });
  return out;
}

export const readNodes = (dir: string, at: Micros) => readLatest(dir, 'nodes.csv', at, (r) => r.node);
export const readWorkloads = (dir: string, at: Micros) => readLatest(dir, 'workloads.csv', at, (r) => `${r.namespace}/${r.kind}/${r.name}`);
export const readHpas = (dir: string, at: Micros) => readLatest(dir, 'hpa.csv', at, (r) => `${r.namespace}/${r.hpa}`);
export const readServices = (dir: string, at: Micros) => readLatest(dir, 'services.csv', at, (r) => `${r.namespace}/${r.service}`);

export interface EventState {
  readonly type: string;
  readonly reason: string;
  readonly kind: string;
  /** Node events are recorded in `default`, as the node controller and the kubelet do. */
  readonly namespace: string;
  readonly name: string;
  readonly fieldPath: string;
  readonly message: string;
  readonly source: string;
  /** firstTimestamp: the emission with count 1 (or the first row seen for this Event). */
  readonly first: Micros;
  last: Micros;
  count: number;
}

/**
 * The kube-apiserver's default --event-ttl (1h): an Event not updated for an hour is gone from the API, so neither
 * `kubectl get events` nor `describe` shows it.
 */
export const EVENT_TTL: Micros = (3600 * 1_000_000) as Micros;

/**
 * The Events at `at`: one per Event object (the rows of one object share every column but time and count: client-go's
 * correlator raises the count of an identical event), ordered by their last emission, without those past the TTL.
 */
export function readEvents(dir: string, at: Micros): EventState[] {
  const events = new Map<string, EventState>();
  let rows = 0;
  readUntil(dir, 'events.csv', at, (r, t) => {
    // Every 10 000 rows, forget the Events already past the TTL at this row (and so at `at`): memory stays bounded
    // by the Events of the last hour, however long the run.
    if (++rows % 10_000 === 0) for (const [k, e] of events) if (t - e.last > EVENT_TTL) events.delete(k);
    const key = [r.type, r.reason, r.kind, r.namespace, r.name, r.field_path, r.message, r.source].join('\u0000');
    const count = Number(r.count) || 1;
    const e = events.get(key);
    events.delete(key);
    // An Event past its TTL was deleted by the API server: a later emission starts a new one (so the periodic
    // forgetting above never changes the answer).
    if (e && count > 1 && t - e.last <= EVENT_TTL) {
      e.last = t;
      e.count = count;
      events.set(key, e);
      return;
    }
    const ns = r.namespace || 'default';
    events.set(key, { type: r.type, reason: r.reason, kind: r.kind, namespace: ns, name: r.name, fieldPath: r.field_path, message: r.message, source: r.source, first: t, last: t, count });
  });
  return [...events.values()].filter((e) => at - e.last <= EVENT_TTL);
}
