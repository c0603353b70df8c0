/**
 * The scheduler's inputs beyond the pod spec: KubeSchedulerConfiguration (profile merging, plugin args, queue
 * settings), PriorityClass, the references pod templates make to both, node pool zones and regions, Namespace labels.
 * `cfg(body)` writes a KubeSchedulerConfiguration whose body starts at line 3.
 */
import { errorOf, load, webDeployment } from './helpers';
import { DEFAULT_PLUGIN_ARGS, DEFAULT_PROFILE, DEFAULT_SCORE_WEIGHTS, FILTER_ORDER } from '../../models/scheduler/config';
import { seconds } from '../../engine/time';
import { readFileSync } from 'fs';
import { join } from 'path';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
const cfg = (body: string) => HEAD + body;
const profiles = (body: string) => load(cfg(body)).scheduler.profiles!;
const profile = (body: string) => profiles(body)[0];
const P0 = 'profiles[0]';

describe('KubeSchedulerConfiguration: profile merging (default_plugins.go mergePlugins, framework.go expandMultiPointPlugins)', () => {
  it('no configuration: no profiles (the model uses DEFAULT_PROFILE)', () => {
    expect(load('').scheduler.profiles).toBeUndefined();
  });

  it.each([
    ['a default-scheduler profile without plugins', 'profiles: [{schedulerName: default-scheduler}]'],
    ['no profiles at all (SetDefaults: one default-scheduler profile)', 'percentageOfNodesToScore: 0'],
    ['schedulerName left out', 'profiles: [{}]'],
  ])('%s = the default profile', (_, body) => {
    expect(profiles(body)).toEqual([DEFAULT_PROFILE]);
  });

  it("disable '*' score + enable NodeResourcesFit weight 5: the only score plugin, filters and preemption unchanged", () => {
    const p = profile(`profiles:
  - plugins:
      score:
        disabled: [{name: "*"}]
        enabled: [{name: NodeResourcesFit, weight: 5}]`);
    expect(p).toEqual({ ...DEFAULT_PROFILE, scores: [{ name: 'NodeResourcesFit', weight: 5 }] });
  });

  it('MostAllocated args (bin packing), BalancedAllocation off', () => {
    const p = profile(`profiles:
  - schedulerName: bin-packing
    plugins:
      multiPoint:
        disabled: [{name: NodeResourcesBalancedAllocation}]
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy:
            type: MostAllocated
            resources: [{name: cpu, weight: 2}, {name: memory}]`);
    expect(p.schedulerName).toBe('bin-packing');
    expect(p.args).toEqual({ ...DEFAULT_PLUGIN_ARGS, nodeResourcesFit: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] } } });
    expect(p.scores.map((s) => s.name)).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'ImageLocality']);
  });

  it('two profiles, in order, each resolved on its own', () => {
    const ps = profiles(`profiles:
  - schedulerName: default-scheduler
  - schedulerName: no-preemption
    plugins:
      postFilter: {disabled: [{name: DefaultPreemption}]}`);
    expect(ps).toEqual([DEFAULT_PROFILE, { ...DEFAULT_PROFILE, schedulerName: 'no-preemption', preemption: false }]);
  });

  it.each([
    // [plugins, what changes from the default profile]
    // a filter disabled at the Filter point only: still scores (TaintToleration keeps its weight 3)
    ['filter: {disabled: [{name: TaintToleration}]}', { filters: FILTER_ORDER.filter((n) => n !== 'TaintToleration') }],
    // disabled in multiPoint: gone from every point
    ['multiPoint: {disabled: [{name: NodeAffinity}]}', { filters: FILTER_ORDER.filter((n) => n !== 'NodeAffinity'), scores: DEFAULT_SCORE_WEIGHTS.filter((w) => w.name !== 'NodeAffinity') }],
    // an explicit Score entry overrides the MultiPoint weight (getScoreWeights: the Score point's own weight first)
    ['score: {enabled: [{name: NodeAffinity, weight: 7}]}', { scores: DEFAULT_SCORE_WEIGHTS.map((w) => (w.name === 'NodeAffinity' ? { ...w, weight: 7 } : w)) }],
    // re-listed in multiPoint without a weight: replaces the default entry (weight 3) → weight 0 → 1 (getScoreWeights)
    ['multiPoint: {enabled: [{name: TaintToleration}]}', { scores: DEFAULT_SCORE_WEIGHTS.map((w) => (w.name === 'TaintToleration' ? { ...w, weight: 1 } : w)) }],
    // multiPoint '*' with every filter re-enabled at Filter: no score plugin, no preemption (sort and bind re-enabled)
    [
      "multiPoint: {disabled: [{name: '*'}]}\n      queueSort: {enabled: [{name: PrioritySort}]}\n      bind: {enabled: [{name: DefaultBinder}]}\n      filter: {enabled: [{name: NodeResourcesFit}, {name: NodeName}]}",
      { filters: ['NodeName', 'NodeResourcesFit'], scores: [], preemption: false },
    ],
    // inert plugins: accepted, no effect
    ['multiPoint: {disabled: [{name: VolumeBinding}, {name: NodePorts}, {name: SchedulingGates}, {name: EBSLimits}]}', {}],
  ])('%s', (plugins, change) => {
    expect(profile(`profiles:\n  - plugins:\n      ${plugins}`)).toEqual({ ...DEFAULT_PROFILE, ...change });
  });

  it('plugin args: defaults, each args kind, percentageOfNodesToScore per profile and overall', () => {
    const s = load(
      cfg(`percentageOfNodesToScore: 50
profiles:
  - percentageOfNodesToScore: 20
    pluginConfig:
      - name: NodeResourcesFit
        args:
          apiVersion: kubescheduler.config.k8s.io/v1
          kind: NodeResourcesFitArgs
          scoringStrategy:
            type: RequestedToCapacityRatio
            requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}, {utilization: 100, score: 10}]}
      - {name: NodeResourcesBalancedAllocation, args: {resources: [{name: cpu, weight: 1}]}}
      - name: PodTopologySpread
        args: {defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}]}
      - {name: InterPodAffinity, args: {hardPodAffinityWeight: 0, ignorePreferredTermsOfExistingPods: true}}
      - {name: DefaultPreemption, args: {minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 5}}
      - {name: VolumeBinding, args: {bindTimeoutSeconds: 600}}`),
    ).scheduler;
    expect(s.percentageOfNodesToScore).toBe(50);
    expect(s.profiles![0].percentageOfNodesToScore).toBe(20);
    expect(s.profiles![0].args).toEqual({
      // resources left out → cpu 1, memory 1 (SetDefaults_NodeResourcesFitArgs)
      nodeResourcesFit: {
        scoringStrategy: { type: 'RequestedToCapacityRatio', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }], shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] },
      },
      balancedAllocation: { resources: [{ name: 'cpu', weight: 1 }] },
      podTopologySpread: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }] },
      interPodAffinity: { hardPodAffinityWeight: 0, ignorePreferredTermsOfExistingPods: true },
      defaultPreemption: { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 5 },
    });
  });

  it('PodTopologySpreadArgs: List with no constraints is allowed (no default spreading)', () => {
    expect(profile('profiles: [{pluginConfig: [{name: PodTopologySpread, args: {defaultingType: List}}]}]').args.podTopologySpread).toEqual({ defaultingType: 'List', defaultConstraints: [] });
  });

  it('back-off: written values replace the Simulation’s; process settings accepted and ignored', () => {
    const s = load(
      cfg(`podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 30
parallelism: 16
leaderElection: {leaderElect: false}
clientConnection: {kubeconfig: /etc/kubernetes/scheduler.conf}
---
apiVersion: k8sim/v1alpha1
kind: Simulation
spec:
  scheduler: {initialBackoff: 1s, maxBackoff: 10s, maxInUnschedulable: 1m}`),
    ).scheduler;
    expect([s.initialBackoff, s.maxBackoff, s.maxInUnschedulable]).toEqual([seconds(2), seconds(30), seconds(60)]);
  });
});

