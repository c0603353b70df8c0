/**
 * The instance catalogue and Simulation spec.cloud (issue #10): vector KP-16 (KWOK loading with its defaults), the
 * generated 144-type KWOK catalogue (reference §8), the provisioning block, and each validated rule's located error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seconds } from '../../engine/time';
import { kwokCatalogue } from '../../models/cloud/catalogue';
import { parseCatalogueJson } from '../../scenarios/kinds/catalogue';
import { loadScenario } from '../../scenarios/load';
import { errorOf, load } from './helpers';
import { parseYamlDocuments } from '../../scenarios/located';
import { Fields } from '../../scenarios/kinds/fields';
import { readSimulationSpec } from '../../scenarios/kinds/simulation';

const Mi = 2 ** 20;

describe('KP-16: KWOK catalogue loading (setDefaultOptions, newInstanceType, parseSizeFromType, parseFamilyFromType)', () => {
  const json = JSON.stringify([
    {
      name: 'c-4x-amd64-linux',
      architecture: 'amd64',
      operatingSystems: ['linux'],
      resources: { cpu: '4', memory: '8Gi', pods: '64' },
      offerings: [
        { Price: 0.07601295421439999, Available: true, Requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }, { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['test-zone-a'] }] },
        { Price: 0.108589934592, Available: true, Requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }, { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['test-zone-a'] }] },
      ],
    },
    {
      name: 'm5.large',
      architecture: 'amd64',
      operatingSystems: ['linux'],
      resources: { cpu: '2', memory: '8Gi' },
      offerings: [{ Price: 0.096, Available: false, Requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }, { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-x'] }] }],
    },
  ]);
  const cat = parseCatalogueJson('types.json', json, 0);
  const kwokLabels = (name: string) => {
    const l = cat.get(name)!.labels;
    const out: Record<string, string> = {};
    for (const k of Object.keys(l).filter((k) => k.startsWith('karpenter.kwok.sh/'))) out[k] = l[k];
    return out;
  };

  test.each([
    // allocatable = capacity − 100m / 10Mi: 4000 − 100 = 3900m, 8192Mi − 10Mi = 8182Mi; pods as given (64) or 110.
    ['c-4x-amd64-linux', { cpuMilli: 3900, memoryBytes: 8182 * Mi, pods: 64 }, { 'karpenter.kwok.sh/instance-size': '4', 'karpenter.kwok.sh/instance-family': 'c', 'karpenter.kwok.sh/instance-cpu': '4', 'karpenter.kwok.sh/instance-memory': '8Gi' }],
    ['m5.large', { cpuMilli: 1900, memoryBytes: 8182 * Mi, pods: 110 }, { 'karpenter.kwok.sh/instance-size': 'large', 'karpenter.kwok.sh/instance-family': 'm5', 'karpenter.kwok.sh/instance-cpu': '2', 'karpenter.kwok.sh/instance-memory': '8Gi' }],
  ])('KP-16 %s: allocatable and labels', (name, allocatable, labels) => {
    expect(cat.get(name)!.allocatable).toEqual(allocatable);
    expect(kwokLabels(name)).toEqual(labels);
  });

  test('KP-16 c-4x-amd64-linux: zones [test-zone-a], capacity types [spot, on-demand] in offering order', () => {
    const o = cat.get('c-4x-amd64-linux')!.offerings;
    expect([...new Set(o.map((x) => x.zone))]).toEqual(['test-zone-a']);
    expect(o.map((x) => x.capacityType)).toEqual(['spot', 'on-demand']);
    expect(o.map((x) => x.pricePerHour)).toEqual([0.07601295421439999, 0.108589934592]);
  });

  test('KP-16 m5.large: the loader forces Available = true', () => {
    expect(cat.get('m5.large')!.offerings.map((o) => o.available)).toEqual([true]);
  });
});

describe('the embedded KWOK catalogue (gen_instance_types.go)', () => {
  const cat = kwokCatalogue();

  test('144 types = 12 CPU sizes × 3 families × 2 os × 2 arch; order cpu, family, os, arch', () => {
    expect(cat.types.length).toBe(144);
    expect(cat.types.slice(0, 5).map((t) => t.name)).toEqual(['c-1x-amd64-linux', 'c-1x-arm64-linux', 'c-1x-amd64-windows', 'c-1x-arm64-windows', 's-1x-amd64-linux']);
    expect(cat.types.at(-1)!.name).toBe('m-256x-arm64-windows');
  });

  test.each([
    // on-demand 0.025·cpu + 0.001·bytes/1e9; spot 0.7 × that (reference §8 examples).
    ['c-1x-amd64-linux', 0.027147483648, 0.0190032385536],
    ['s-4x-amd64-linux', 0.117179869184, 0.0820259084288],
  ])('%s: on-demand %f, spot %f $/h', (name, onDemand, spot) => {
    const o = cat.get(name)!.offerings;
    expect(o.find((x) => x.capacityType === 'on-demand')!.pricePerHour).toBeCloseTo(onDemand, 12);
    expect(o.find((x) => x.capacityType === 'spot')!.pricePerHour).toBeCloseTo(spot, 12);
  });

  test('offerings: zones a–d, spot then on-demand in each; pods min(16·cpu, 1024)', () => {
    const t = cat.get('m-128x-amd64-linux')!;
    expect(t.offerings.map((o) => `${o.zone}/${o.capacityType}`)).toEqual(['test-zone-a', 'test-zone-b', 'test-zone-c', 'test-zone-d'].flatMap((z) => [`${z}/spot`, `${z}/on-demand`]));
    expect(t.capacity).toEqual({ cpuMilli: 128000, memoryBytes: 1024 * 2 ** 30, pods: 1024 });
    expect(cat.get('c-2x-amd64-linux')!.capacity.pods).toBe(32);
  });
});

describe('Simulation spec.cloud', () => {
  const sim = (cloud: string) => ['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec:', `  cloud: ${cloud}`].join('\n');

  test('absent: no cloud settings (the Simulation uses DEFAULT_CLOUD_SETTINGS)', () => {
    expect(load(['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec: {}'].join('\n')).cloud).toBeUndefined();
  });

  test('kwok, provisioning with a distribution, spot rate', () => {
    const s = load(sim('{instanceTypes: kwok, spotInterruptionRatePerHour: 0.05, provisioning: {registered: 30s, ready: {uniform: {min: 50s, max: 70s}}, failureProbability: 0.1}}'));
    expect(s.cloud!.catalogue.types.length).toBe(144);
    expect(s.cloud!.catalogue.get('c-1x-amd64-linux')!.offerings[0]).toMatchObject({ capacityType: 'spot', interruptionRatePerHour: 0.05 });
    expect(s.cloud!.provisioning).toEqual({
      registered: { kind: 'fixed', value: seconds(30) },
      ready: { kind: 'uniform', min: seconds(50), max: seconds(70) },
      failureProbability: 0.1,
      failureClass: 'OutOfResource',
    });
  });

  test('an inline list in the older shape (capacityType, zone, price)', () => {
    const s = load(sim("{instanceTypes: [{name: small, resources: {cpu: '2', memory: 4Gi}, offerings: [{capacityType: on-demand, zone: z1, price: 0.1}]}]}"));
    expect(s.cloud!.catalogue.get('small')!.offerings).toEqual([{ zone: 'z1', capacityType: 'on-demand', pricePerHour: 0.1, available: true, interruptionRatePerHour: 0 }]);
  });

  test('a JSON file relative to the Simulation file, listed as an input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8sim-cat-'));
    writeFileSync(join(dir, 'types.json'), JSON.stringify([{ name: 'a', resources: { cpu: '1', memory: '1Gi' }, offerings: [{ Price: 0.01, Requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }, { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z1'] }] }] }]));
    writeFileSync(join(dir, 'sim.yaml'), sim('{instanceTypes: types.json}'));
    const s = loadScenario([join(dir, 'sim.yaml')]);
    expect(s.cloud!.catalogue.get('a')!.offerings.map((o) => o.capacityType)).toEqual(['spot', 'on-demand']);
    expect(s.inputFiles.map((f) => f.file)).toContain(join(dir, 'types.json'));
  });

  test.each([
    ['bad JSON', () => parseCatalogueJson('t.json', '[\n{"name": "a",\n}]', 0), /^t\.json:3: malformed JSON/],
    ['unknown type field', () => errorOf(sim("{instanceTypes: [{name: a, cpu: 2, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: 1, zone: z, capacityType: spot}]}]}")), /x\.yaml:4: spec\.cloud\.instanceTypes\[0\]\.cpu: unknown field/],
    ['negative price', () => errorOf(sim("{instanceTypes: [{name: a, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: -1, zone: z, capacityType: spot}]}]}")), /instanceTypes\[0\]\.offerings\[0\]\.price: expected a price ≥ 0/],
    ['duplicate type name', () => errorOf(sim("{instanceTypes: [{name: a, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: 1, zone: z, capacityType: spot}]}, {name: a, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: 1, zone: z, capacityType: spot}]}]}")), /instanceTypes\[1\]\.name: duplicate instance type a/],
    ['unknown offering field', () => errorOf(sim("{instanceTypes: [{name: a, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: 1, zone: z, capacityType: spot, cost: 2}]}]}")), /offerings\[0\]\.cost: unknown field "cost"/],
    ['offering without a zone', () => errorOf(sim("{instanceTypes: [{name: a, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: 1, capacityType: spot}]}]}")), /offerings\[0\]: the offering names no zone/],
    ['unknown capacity type', () => errorOf(sim("{instanceTypes: [{name: a, resources: {cpu: '1', memory: 1Gi}, offerings: [{price: 1, zone: z, capacityType: cheap}]}]}")), /capacityType: expected one of on-demand, spot, reserved/],
    ['missing catalogue file', () => errorOf(sim('{instanceTypes: nope.json}')), /spec\.cloud\.instanceTypes: cannot read instance type catalogue .*nope\.json: ENOENT/],
    ['unknown cloud field', () => errorOf(sim('{zones: [a]}')), /spec\.cloud\.zones: unknown field/],
    ['failureProbability above 1', () => errorOf(sim('{provisioning: {failureProbability: 1.5}}')), /provisioning\.failureProbability: expected a probability between 0 and 1, got 1\.5/],
    ['ready before registered', () => errorOf(sim('{provisioning: {registered: 60s, ready: 30s}}')), /provisioning\.ready: expected ready ≥ registered/],
  ])('%s: located one-line error', (_what, run, re) => {
    let message = '';
    try {
      const r = run();
      message = typeof r === 'string' ? r : 'no error';
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(re);
    expect(message.split('\n').length).toBe(1);
  });
});

describe('timeline action interrupt', () => {
  test('reads {at, action: interrupt, node}; the node may be launched at run time (not checked)', () => {
    const s = load(['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec:', '  timeline:', '  - {at: 5m, action: interrupt, node: pool-a-x1}'].join('\n'));
    expect(s.timeline).toEqual([{ at: seconds(300), action: 'interrupt', node: 'pool-a-x1', source: { file: 'x.yaml', line: 5 } }]);
  });

  test('an unknown field is a located error', () => {
    expect(errorOf(['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec:', '  timeline:', '  - {at: 5m, action: interrupt, node: a, after: 2m}'].join('\n'))).toMatch(/x\.yaml:5: spec\.timeline\[0\]\.after: unknown field/);
  });
});

describe('nodePools instanceType / capacityType', () => {
  const pools = (pool: string, cloud = '{instanceTypes: kwok}') =>
    ['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec:', `  cloud: ${cloud}`, '  nodePools:', `  - ${pool}`].join('\n');

  test('allocatable from the type unless written; labels of the type, zone, capacity type; the instance reference', () => {
    const s = load(pools('{namePrefix: w, count: 2, instanceType: c-4x-amd64-linux, capacityType: spot, zones: [test-zone-b, test-zone-c], pods: 20}'));
    const [a, b] = s.nodes;
    // c-4x: 4 CPU, 8Gi → 3900m, 8182Mi; pods written (20).
    expect(a.allocatable).toEqual({ cpuMilli: 3900, memoryBytes: 8182 * 2 ** 20, pods: 20 });
    expect(a.labels).toMatchObject({ 'node.kubernetes.io/instance-type': 'c-4x-amd64-linux', 'karpenter.sh/capacity-type': 'spot', 'topology.kubernetes.io/zone': 'test-zone-b', 'karpenter.kwok.sh/instance-family': 'c', 'kubernetes.io/hostname': 'w-1' });
    expect(a.instance).toEqual({ instanceType: 'c-4x-amd64-linux', zone: 'test-zone-b', capacityType: 'spot', pool: 'w' });
    expect(b.instance!.zone).toBe('test-zone-c');
  });

  test('billed from t = 0 at the offering price; nodes.csv has the instance columns and owner Static/<pool>', async () => {
    const { Simulation } = await import('../../models/simulation');
    const { MemoryRecorder } = await import('../../models/recorder');
    const s = load(pools('{namePrefix: w, count: 2, instanceType: c-1x-amd64-linux}'));
    const rec = new MemoryRecorder();
    const sim = new Simulation(s, rec);
    sim.runUntil(seconds(3600));
    // 2 nodes × 1 h × 0.027147483648 $/h (c-1x on-demand).
    expect(sim.cloud.costUsd(sim.now)).toBeCloseTo(2 * 0.027147483648, 12);
    expect(rec.nodes[0]).toMatchObject({ node: 'w-1', instanceType: 'c-1x-amd64-linux', zone: 'test-zone-a', capacityType: 'on-demand', owner: 'Static/w', reason: 'added' });
    expect(rec.nodes[0].pricePerHour).toBeCloseTo(0.027147483648, 12);
  });

  test.each([
    ['an unknown type', pools('{namePrefix: w, instanceType: nope}'), /x\.yaml:6: spec\.nodePools\[0\]\.instanceType: no instance type "nope" in the catalogue/],
    ['no catalogue', pools('{namePrefix: w, instanceType: nope}', '{}'), /no instance type "nope" in the catalogue \(the Simulation has no spec\.cloud\.instanceTypes\)/],
    ['no such offering in the zone', pools('{namePrefix: w, instanceType: c-1x-amd64-linux, zone: mars}'), /spec\.nodePools\[0\]\.instanceType: instance type c-1x-amd64-linux has no on-demand offering in zone mars/],
    ['capacityType without a type', pools('{namePrefix: w, capacityType: spot}'), /spec\.nodePools\[0\]\.capacityType: needs an instanceType/],
  ])('%s: located error', (_what, text, re) => {
    expect(errorOf(text)).toMatch(re);
  });
});

describe('nodePools provisioning', () => {
  const spec = (pool: string) => {
    const text = ['spec:', '  cloud: {provisioning: {registered: 30s, ready: 90s, failureProbability: 0.2}}', '  nodePools:', `  - ${pool}`].join('\n');
    const doc = parseYamlDocuments('x.yaml', text)[0];
    return readSimulationSpec(Fields.of(doc, ['spec'], (doc.value as { spec: unknown }).spec));
  };

  test('a pool block on top of spec.cloud.provisioning (fields it leaves out come from the Simulation)', () => {
    expect(spec('{namePrefix: w, provisioning: {ready: 120s}}').nodePools![0].provisioning).toEqual({
      registered: { kind: 'fixed', value: seconds(30) },
      ready: { kind: 'fixed', value: seconds(120) },
      failureProbability: 0.2,
      failureClass: 'OutOfResource',
    });
    expect(spec('{namePrefix: w}').nodePools![0].provisioning).toBeUndefined();
  });

  test('checked like spec.cloud.provisioning: ready before the Simulation registered is a located error', () => {
    expect(() => spec('{namePrefix: w, provisioning: {ready: 10s}}')).toThrow(/x\.yaml:4: spec\.nodePools\[0\]\.provisioning\.ready: expected ready ≥ registered/);
  });
});
