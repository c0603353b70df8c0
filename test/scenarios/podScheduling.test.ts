/**
 * The pod spec's scheduling fields (scenarios/podAffinity.ts, topologySpread.ts, podTemplate.ts): affinity,
 * topologySpreadConstraints, schedulerName, priorityClassName, priority, preemptionPolicy, resolved and validated as
 * pkg/apis/core/validation does. `pod(spec)` writes a Pod whose spec lines start at line 7 (podWith's layout).
 */
import { errorOf, load, podWith } from './helpers';
import type { ResolvedPodSpec } from '../../models/cluster/spec';

const pod = (specLines: string) => podWith('image: nginx', specLines);
const specOf = (specLines: string): ResolvedPodSpec => load(pod(specLines)).pods[0].template.spec;

describe('affinity: nodeAffinity', () => {
  it('required terms with every operator and matchFields, preferred terms', () => {
    const spec = specOf(`affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchExpressions:
            - {key: zone, operator: In, values: [a, b]}
            - {key: gpu, operator: NotIn, values: ["no"]}
            - {key: ssd, operator: Exists}
            - {key: spot, operator: DoesNotExist}
            - {key: cores, operator: Gt, values: ["4"]}
            - {key: cores, operator: Lt, values: ["64"]}
        - matchFields:
            - {key: metadata.name, operator: In, values: [node-1]}
            - {key: metadata.name, operator: NotIn, values: [node-2]}
    preferredDuringSchedulingIgnoredDuringExecution:
      - {weight: 10, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}`);
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        required: [
          {
            matchExpressions: [
              { key: 'zone', operator: 'In', values: ['a', 'b'] },
              { key: 'gpu', operator: 'NotIn', values: ['no'] },
              { key: 'ssd', operator: 'Exists', values: [] },
              { key: 'spot', operator: 'DoesNotExist', values: [] },
              { key: 'cores', operator: 'Gt', values: ['4'] },
              { key: 'cores', operator: 'Lt', values: ['64'] },
            ],
            matchFields: [],
          },
          {
            matchExpressions: [],
            matchFields: [
              { key: 'metadata.name', operator: 'In', values: ['node-1'] },
              { key: 'metadata.name', operator: 'NotIn', values: ['node-2'] },
            ],
          },
        ],
        preferred: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [] } }],
      },
    });
  });

  it('absent affinity stays undefined; preferred-only node affinity has no required part', () => {
    expect(specOf('').affinity).toBeUndefined();
    expect(specOf('affinity: {nodeAffinity: {}}').affinity).toEqual({ nodeAffinity: { preferred: [] } });
  });
});

describe('affinity: pod (anti-)affinity', () => {
  it('terms keep namespaces, namespaceSelector, topologyKey and both key lists; matchLabelKeys merged (KEP-3633)', () => {
    // The pod's labels are {app: p}: matchLabelKeys [app] adds `app In (p)`, mismatchLabelKeys [app]... on the
    // anti-affinity term adds `app NotIn (p)`; `tier` is not a label of the pod, so it adds nothing.
    const spec = specOf(`affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {role: cache}}
        namespaces: [shop]
        namespaceSelector: {matchLabels: {team: a}}
        topologyKey: topology.kubernetes.io/zone
        matchLabelKeys: [app, tier]
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          labelSelector: {matchExpressions: [{key: role, operator: Exists}]}
          topologyKey: kubernetes.io/hostname
          mismatchLabelKeys: [app]`);
    expect(spec.affinity).toEqual({
      podAffinity: {
        required: [
          {
            labelSelector: { matchLabels: { role: 'cache' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['p'] }] },
            namespaces: ['shop'],
            namespaceSelector: { matchLabels: { team: 'a' } },
            topologyKey: 'topology.kubernetes.io/zone',
            matchLabelKeys: ['app', 'tier'],
            mismatchLabelKeys: [],
          },
        ],
        preferred: [],
      },
      podAntiAffinity: {
        required: [],
        preferred: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchExpressions: [{ key: 'role', operator: 'Exists' }, { key: 'app', operator: 'NotIn', values: ['p'] }] },
              namespaces: [],
              topologyKey: 'kubernetes.io/hostname',
              matchLabelKeys: [],
              mismatchLabelKeys: ['app'],
            },
          },
        ],
      },
    });
  });

  it('a nil labelSelector stays undefined (matches no pod); {} stays {} (every pod)', () => {
    const spec = specOf(`affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - {topologyKey: kubernetes.io/hostname}
      - {topologyKey: kubernetes.io/hostname, labelSelector: {}, namespaceSelector: {}}`);
    const [nil, empty] = spec.affinity!.podAntiAffinity!.required;
    expect(nil.labelSelector).toBeUndefined();
    expect(nil.namespaceSelector).toBeUndefined();
    expect(empty.labelSelector).toEqual({});
    expect(empty.namespaceSelector).toEqual({});
  });
});

