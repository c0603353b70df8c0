// An example user autoscaler policy for k8sim (CommonJS, no dependencies). Name it from a scenario with
//   apiVersion: k8sim/v1alpha1
//   kind: AutoscalerPolicy
//   spec: {hpa: php-apache, policy: ./policies/step-scaling.js, parameters: {scaleUpAbove: 70, scaleDownBelow: 30}}
// The path is relative to the scenario file. A policy is a pure function: k8sim passes what the HPA controller sees
// at a sync (input.now in µs, input.hpa, input.scale, input.pods with metrics) and what decide() returned last time
// as `history`; it returns { desiredReplicas, history, reason }. Throwing, or returning anything but a whole number
// ≥ 0, stops the run with an error naming this module and the time.
'use strict';

function averageUtilization(pods) {
  let usage = 0;
  let request = 0;
  for (const pod of pods) {
    if (pod.deleted || pod.phase !== 'Running' || !pod.ready || pod.ready.status !== 'True' || !pod.metrics) continue;
    const cpu = pod.metrics.usage.cpu;
    if (cpu === undefined) continue;
    usage += cpu; // millicores
    for (const c of pod.containers) request += c.requests.cpu || 0; // millicores
  }
  return request > 0 ? (100 * usage) / request : null;
}

exports.createPolicy = function createPolicy(parameters) {
  const up = parameters.scaleUpAbove ?? 70;
  const down = parameters.scaleDownBelow ?? 30;
  const step = parameters.step ?? 1;
  const cooldownUs = (parameters.cooldownSeconds ?? 60) * 1e6;
  return {
    name: 'step-scaling',
    decide(input, history) {
      const min = input.hpa.spec.minReplicas ?? 1;
      const max = input.hpa.spec.maxReplicas;
      const current = input.scale.specReplicas;
      const util = averageUtilization(input.pods);
      const last = history ? history.lastChange : null;
      if (util === null || (last !== null && input.now - last < cooldownUs)) {
        return { desiredReplicas: current, history: history || { lastChange: null }, reason: util === null ? 'no metrics' : 'cooldown' };
      }
      let desired = current;
      if (util > up) desired = Math.min(max, current + step);
      else if (util < down) desired = Math.max(min, current - step);
      if (desired === current) return { desiredReplicas: current, history: history || { lastChange: null }, reason: 'within band' };
      return { desiredReplicas: desired, history: { lastChange: input.now }, reason: `cpu ${util.toFixed(0)}% outside ${down}–${up}%` };
    },
  };
};
