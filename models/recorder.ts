/**
 * What the models tell the outside world: typed trace records, one method per trace. The models call it; reports/
 * implements it (CSV files) and tests implement it (arrays). Models never format, sort or write files themselves.
 */
import type { Micros } from '../engine/time';

export interface PodRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly pod: string;
  readonly node: string;
  readonly phase: string;
  readonly ready: boolean;
  /** kubectl's STATUS column for the pod (`Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`, `Deleted`). */
  readonly status: string;
  /** Empty for a row about the pod as a whole. */
  readonly container: string;
  /** `waiting`, `running`, `terminated`, or empty. */
  readonly containerState: string;
  readonly reason: string;
  /** Exit code of a terminated container, else undefined. */
  readonly exitCode: number | undefined;
  readonly restarts: number | undefined;
}

export interface EventRecord {
  readonly time: Micros;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly fieldPath: string;
  readonly message: string;
  readonly count: number;
  readonly source: string;
}

export interface NodeRecord {
  readonly time: Micros;
  readonly node: string;
  /** Node Ready condition: True, False or Unknown. */
  readonly ready: string;
  readonly schedulable: boolean;
  readonly cpuRequestedMilli: number;
  readonly cpuAllocatableMilli: number;
  readonly memoryRequestedBytes: number;
  readonly memoryAllocatableBytes: number;
  readonly pods: number;
  readonly podsAllocatable: number;
}

export interface WorkloadRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly desired: number;
  readonly current: number;
  readonly ready: number;
  readonly available: number;
}

export interface Recorder {
  pod(r: PodRecord): void;
  event(r: EventRecord): void;
  node(r: NodeRecord): void;
  workload(r: WorkloadRecord): void;
}

/** A recorder that keeps every record in memory: for tests and small tools. */
export class MemoryRecorder implements Recorder {
  readonly pods: PodRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly nodes: NodeRecord[] = [];
  readonly workloads: WorkloadRecord[] = [];
  pod(r: PodRecord): void {
    this.pods.push(r);
  }
  event(r: EventRecord): void {
    this.events.push(r);
  }
  node(r: NodeRecord): void {
    this.nodes.push(r);
  }
  workload(r: WorkloadRecord): void {
    this.workloads.push(r);
  }
}