describe('topologySpreadConstraints', () => {
  it('every field as written; matchLabelKeys kept (the plugin merges them); none → []', () => {
    const spec = specOf(`topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: p}}
    minDomains: 3
    nodeAffinityPolicy: Ignore
    nodeTaintsPolicy: Honor
    matchLabelKeys: [pod-template-hash]
  - {maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}`);
    expect(spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'p' } },
        minDomains: 3,
        nodeAffinityPolicy: 'Ignore',
        nodeTaintsPolicy: 'Honor',
        matchLabelKeys: ['pod-template-hash'],
      },
      { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', matchLabelKeys: [] },
    ]);
    expect(specOf('').topologySpreadConstraints).toEqual([]);
  });
});

describe('schedulerName, priorityClassName, priority, preemptionPolicy', () => {
  it.each([
    // [spec lines, expected fields]
    ['', { schedulerName: 'default-scheduler' }],
    ['schedulerName: ""', { schedulerName: 'default-scheduler' }], // SetDefaults_PodSpec: "" is the default
    ['priorityClassName: system-node-critical', { schedulerName: 'default-scheduler', priorityClassName: 'system-node-critical' }],
    ['priority: 7\npreemptionPolicy: Never', { schedulerName: 'default-scheduler', priority: 7, preemptionPolicy: 'Never' }],
  ])('%j', (lines, expected) => {
    const s = specOf(lines);
    expect({ schedulerName: s.schedulerName, priorityClassName: s.priorityClassName, priority: s.priority, preemptionPolicy: s.preemptionPolicy }).toEqual({
      priorityClassName: undefined,
      priority: undefined,
      preemptionPolicy: undefined,
      ...expected,
    });
  });
});

