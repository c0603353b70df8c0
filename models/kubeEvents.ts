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
  /**
   * One correlator per emitting process (each node's kubelet, the scheduler, each controller), as upstream: by
   * component (no host), or by component, then host, so finding it hashes no string built per event.
   */
  private readonly correlators = new Map<string, EventCorrelator>();
  private readonly hostCorrelators = new Map<string, Map<string, EventCorrelator>>();
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
    let byHost: Map<string, EventCorrelator> | undefined = this.correlators;
    if (host !== undefined) {
      byHost = this.hostCorrelators.get(component);
      if (byHost === undefined) {
        byHost = new Map();
        this.hostCorrelators.set(component, byHost);
      }
    }
    const at = host ?? component;
    let correlator = byHost.get(at);
    if (!correlator) {
      correlator = new EventCorrelator({ ...this.options.get(component), aggregate: this.settings.aggregate, spamFilter: this.settings.spamFilter && (this.options.get(component)?.spamFilter ?? true) });
      byHost.set(at, correlator);
    }
    // The correlator reads the object's fields (never apiVersion) and returns the count, 0 when the spam filter drops it.
    const count = correlator.observe(type, reason, message, object, component, host, now);
    if (count === 0) return;
    this.countsByReason.set(reason, (this.countsByReason.get(reason) ?? 0) + 1);
    this.recorder.event({
      time: now,
      type,
      reason,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
      fieldPath: object.fieldPath ?? '',
      message: correlator.message,
      count,
      source: component,
    });
  }
}
