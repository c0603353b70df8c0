/**
 * A kubelet probe sent into a pod's serving container (an httpGet, tcpSocket or grpc probe as a request through the
 * pod's queue; an exec probe as a process sharing its CPU). Not a client request: it never reaches a Service's
 * counts or requests.csv, but its CPU counts in the pod's usage. Plain state: the TrafficModel serves it.
 */
import type { Micros } from '../../engine/time';
import type { ServedRequest } from './podServer';

/**
 * Told once, when the pod has served the probe (never if the container dies first). `direct`: the caller is outside
 * the pod's server and the kubelet may act now (the probe's result in this call); otherwise the kubelet must defer its
 * result to an event of its own (it must not act inside the server).
 */
export type ProbeDone = (at: Micros, direct: boolean) => void;

export class ProbeRequest implements ServedRequest {
  /** A probe holds no memory of its own. */
  readonly memoryBytes = 0;
  startedAt = 0;

  constructor(
    /** CPU work in millicore-µs (= CPU ns). */
    readonly work: number,
    readonly done: ProbeDone,
  ) {}
}
