/**
 * Autoscaler policies as pure functions: the checked decision (errors name the policy and the time), the target
 * tracking alternative, the example user module, and the Kubernetes HPA policy against a TV-9 case.
 */
import * as path from 'node:path';
import { decideChecked, kubernetesHpa, targetTracking, AutoscalerPolicyError, type AutoscalerInput } from '../../../models/hpa/policies';
import { factoryFromModule } from '../../../scenarios/policyModule';
import { DEFAULT_HPA_CONTROLLER_SETTINGS, type HpaPod } from '../../../models/hpa';
import { seconds, ZERO } from '../../../engine/time';

function pod(name: string, cpuUsageMilli: number, requestMilli = 200): HpaPod {
  return {
    name,
    phase: 'Running',
    deleted: false,
    startTime: seconds(-3600),
    ready: { status: 'True', lastTransitionTime: seconds(-3600) },
    containers: [{ name: 'app', requests: { cpu: requestMilli } }],
    podRequests: null,
    metrics: { timestamp: ZERO, window: seconds(15), usage: { cpu: cpuUsageMilli } },
  };
}

function input(pods: HpaPod[], replicas: number, now = ZERO): AutoscalerInput {
  return {
    now,
    hpa: { apiVersion: 'autoscaling/v1', spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 } },
    settings: DEFAULT_HPA_CONTROLLER_SETTINGS,
    scale: { specReplicas: replicas, statusReplicas: replicas },
    pods,
    objectMetrics: {},
    externalMetrics: {},
    // The built-in policies draw nothing: a stream that fails the test if one did.
    random: () => {
      throw new Error('a built-in policy drew from input.random');
    },
  };
}

test('KubernetesHPA, TV-9 row 1: 3 pods at 90 % of request with target 50 % → 6 (ceil 5.4), within the legacy limit 7', () => {
  const policy = kubernetesHpa({});
  // 180m of 200m = 90 % each; ratio 1.8; ceil(1.8 × 3) = 6
  const d = decideChecked(policy, input([pod('a', 180), pod('b', 180), pod('c', 180)], 3), undefined);
  expect(d.desiredReplicas).toBe(6);
  expect(d.events?.[0]?.message).toBe('New size: 6; reason: cpu resource utilization (percentage of request) above target');
});

test('TargetTracking: ceil(usage / (target × request)), cooldown after a change, min/max bounds', () => {
  const policy = targetTracking({ targetUtilization: 50, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 });
  // usage 3 × 180 = 540m; per-pod request 200m; 540 / (0.5 × 200) = 5.4 → 6
  const d1 = decideChecked(policy, input([pod('a', 180), pod('b', 180), pod('c', 180)], 3, ZERO), undefined);
  expect(d1.desiredReplicas).toBe(6);
  // 30 s later the load doubled again, but the scale-out cooldown (60 s) holds the size
  const d2 = decideChecked(policy, input([pod('a', 200), pod('b', 200), pod('c', 200)], 6, seconds(30)), d1.history);
  expect(d2.desiredReplicas).toBe(6);
  // at 90 s it may act: 600 / 100 = 6 → 6 (on target)
  const d3 = decideChecked(policy, input([pod('a', 200), pod('b', 200), pod('c', 200)], 6, seconds(90)), d2.history);
  expect(d3.desiredReplicas).toBe(6);
  // far above: 3 × 2000m / 100 = 60 → capped at maxReplicas 10
  const d4 = decideChecked(policy, input([pod('a', 2000), pod('b', 2000), pod('c', 2000)], 6, seconds(200)), d3.history);
  expect(d4.desiredReplicas).toBe(10);
});

test('the example user module: step scaling by one above 70 % and below 30 %, with a 60 s cooldown', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const file = path.join(__dirname, '../../../scenarios/examples/hpa-compare/policies/step-scaling.js');
  const mod = require(file);
  const policy = factoryFromModule(mod, 'step-scaling.js', file)({ scaleUpAbove: 70, scaleDownBelow: 30 });
  expect(policy.name).toBe('step-scaling');
  const up = decideChecked(policy, input([pod('a', 180)], 1, ZERO), undefined); // 90 % > 70 → 2
  expect(up.desiredReplicas).toBe(2);
  const held = decideChecked(policy, input([pod('a', 10), pod('b', 10)], 2, seconds(30)), up.history); // cooldown
  expect(held.desiredReplicas).toBe(2);
  const down = decideChecked(policy, input([pod('a', 10), pod('b', 10)], 2, seconds(61)), held.history); // 5 % < 30 → 1
  expect(down.desiredReplicas).toBe(1);
});

test.each([
  // The class only, never the thrown message (models/policyFault.ts): 'boom' could be anything the policy held.
  ['throws', () => { throw new Error('boom'); }, /^autoscaler policy bad at t=15\.000s: threw Error$/],
  ['throws a string', () => { throw 'token-123'; }, /^autoscaler policy bad at t=15\.000s: threw a string$/],
  ['returns NaN', () => ({ desiredReplicas: NaN }), /autoscaler policy bad at t=15\.000s: returned desiredReplicas NaN; expected a whole number ≥ 0/],
  ['returns a negative count', () => ({ desiredReplicas: -1 }), /returned desiredReplicas -1/],
  ['returns nothing', () => undefined, /returned undefined; expected an object \{ desiredReplicas \}/],
])('a policy that %s stops the run with its name and the time', (_n, decide, message) => {
  const policy = { name: 'bad', decide: decide as never };
  expect(() => decideChecked(policy, input([], 1, seconds(15)), undefined)).toThrow(AutoscalerPolicyError);
  expect(() => decideChecked(policy, input([], 1, seconds(15)), undefined)).toThrow(message);
});

test('a module without createPolicy or decide is refused with what to export', () => {
  expect(() => factoryFromModule({}, 'x.js', path.resolve('x.js'))).toThrow('x.js: expected the module to export createPolicy(parameters) or decide(input, history)');
});