describe('kubectl create deployment web --image=nginx --replicas=6 --dry-run=client -o yaml, with affinity and spread added', () => {
  // The manifest kubectl writes (v1.3x), with `affinity` and `topologySpreadConstraints` added to the pod spec.
  const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 6
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 50
            podAffinityTerm:
              labelSelector:
                matchLabels:
                  app: web
              topologyKey: kubernetes.io/hostname
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            app: web
        matchLabelKeys:
        - pod-template-hash
status: {}
`;

  it('loads into the expected resolved spec', () => {
    const w = load(manifest).workloads[0];
    expect(w.replicas).toBe(6);
    const { affinity, topologySpreadConstraints, schedulerName, priorityClassName } = w.template.spec;
    expect({ affinity, topologySpreadConstraints, schedulerName, priorityClassName }).toEqual({
      affinity: {
        podAntiAffinity: {
          required: [],
          preferred: [
            {
              weight: 50,
              podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, namespaces: [], topologyKey: 'kubernetes.io/hostname', matchLabelKeys: [], mismatchLabelKeys: [] },
            },
          ],
        },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'web' } },
          matchLabelKeys: ['pod-template-hash'],
        },
      ],
      schedulerName: 'default-scheduler',
      priorityClassName: undefined,
    });
  });
});

describe('bad scheduling fields: one located line each', () => {
  const AFF = 'spec.affinity';
  const NA = `${AFF}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
  const TERM0 = `${NA}.nodeSelectorTerms[0]`;
  const req = (expr: string, key = 'matchExpressions') =>
    `affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - ${key}:\n            - ${expr}`;
  const podTerm = (term: string, kind = 'podAffinity') => `affinity:\n  ${kind}:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      - ${term}`;
  const tsc = (c: string) => `topologySpreadConstraints:\n  - ${c}`;
  const TSC0 = 'spec.topologySpreadConstraints[0]';

  it.each([
    // node affinity (ValidateNodeSelectorRequirement, validateNodeFieldSelectorRequirement); the expression is on line 12
    [req('{key: zone, operator: In, values: []}'), `x.yaml:12: ${TERM0}.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`],
    [req('{key: zone, operator: NotIn}'), `x.yaml:12: ${TERM0}.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`],
    [req('{key: ssd, operator: Exists, values: ["1"]}'), `x.yaml:12: ${TERM0}.matchExpressions[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`],
    [req('{key: cores, operator: Gt, values: ["1", "2"]}'), `x.yaml:12: ${TERM0}.matchExpressions[0].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`],
    [
      req('{key: cores, operator: Lt, values: [many]}'),
      `x.yaml:12: ${TERM0}.matchExpressions[0].values: Invalid value: "many": must be an integer when \`operator\` is 'Lt' or 'Gt' (k8sim: upstream accepts it and the term never matches)`,
    ],
    [req('{key: -bad, operator: Exists}'), `x.yaml:12: ${TERM0}.matchExpressions[0].key: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`],
    [req('{key: metadata.name, operator: Exists}', 'matchFields'), `x.yaml:12: ${TERM0}.matchFields[0].operator: Invalid value: "Exists": not a valid selector operator`],
    [req('{key: metadata.name, operator: In, values: [a, b]}', 'matchFields'), `x.yaml:12: ${TERM0}.matchFields[0].values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`],
    [req('{key: metadata.labels, operator: In, values: [a]}', 'matchFields'), `x.yaml:12: ${TERM0}.matchFields[0].key: Invalid value: "metadata.labels": not a valid field selector key`],
    [
      'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms: []',
      `x.yaml:10: ${NA}.nodeSelectorTerms: Required value: must have at least one node selector term`,
    ],
    [
      'affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - {weight: 0, preference: {}}',
      `x.yaml:10: ${AFF}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100`,
    ],
    // pod (anti-)affinity (validatePodAffinityTerm, validateWeightedPodAffinityTerms, validateMatchLabelKeysAndMismatchLabelKeys); the term is on line 10
    [podTerm('{topologyKey: ""}'), `x.yaml:10: ${AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty`],
    [
      podTerm('{topologyKey: "a/b/c"}', 'podAntiAffinity'),
      `x.yaml:10: ${AFF}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'`,
    ],
    [
      'affinity:\n  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - {weight: 101, podAffinityTerm: {topologyKey: zone}}',
      `x.yaml:10: ${AFF}.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100`,
    ],
    [
      podTerm('{topologyKey: zone, matchLabelKeys: [app]}'),
      `x.yaml:10: ${AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set`,
    ],
    [
      podTerm('{topologyKey: zone, labelSelector: {matchLabels: {app: p}}, matchLabelKeys: [app]}'),
      `x.yaml:10: ${AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector`,
    ],
    [
      podTerm('{topologyKey: zone, labelSelector: {}, matchLabelKeys: [app], mismatchLabelKeys: [app]}'),
      `x.yaml:10: ${AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and mismatchLabelKeys`,
    ],
    [
      podTerm('{topologyKey: zone, labelSelector: {matchExpressions: [{key: app, operator: In}]}}'),
      `x.yaml:10: ${AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: for 'in', 'notin' operators, values set can't be empty`,
    ],
    [podTerm('{topologyKey: zone, namespaces: [Shop]}'), `x.yaml:10: ${AFF}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]: Invalid value: "Shop": a lowercase RFC 1123 label (a namespace name) is expected`],
    // topologySpreadConstraints (validateTopologySpreadConstraints); the constraint is on line 8
    [tsc('{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}'), `x.yaml:8: ${TSC0}.maxSkew: Invalid value: 0: must be greater than zero`],
    [tsc('{maxSkew: 1, topologyKey: "", whenUnsatisfiable: DoNotSchedule}'), `x.yaml:8: ${TSC0}.topologyKey: Required value: can not be empty`],
    [tsc('{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 0}'), `x.yaml:8: ${TSC0}.minDomains: Invalid value: 0: must be greater than zero`],
    [
      tsc('{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}'),
      `x.yaml:8: ${TSC0}.minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`,
    ],
    [
      'topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n  - {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}',
      `x.yaml:8: ${TSC0}: Duplicate value: "{zone, DoNotSchedule}"`,
    ],
    [
      tsc('{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: p}}, matchLabelKeys: [app]}'),
      `x.yaml:8: ${TSC0}.matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector`,
    ],
    [tsc('{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [app]}'), `x.yaml:8: ${TSC0}.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set`],
    // enums the OpenAPI schema already refuses
    [tsc('{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Sometimes}'), `x.yaml:8: ${TSC0}.whenUnsatisfiable: expected one of DoNotSchedule, ScheduleAnyway, got "Sometimes"`],
    // names
    ['schedulerName: Bin_Packer', 'x.yaml:7: spec.schedulerName: invalid name "Bin_Packer": expected a DNS-1123 subdomain'],
    ['priorityClassName: High', 'x.yaml:7: spec.priorityClassName: invalid name "High": expected a DNS-1123 subdomain'],
    ['preemptionPolicy: Sometimes', 'x.yaml:7: spec.preemptionPolicy: expected one of Never, PreemptLowerPriority, got "Sometimes"'],
  ])('%s', (lines, message) => {
    expect(errorOf(pod(lines))).toBe(message);
  });
});
