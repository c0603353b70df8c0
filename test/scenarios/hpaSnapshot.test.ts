/**
 * The `hpa explain` snapshot reader (scenarios/hpaSnapshot.ts): the controller settings through the shared reader
 * (metricsWindow included), null as absent except where it says something, and the manifest check under `hpa`.
 */
import { InputError } from '../../scenarios/errors';
import { readSnapshot } from '../../scenarios/hpaSnapshot';
import { parseYamlDocuments } from '../../scenarios/located';
import { DEFAULT_HPA_CONTROLLER_SETTINGS, reconcile, type HpaReconcileInput } from '../../models/hpa';
import { seconds } from '../../engine/time';

// Lines: apiVersion 1, kind 2, now 3, controller 4, hpa 5–11 (scaleTargetRef 9, maxReplicas 10), scale 12, pods 13, `old` 14,
// `new` 15.
// `new` started 60 s before now (inside the 5-minute cpu initialization period) and has been Ready for 20 s.
const text = (controller: string, newPodMetrics = '{cpu: 900m}') =>
  [
    'apiVersion: k8sim/v1alpha1',
    'kind: HPASnapshot',
    'now: 1000',
    `controller: ${controller}`,
    'hpa:',
    '  apiVersion: autoscaling/v2',
    '  kind: HorizontalPodAutoscaler',
    '  spec:',
    '    scaleTargetRef: {kind: Deployment, name: web}',
    '    maxReplicas: 10',
    '    metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]',
    'scale: {specReplicas: 2}',
    'pods:',
    '  - {name: old, cpuRequest: 1000m, metrics: {cpu: 900m}}',
    `  - {name: new, startTime: 940, readySince: 980, cpuRequest: 1000m, metrics: ${newPodMetrics}}`,
  ].join('\n');

function read(yaml: string): HpaReconcileInput {
  return readSnapshot(parseYamlDocuments('s.yaml', yaml)[0]);
}

function errorOf(yaml: string): string {
  try {
    read(yaml);
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('read without error');
}

describe('controller.metricsWindow', () => {
  test('is read: the window of every pod sample that gives none; a sample with its own window keeps it', () => {
    const input = read(text('{metricsWindow: 60s}', '{cpu: 900m, window: 30s}'));
    expect(input.settings.metricsWindow).toBe(seconds(60));
    expect(input.pods.map((p) => p.metrics?.window)).toEqual([seconds(60), seconds(30)]);
  });

  test('defaults to 15 s, as a Simulation has it', () => {
    const input = read(text('{}'));
    expect(input.settings).toEqual(DEFAULT_HPA_CONTROLLER_SETTINGS);
    expect(input.pods.map((p) => p.metrics?.window)).toEqual([seconds(15), seconds(15)]);
  });

  test('decides whether a young pod counts as ready for cpu', () => {
    // `new` is inside its cpu initialization period, Ready since 980, sampled at 1000: its sample counts only if the
    // window it covers started after 980 (replica_calculator.go: timestamp ≥ lastTransitionTime + window).
    // 15 s: 1000 ≥ 980 + 15, ready. 30 s: 1000 < 980 + 30, unready.
    const grouped = (controller: string) => {
      const m = reconcile(read(text(controller))).metrics[0];
      return { ready: m.ready, unready: m.unready };
    };
    expect(grouped('{metricsWindow: 15s}')).toEqual({ ready: ['old', 'new'], unready: [] });
    expect(grouped('{metricsWindow: 30s}')).toEqual({ ready: ['old'], unready: ['new'] });
  });

  test('takes the rules of every duration: ≥ 0, written as seconds or 30s / 5m', () => {
    expect(read(text('{metricsWindow: 0}')).settings.metricsWindow).toBe(0);
    expect(errorOf(text('{metricsWindow: -5}'))).toBe('s.yaml:4: controller.metricsWindow: expected a duration like 30s or 5m, got -5');
  });
});

describe('the other controller settings follow the Simulation rules (one reader)', () => {
  test.each([
    ['{syncPeriod: 0s}', 's.yaml:4: controller.syncPeriod: expected a duration greater than 0, got "0s"'],
    ['{scaleUpLimitMinimum: 1.5}', 's.yaml:4: controller.scaleUpLimitMinimum: expected an integer, got 1.5'],
    ['{tolerance: {up: 0.1}}', 's.yaml:4: controller.tolerance.up: unknown field "controller.tolerance.up"; expected one of: scaleDown, scaleUp'],
    ['{syncPeriods: 1s}', 's.yaml:4: controller.syncPeriods: unknown field "controller.syncPeriods", did you mean "syncPeriod"?'],
  ])('%s', (controller, message) => {
    expect(errorOf(text(controller))).toBe(message);
  });

  test('a number tolerance applies both ways', () => {
    expect(read(text('{tolerance: 0.2}')).settings.tolerance).toEqual({ scaleUp: 0.2, scaleDown: 0.2 });
  });
});

describe('null', () => {
  test('counts as absent (as in Kubernetes), except a pod’s startTime and ready, where it says "not set"', () => {
    const input = read(text('null').replace('{name: old, cpuRequest: 1000m', '{name: old, phase: null, startTime: null, ready: null, cpuRequest: 1000m'));
    expect(input.settings).toEqual(DEFAULT_HPA_CONTROLLER_SETTINGS);
    expect(input.pods[0]).toMatchObject({ name: 'old', phase: 'Running', startTime: null, ready: null });
  });
});

describe('the HPA manifest is checked as the API server would, located under `hpa`', () => {
  test('an empty scaleTargetRef name', () => {
    expect(errorOf(text('{}').replace('name: web}', 'name: ""}'))).toBe('s.yaml:9: hpa.spec.scaleTargetRef.name: expected a non-empty string, got ""');
  });

  test('an empty selectPolicy is not the default: the API server refuses it', () => {
    const withBehavior = text('{}').replace('    maxReplicas: 10', '    maxReplicas: 10\n    behavior: {scaleDown: {selectPolicy: ""}}');
    expect(errorOf(withBehavior)).toBe('s.yaml:11: hpa.spec.behavior.scaleDown.selectPolicy: expected one of Max, Min, Disabled, got ""');
  });
});
