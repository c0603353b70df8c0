/**
 * Scenario texts several tests share, as YAML (the loader reads them as a user's files): a Deployment, and a scenario that keeps the CPU busy for as long as asked.
 */

/**
 * A Deployment `name` of `replicas` pods labelled app=name. `podSpec`: the pod template's spec, a flow mapping
 * (`{containers: [...]}`) or block lines indented by six spaces; default one container `name` of `image` requesting `cpu`.
 */
export const deploymentYaml = (name: string, replicas: number, podSpec: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:${podSpec.startsWith('{') ? ' ' : '\n'}${podSpec}
`;

/** The pod spec of one container `name` of `image` requesting `cpu`, as a flow mapping for deploymentYaml. */
export const oneContainer = (name: string, cpu: string, image = 'busybox'): string => `{containers: [{name: ${name}, image: ${image}, resources: {requests: {cpu: ${cpu}}}}]}`;

/**
 * 20 pods of one Deployment sampled every second, so the traces grow with `duration`, and the CPU time: 20 h takes
 * about a second; 250 h (900,000 sample rounds, under the 1,000,000 limit of docs/limits.md) cannot end before a
 * test signals it. For tests that stop a command mid-way.
 */
export const busyScenario = (name: string, duration: string): string => `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: ${name}}
spec: {seed: 1, duration: ${duration}, sampleInterval: 1s}
---
${deploymentYaml('api', 20, oneContainer('api', '10m'))}`;

/**
 * Deployment `web` (1 replica, 100m nginx), an HPA on it (1–3) and an AutoscalerPolicy `mine` naming `policy`: the
 * policy-module scenario of the sandbox and trust tests.
 */
export const policyScenario = (policy: string): string => `${deploymentYaml('web', 1, oneContainer('web', '100m', 'nginx'))}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 1, maxReplicas: 3}
---
apiVersion: k8sim/v1alpha1
kind: AutoscalerPolicy
metadata: {name: mine}
spec: {hpa: web, policy: ${policy}}
`;
