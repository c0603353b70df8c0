/**
 * Hand-derived reconcile cases (the derivation of every expected number is in the comments): failing metrics and
 * their Kubernetes texts, metric names in reasons, condition transition times, each metric source type.
 */
import { seconds } from '../../../engine/time';
import { reconcile, type HpaPod, type HpaReconcileInput, type MetricSpecInput } from '../../../models/hpa';
import { cpu, harnessB, history, hpa, reqUse, SETTINGS_PROD } from './harness';

describe('hand-derived', () => {
  const base = (overrides: Partial<HpaReconcileInput>): HpaReconcileInput => ({
    now: seconds(0),
    settings: SETTINGS_PROD,
    hpa: hpa(1, 10, [cpu(50)]),
    scale: { specReplicas: 3, statusReplicas: 3 },
    pods: harnessB(reqUse(1000, [900, 900, 900])),
    history: history('[]'),
    ...overrides,
  });

  test('one failing metric does not block a scale-up (TestScaleUpOneMetricInvalid)', () => {
    // cpu: util floor(2700×100/3000) = 90 → ratio 1.8 → ceil(1.8 × 3) = ceil(5.4) = 6; the External metric is absent.
    // 1 of 2 invalid, but 6 >= spec 3 → proceed: ScalingActive=True, the error is still returned.
    const queue: MetricSpecInput = { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } } };
    const r = reconcile(base({ hpa: hpa(1, 10, [cpu(50), queue]) }));
    expect(r.desiredReplicas).toBe(6);
    expect(r.conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(r.events).toEqual([
      { type: 'Warning', reason: 'FailedGetExternalMetric', message: 'unable to get external metric default/queue/nil: no metrics returned from external metrics API' },
      { type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 6; reason: cpu resource utilization (percentage of request) above target' },
    ]);
    expect(r.error).toBe(
      'invalid metrics (1 invalid out of 2), first error is: failed to get queue external metric value: failed to get external metric queue: ' +
        'unable to get external metric default/queue/nil: no metrics returned from external metrics API',
    );
    expect(r.metrics[1]).toMatchObject({ type: 'External', name: 'queue', proposal: null, error: expect.stringContaining('no metrics returned') });
  });

  test('no pod has a cpu sample: the sync gives up with the texts kubectl describe shows', () => {
    const r = reconcile(base({ pods: harnessB([{ name: 'p0', req: 1000 }]) }));
    expect(r.desiredReplicas).toBe(3);
    expect(r.conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    });
    expect(r.events.map((e) => e.reason)).toEqual(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']);
    expect(r.events[1].message).toBe(
      'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: ' +
        'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
    // nothing is recorded when the metrics fail (the list stays as given)
    expect(r.history.recommendations).toEqual([]);
    expect(r.stabilized).toBeNull();
    expect(r.limitReason).toBeNull();
  });

  test('an External AverageValue metric with a selector names itself with Go %+v', () => {
    // 30 messages per pod wanted, 300 ready → ceil(300/30) = 10 from 3 (ratio 300/(30×3) = 3.33, not within)
    const queue: MetricSpecInput = {
      type: 'External',
      external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'worker_tasks' } } }, target: { type: 'AverageValue', averageValue: '30' } },
    };
    const r = reconcile(base({ hpa: hpa(1, 20, [queue]), externalMetrics: { queue_messages_ready: [300000] } }));
    expect(r.proposal).toBe(10);
    expect(r.desiredReplicas).toBe(6); // legacy limit max(2×3, 4) = 6
    expect(r.events[0].message).toBe(
      'New size: 6; reason: external metric queue_messages_ready(&LabelSelector{MatchLabels:map[string]string{queue: worker_tasks,},MatchExpressions:[]LabelSelectorRequirement{},}) above target',
    );
    expect(r.metrics[0]).toMatchObject({ value: 300000, rawAverageMilli: 100000, ready: null });
  });

  test('conditions keep lastTransitionTime while their status holds', () => {
    // sync 1 at 0 s: 3 → 6 (scale-up); sync 2 at 15 s with 6 replicas at 50 % → within tolerance, no rescale.
    const first = reconcile(base({}));
    const second = reconcile(
      base({
        now: seconds(15),
        scale: { specReplicas: 6, statusReplicas: 6 },
        pods: harnessB(reqUse(1000, [500, 500, 500, 500, 500, 500]), 15),
        history: first.history,
        conditions: first.conditions,
      }),
    );
    expect(second.desiredReplicas).toBe(6);
    expect(second.events).toEqual([]);
    // AbleToScale stays True (reason changes) → time kept; ScalingLimited stays False → kept
    expect(second.conditions.map((c) => [c.type, c.reason, c.lastTransitionTime])).toEqual([
      ['AbleToScale', 'ReadyForNewScale', 0],
      ['ScalingActive', 'ValidMetricFound', 0],
      ['ScalingLimited', 'DesiredWithinRange', 0],
    ]);
  });

  test('ContainerResource reads the named container only', () => {
    // app requests 500m in both pods and uses 400m and 300m; the sidecar (100m) is not counted:
    // util = floor(700 × 100 / 1000) = 70 → ratio 70/50 = 1.4 → ceil(1.4 × 2) = ceil(2.8) = 3; legacy limit 4 → 3
    const pods: HpaPod[] = harnessB([{ name: 'p0' }, { name: 'p1' }]).map((pod, i) => ({
      ...pod,
      containers: [
        { name: 'app', requests: { cpu: 500 } },
        { name: 'sidecar', requests: { cpu: 100 } },
      ],
      metrics: { timestamp: seconds(0), window: seconds(15), usage: { cpu: 450 + i * 100 }, containers: { app: { cpu: [400, 300][i] }, sidecar: { cpu: 50 } } },
    }));
    const metric: MetricSpecInput = {
      type: 'ContainerResource',
      containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 50 } },
    };
    const r = reconcile(base({ hpa: hpa(1, 10, [metric]), scale: { specReplicas: 2, statusReplicas: 2 }, pods }));
    expect(r.metrics[0]).toMatchObject({ type: 'ContainerResource', name: 'app/cpu', proposal: 3, utilization: 70, rawAverageMilli: 350 });
    expect(r.events[0].message).toBe('New size: 3; reason: cpu container resource utilization (percentage of request) above target');
  });

  test('a Pods metric averages the pods that report it', () => {
    // http_requests 10, 20, 30 per pod (milli 10000..30000), target averageValue 10: avg 20000 → ratio 2.0 →
    // ceil(2.0 × 3) = 6; legacy limit max(2 × 3, 4) = 6 → 6
    const pods = harnessB(reqUse(1000, [1, 1, 1])).map((pod, i) => ({ ...pod, metrics: { ...pod.metrics!, usage: { http_requests: (i + 1) * 10000 } } }));
    const metric: MetricSpecInput = { type: 'Pods', pods: { metric: { name: 'http_requests' }, target: { type: 'AverageValue', averageValue: '10' } } };
    const r = reconcile(base({ hpa: hpa(1, 10, [metric]), pods }));
    expect(r.metrics[0]).toMatchObject({ name: 'http_requests', proposal: 6, rawAverageMilli: 20000, ready: ['p0', 'p1', 'p2'] });
    expect(r.events[0].message).toBe('New size: 6; reason: pods metric http_requests above target');
  });

  test('a Resource AverageValue target', () => {
    // cpu averageValue 200m; pods use 300m each: avg 300 → ratio 1.5 → ceil(1.5 × 2) = 3
    const metric: MetricSpecInput = { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '200m' } } };
    const r = reconcile(base({ hpa: hpa(1, 10, [metric]), scale: { specReplicas: 2, statusReplicas: 2 }, pods: harnessB(reqUse(1000, [300, 300])) }));
    expect(r.metrics[0]).toMatchObject({ proposal: 3, utilization: null, rawAverageMilli: 300 });
    expect(r.events[0].message).toBe('New size: 3; reason: cpu resource above target');
  });

  test('scale-down of a v2 HPA with behavior stores a scale-down event', () => {
    // 3 pods at 10 % of 1000m, target 50: util 10 → ratio 0.2 → ceil(0.2 × 3) = 1; down window 0 → stabilized 1;
    // default policy Percent 100/15s → int(3 × 0.0) = 0 → minimumAllowed = max(min 1, 0) = 1; 1 is not below it →
    // desired 1 (DesiredWithinRange), and the rescale stores the scale-down event {|3 - 1| = 2, now}
    const r = reconcile(base({ hpa: hpa(1, 10, [cpu(50)], { scaleDown: { stabilizationWindowSeconds: 0 } }), pods: harnessB(reqUse(1000, [100, 100, 100])) }));
    expect(r.desiredReplicas).toBe(1);
    expect(r.history.scaleDownEvents).toEqual([{ change: 2, time: 0 }]);
    expect(r.events[0].message).toBe('New size: 1; reason: All metrics below target');
  });
});
