/**
 * Kubernetes Events as the components record them: builds the Event (involved object, source), passes it through
 * client-go's correlator (dedup, aggregation, spam filter; models/events.ts) and hands what survives to the
 * recorder. Message texts are the callers' and stay verbatim.
 */
import type { Simulator } from '../engine/simulator';
import type { EventSettings } from './kubeEventsConfig';
import type { Recorder } from './recorder';
import { EventCorrelator, type EventCorrelatorOptions } from './events';

export interface InvolvedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** e.g. `spec.containers{app}` for container events. */
  readonly fieldPath?: string;
}

export class KubeEvents {
  /** One correlator per emitting process (each node's kubelet, the scheduler, each controller), as upstream. */
  private readonly correlators = new Map<string, EventCorrelator>();
  /** Components whose recorder sets its own correlator options (the Cluster Autoscaler's spam filter). */
  private readonly options = new Map<string, EventCorrelatorOptions>();
  /** Emitted events by reason, for the run summary. */
  readonly countsByReason = new Map<string, number>();

  constructor(
    private readonly sim: Simulator,
    private readonly recorder: Recorder,
    private readonly settings: EventSettings,
  ) {}

  /** A component's own CorrelatorOptions (before its first event); the Simulation's aggregate / spamFilter switches still apply. */
  configure(component: string, options: EventCorrelatorOptions): void {
    this.options.set(component, options);
  }

  emit(type: 'Normal' | 'Warning', reason: string, message: string, object: InvolvedObject, component: string, host?: string): void {
    const now = this.sim.now;
    const source = host === undefined ? component : `${component}/${host}`;
    let correlator = this.correlators.get(source);
    if (!correlator) {
      correlator = new EventCorrelator({ ...this.options.get(component), aggregate: this.settings.aggregate, spamFilter: this.settings.spamFilter && (this.options.get(component)?.spamFilter ?? true) });
      this.correlators.set(source, correlator);
    }
    const recorded = correlator.correlate(
      {
        type,
        reason,
        message,
        involvedObject: { kind: object.kind, namespace: object.namespace, name: object.name, uid: object.uid, fieldPath: object.fieldPath },
        source: { component, host },
      },
      now,
    );
    if (!recorded) return;
    this.countsByReason.set(reason, (this.countsByReason.get(reason) ?? 0) + 1);
    this.recorder.event({
      time: now,
      type,
      reason,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
      fieldPath: object.fieldPath ?? '',
      message: recorded.message,
      count: recorded.count,
      source: component,
    });
  }
}
