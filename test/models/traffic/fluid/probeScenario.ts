/**
 * The scenario of the fluid probe tests (fluidProbeTimeouts, fluidLazyCompletions): `pods` bare Pods of one app on
 * one node of `nodeCpu`, each probed with `probeCpu` of work per liveness probe (period 10 s, plus `i × stagger` for
 * pod i; timeout 1 s, failure threshold 10); the readiness probe scripted `success`, so only liveness goes through
 * the pod; containers start 1 s after admission (image pull 0 s); the default serving (processor sharing, 1000m per
 * request at most); one Traffic of `rps` (0 by default) in `mode`.
 */
export interface ProbeScenario {
  mode: 'fluid' | 'requests';
  nodeCpu: string;
  cpuLimit?: string;
  probeCpu: string;
  pods: number;
  rps?: number;
  stagger?: number;
  sampleInterval: string;
  fluidStep?: string;
}

export function probeScenario(o: ProbeScenario): string {
  const pods = Array.from(
    { length: o.pods },
    (_, i) => `apiVersion: v1
kind: Pod
metadata: {name: p${i}, labels: {app: web}}
spec:
  containers:
    - name: app
      image: web
      resources: {requests: {cpu: 100m}${o.cpuLimit !== undefined ? `, limits: {cpu: "${o.cpuLimit}"}` : ''}}
      readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}
      livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: ${10 + i * (o.stagger ?? 0)}, timeoutSeconds: 1, failureThreshold: 10}`,
  );
  return `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: s}
spec:
  duration: 60s
  sampleInterval: ${o.sampleInterval}
  kubelet: {imagePull: 0s, containerStart: 1s}
  nodePools:
    - {namePrefix: node, count: 1, cpu: "${o.nodeCpu}", memory: 16Gi}
---
${pods.join('\n---\n')}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: b}
spec:
  selector: {}
  probes:
    cpu: ${o.probeCpu}
    readiness: [{from: 0s, result: success}]
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: t}
spec:
  service: web
  mode: ${o.mode}
${o.fluidStep !== undefined ? `  fluidStep: ${o.fluidStep}\n` : ''}  profile: {constant: ${o.rps ?? 0}}
  request: {cpu: 20ms}
`;
}