describe('KubeSchedulerConfiguration: errors', () => {
  const plugins = (p: string) => cfg(`profiles:\n  - plugins:\n      ${p}`); // the plugin set is on line 5
  const args = (name: string, a: string) => cfg(`profiles:\n  - pluginConfig:\n      - name: ${name}\n        args: ${a}`); // args on line 6
  const PC = `${P0}.pluginConfig[0].args`;

  it.each([
    [plugins('score: {enabled: [{name: NodeResourceFit}]}'), `x.yaml:5: ${P0}.plugins.score.enabled[0].name: plugin "NodeResourceFit" does not exist, did you mean "NodeResourcesFit"?`],
    [plugins('filter: {disabled: [{name: Taints}]}'), `x.yaml:5: ${P0}.plugins.filter.disabled[0].name: plugin "Taints" does not exist; k8sim knows: PrioritySort, NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread, InterPodAffinity, DefaultPreemption, NodeResourcesBalancedAllocation, ImageLocality, DefaultBinder, SchedulingGates, NodePorts, VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone, EBSLimits, GCEPDLimits, AzureDiskLimits, CinderLimits`],
    [plugins('filter: {enabled: [{name: ImageLocality}]}'), `x.yaml:5: ${P0}.plugins.filter.enabled[0].name: plugin "ImageLocality" does not extend FilterPlugin plugin`],
    [plugins('score: {enabled: [{name: ImageLocality}, {name: ImageLocality}]}'), `x.yaml:5: ${P0}.plugins.score.enabled[1]: plugin "ImageLocality" already registered as "ScorePlugin"`],
    [plugins('filter: {enabled: [{name: EBSLimits}]}'), `x.yaml:5: ${P0}.plugins.filter.enabled[0]: Invalid value: "EBSLimits": was invalid in version "kubescheduler.config.k8s.io/v1" (KubeSchedulerConfiguration is version "kubescheduler.config.k8s.io/v1")`],
    [plugins('queueSort: {disabled: [{name: PrioritySort}]}'), `x.yaml:5: ${P0}.plugins.queueSort: no queue sort plugin is enabled`],
    [plugins("bind: {disabled: [{name: '*'}]}"), `x.yaml:5: ${P0}.plugins.bind: at least one bind plugin is needed`],
    [plugins('score: {enabled: [{name: ImageLocality, weight: -1}]}'), `x.yaml:5: ${P0}.plugins.score.enabled[0].weight: expected an integer ≥ 0, got -1`],
    [plugins('prescore: {}'), `x.yaml:5: ${P0}.plugins.prescore: unknown field "${P0}.plugins.prescore", did you mean "preScore"?`],
    [cfg('profiles:\n  - schedulerName: a\n  - schedulerName: a'), `x.yaml:5: profiles[1].schedulerName: Duplicate value: "profiles[0].schedulerName" (schedulerName "a")`],
    [cfg('extenders: [{urlPrefix: "http://x"}]'), 'x.yaml:3: extenders: not supported: k8sim does not call scheduler extenders (HTTP webhooks); use plugins and pluginConfig'],
    [cfg('percentageOfNodesToScore: 101'), 'x.yaml:3: percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'],
    [cfg('profiles: [{percentageOfNodesToScore: -1}]'), `x.yaml:3: ${P0}.percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]`],
    [cfg('podInitialBackoffSeconds: 0'), 'x.yaml:3: podInitialBackoffSeconds: Invalid value: 0: must be greater than 0'],
    [cfg('podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 4'), 'x.yaml:4: podMaxBackoffSeconds: Invalid value: 4: must be greater than or equal to PodInitialBackoffSeconds'],
    // podMaxBackoffSeconds left out keeps the Simulation's (default 10 s)
    [cfg('podInitialBackoffSeconds: 20'), "x.yaml:3: podInitialBackoffSeconds: the back-off would be 20 s initial, 10 s max (the max from the Simulation's spec.scheduler or its default): expected max ≥ initial"],
    [cfg('parallelism: 0'), 'x.yaml:3: parallelism: Invalid value: 0: should be an integer value greater than zero'],
    ['apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nmetadata: {name: x}', 'x.yaml:3: metadata: unknown field "metadata"; expected one of: apiVersion, clientConnection, delayCacheUntilActive, enableContentionProfiling, enableProfiling, extenders, kind, leaderElection, parallelism, percentageOfNodesToScore, podInitialBackoffSeconds, podMaxBackoffSeconds, profiles'],
    [`${HEAD}---\n${HEAD}`, 'x.yaml:5: kind: more than one KubeSchedulerConfiguration (the first is at x.yaml:1); a scenario has at most one'],
    // pluginConfig (validation_pluginargs.go)
    [cfg('profiles:\n  - pluginConfig:\n      - {name: DefaultPreemption}\n      - {name: DefaultPreemption}'), `x.yaml:6: ${P0}.pluginConfig[1]: Duplicate value: "DefaultPreemption"`],
    [cfg('profiles:\n  - pluginConfig:\n      - {name: NodeResourceFit}'), `x.yaml:5: ${P0}.pluginConfig[0].name: plugin "NodeResourceFit" does not exist, did you mean "NodeResourcesFit"?`],
    [args('NodeResourcesFit', '{scoringStrategy: {type: Random}}'), `x.yaml:6: ${PC}.scoringStrategy.type: Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`],
    [args('NodeResourcesFit', '{scoringStrategy: {resources: [{name: cpu, weight: 101}]}}'), `x.yaml:6: ${PC}.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]`],
    [args('NodeResourcesFit', '{scoringStrategy: {resources: [{name: nvidia.com/gpu}]}}'), `x.yaml:6: ${PC}.scoringStrategy.resources[0].name: expected cpu or memory (the resources k8sim models), got "nvidia.com/gpu"`],
    [args('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio}}'), `x.yaml:6: ${PC}.scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is RequestedToCapacityRatio`],
    [args('NodeResourcesFit', '{scoringStrategy: {type: MostAllocated, requestedToCapacityRatio: {shape: []}}}'), `x.yaml:6: ${PC}.scoringStrategy.requestedToCapacityRatio: Forbidden: must be nil when type is not RequestedToCapacityRatio`],
    [args('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: []}}}'), `x.yaml:6: ${PC}.scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified`],
    [
      args('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 50, score: 1}, {utilization: 50, score: 2}]}}}'),
      `x.yaml:6: ${PC}.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 50: values must be sorted in increasing order`,
    ],
    [
      args('NodeResourcesFit', '{scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 0, score: 11}]}}}'),
      `x.yaml:6: ${PC}.scoringStrategy.requestedToCapacityRatio.shape[0].score: Invalid value: 11: not in valid range [0, 10]`,
    ],
    [args('NodeResourcesFit', '{kind: InterPodAffinityArgs}'), `x.yaml:6: ${PC}.kind: Invalid value: "InterPodAffinityArgs": has to match plugin args (expected NodeResourcesFitArgs)`],
    [args('NodeResourcesFit', '{scoringstrategy: {}}'), `x.yaml:6: ${PC}.scoringstrategy: unknown field "${PC}.scoringstrategy", did you mean "scoringStrategy"?`],
    [args('NodeResourcesBalancedAllocation', '{resources: [{name: cpu, weight: 2}]}'), `x.yaml:6: ${PC}.resources[0].weight: Invalid value: 2: must be 1`],
    [args('NodeResourcesBalancedAllocation', '{resources: [{name: cpu}, {name: cpu}]}'), `x.yaml:6: ${PC}.resources[1].name: Duplicate value: "cpu"`],
    [
      args('PodTopologySpread', '{defaultConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}'),
      `x.yaml:6: ${PC}.defaultingType: Invalid value: "System": when .defaultConstraints are not empty (defaultingType defaults to System; set defaultingType: List to use defaultConstraints)`,
    ],
    [args('PodTopologySpread', '{defaultingType: Custom}'), `x.yaml:6: ${PC}.defaultingType: Unsupported value: "Custom": supported values: "System", "List"`],
    [args('PodTopologySpread', '{defaultingType: List, defaultConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}'), `x.yaml:6: ${PC}.defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf)`],
    [
      args('PodTopologySpread', '{defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {}}]}'),
      `x.yaml:6: ${PC}.defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`,
    ],
    [
      args('PodTopologySpread', '{defaultingType: List, defaultConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}, {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}]}'),
      `x.yaml:6: ${PC}.defaultConstraints[1]: Duplicate value: "{zone, ScheduleAnyway}"`,
    ],
    [args('InterPodAffinity', '{hardPodAffinityWeight: 101}'), `x.yaml:6: ${PC}.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]`],
    [args('DefaultPreemption', '{minCandidateNodesPercentage: 101}'), `x.yaml:6: ${PC}.minCandidateNodesPercentage: Invalid value: 101: not in valid range [0, 100]`],
    [args('DefaultPreemption', '{minCandidateNodesAbsolute: -1}'), `x.yaml:6: ${PC}.minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)`],
    [args('DefaultPreemption', '{minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}'), `x.yaml:6: ${PC}.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute`],
    [args('NodeAffinity', '{addedAffinity: {}}'), `x.yaml:6: ${PC}.addedAffinity: not supported by k8sim (scheduler-enforced node affinity is not modelled)`],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('PriorityClass', () => {
  const pc = (name: string, rest: string) => `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: ${name}}\n${rest}`;

  it('value, globalDefault, preemptionPolicy (default PreemptLowerPriority), description → scheduler.priorityClasses', () => {
    const s = load([pc('high', 'value: 1000000\ndescription: user-facing'), pc('batch', 'value: -5\nglobalDefault: true'), pc('opportunistic', 'value: 10\npreemptionPolicy: Never')].join('\n---\n')).scheduler;
    expect(s.priorityClasses).toEqual([
      { name: 'high', value: 1000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'user-facing' },
      { name: 'batch', value: -5, globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' },
      { name: 'opportunistic', value: 10, globalDefault: false, preemptionPolicy: 'Never' },
    ]);
    expect(load('').scheduler.priorityClasses).toBeUndefined();
  });

  it.each([
    [pc('system-high', 'value: 1'), "x.yaml:3: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-high is not a known system priority class"],
    [pc('system-node-critical', 'value: 2000001000'), 'x.yaml:3: metadata.name: duplicate name: PriorityClass system-node-critical is built in (the API server creates it)'],
    [pc('huge', 'value: 1000000001'), 'x.yaml:4: value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
    [pc('a', 'value: 1\nglobalDefault: true') + '\n---\n' + pc('b', 'value: 2\nglobalDefault: true'), 'x.yaml:11: globalDefault: PriorityClass a is already marked as default. Only one default can exist'],
    [pc('a', 'value: 1') + '\n---\n' + pc('a', 'value: 2'), 'x.yaml:8: metadata.name: duplicate name: PriorityClass a is already defined at x.yaml:3'],
    [pc('a', 'globalDefault: true'), 'x.yaml:1: value: required field is missing'],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('what pod templates name: PriorityClasses and scheduler profiles, checked once every document is read', () => {
  // webDeployment with its pod spec opened on line 8 and `extra` written on line 9.
  const web = (extra: string) => webDeployment().replace('    spec: {containers: [{name: web, image: nginx}]}', `    spec:\n      ${extra}\n      containers: [{name: web, image: nginx}]`);

  it('a class declared after the Deployment, the built-in classes, a configured profile', () => {
    expect(load(web('priorityClassName: high') + 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 10').workloads[0].template.spec.priorityClassName).toBe('high');
    expect(load(web('priorityClassName: system-cluster-critical')).workloads).toHaveLength(1);
    expect(load(web('schedulerName: bin-packing') + cfg('profiles: [{schedulerName: default-scheduler}, {schedulerName: bin-packing}]')).workloads[0].template.spec.schedulerName).toBe('bin-packing');
  });

  it.each([
    [web('priorityClassName: gold'), 'x.yaml:9: spec.template.spec.priorityClassName: no PriorityClass with name gold was found (PriorityClasses: system-cluster-critical, system-node-critical)'],
    [
      web('schedulerName: bin-packing'),
      'x.yaml:9: spec.template.spec.schedulerName: no scheduler profile named "bin-packing" (profiles: default-scheduler); a real cluster would leave the pod Pending forever',
    ],
    // a configuration without a default-scheduler profile: pods that name none are refused too (located at their spec)
    [
      webDeployment() + cfg('profiles: [{schedulerName: bin-packing}]'),
      'x.yaml:8: spec.template.spec.schedulerName: no scheduler profile named "default-scheduler" (profiles: bin-packing); a real cluster would leave the pod Pending forever',
    ],
  ])('%#', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});

describe('node pools: zone, zones, region', () => {
  const sim = (pool: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  nodePools:\n    - ${pool}`; // the pool is on line 5
  const zoneOf = (pool: string) => load(sim(pool)).nodes.map((n) => [n.name, n.labels['topology.kubernetes.io/zone'], n.labels['topology.kubernetes.io/region']]);

  it('zone and region label every node; zones spread node i over zones[(i − 1) mod n]', () => {
    expect(zoneOf('{count: 2, zone: eu-1a, region: eu-1}')).toEqual([
      ['node-1', 'eu-1a', 'eu-1'],
      ['node-2', 'eu-1a', 'eu-1'],
    ]);
    // 5 nodes over 3 zones: 1→a, 2→b, 3→c, 4→a, 5→b
    expect(zoneOf('{count: 5, zones: [a, b, c]}')).toEqual([
      ['node-1', 'a', undefined],
      ['node-2', 'b', undefined],
      ['node-3', 'c', undefined],
      ['node-4', 'a', undefined],
      ['node-5', 'b', undefined],
    ]);
    // a label that says the same as zone is fine; other labels still apply
    expect(load(sim('{count: 1, zone: a, labels: {topology.kubernetes.io/zone: a, disk: ssd}}')).nodes[0].labels).toMatchObject({ 'topology.kubernetes.io/zone': 'a', disk: 'ssd' });
  });

  it.each([
    ['{zone: a, zones: [b]}', 'x.yaml:5: spec.nodePools[0].zones: zone and zones are exclusive (zone puts every node in one zone, zones spreads them round-robin)'],
    ['{zones: []}', 'x.yaml:5: spec.nodePools[0].zones: expected at least one zone'],
    ['{zone: "a b"}', `x.yaml:5: spec.nodePools[0].zone: invalid label value "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`],
    ['{zone: a, labels: {topology.kubernetes.io/zone: b}}', 'x.yaml:5: spec.nodePools[0].labels.topology.kubernetes.io/zone: conflicts with zone (a): leave the topology.kubernetes.io/zone label out, the pool sets it'],
    ['{region: r, labels: {topology.kubernetes.io/region: q}}', 'x.yaml:5: spec.nodePools[0].labels.topology.kubernetes.io/region: conflicts with region (r): leave the topology.kubernetes.io/region label out, the pool sets it'],
  ])('%s', (pool, message) => {
    expect(errorOf(sim(pool))).toBe(message);
  });
});

describe('Namespace labels → scheduler.namespaceLabels (for namespaceSelector)', () => {
  it('declared namespaces with their labels, sorted by name; none → undefined', () => {
    const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}`;
    expect(load([ns('shop', '{team: a}'), ns('batch', '{}')].join('\n---\n')).scheduler.namespaceLabels).toEqual({ batch: {}, shop: { team: 'a' } });
    expect(Object.keys(load([ns('shop', '{team: a}'), ns('batch', '{}')].join('\n---\n')).scheduler.namespaceLabels!)).toEqual(['batch', 'shop']);
    expect(load('').scheduler.namespaceLabels).toBeUndefined();
  });
});

describe('docs/scenario-reference.md: the bin-packing KubeSchedulerConfiguration example', () => {
  it('loads into the profiles the text describes', () => {
    const doc = readFileSync(join(__dirname, '../../docs/scenario-reference.md'), 'utf8');
    const block = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('kind: KubeSchedulerConfiguration'))!;
    const s = load(block).scheduler;
    expect(s.percentageOfNodesToScore).toBe(0);
    expect([s.initialBackoff, s.maxBackoff]).toEqual([seconds(1), seconds(10)]);
    expect(s.profiles).toEqual([
      {
        ...DEFAULT_PROFILE,
        // BalancedAllocation disabled in multiPoint; NodeResourcesFit's score entry (weight 5) overrides multiPoint's 1
        scores: DEFAULT_SCORE_WEIGHTS.filter((w) => w.name !== 'NodeResourcesBalancedAllocation').map((w) => (w.name === 'NodeResourcesFit' ? { ...w, weight: 5 } : w)),
        args: { ...DEFAULT_PLUGIN_ARGS, nodeResourcesFit: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } } },
      },
      { ...DEFAULT_PROFILE, schedulerName: 'spread-scheduler' },
    ]);
  });
});

describe('Simulation scheduler.untoleratedTaintReason', () => {
  const { load: loadText, errorOf: errorText } = require('./helpers') as typeof import('./helpers');
  const sim = (v: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec:\n  scheduler:\n    untoleratedTaintReason: ${v}\n`;
  test('generic (v1.35+) or perTaint (the default, ≤ v1.34)', () => {
    expect(loadText(sim('generic')).scheduler.untoleratedTaintReason).toBe('generic');
    expect(loadText('apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec: {}\n').scheduler.untoleratedTaintReason).toBeUndefined();
  });
  test('anything else is refused where it is written', () => {
    expect(errorText(sim('v135'))).toMatch(/:6: .*scheduler\.untoleratedTaintReason.*perTaint.*generic/);
  });
});
