/**
 * The provisioner end to end (vectors KP-03, KP-06, KP-07, KP-13, KP-14, KP-15) on a Simulation with the fake
 * cloud (NodeClaim model of the vectors: launched +0, registered +10 s, initialized +30 s).
 */
import { seconds } from '../../../engine/time';
import { K1 } from './catalogue';
import { deployment, harness, nodePoolYaml, SIMULATION } from './e2e';

const OD_POOL = (disruption = 'consolidateAfter: 0s') =>
  nodePoolYaml(
    'default',
    `  disruption: {${disruption}}
  template:
    spec:
      requirements:
        - {key: kubernetes.io/arch, operator: In, values: [amd64]}
        - {key: kubernetes.io/os, operator: In, values: [linux]}
        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}`,
  );

describe('provisioning end to end', () => {
  test('KP-03 a: 5 pods of 1000m in one batch → one c-8x NodeClaim; pods run once it is initialized', () => {
    const h = harness(SIMULATION() + OD_POOL() + deployment('web', 5, '1000m', '1Gi'), K1);
    h.sim.runUntil(seconds(60));
    const rows = h.rec.autoscalerRows.filter((r) => r.action === 'provision');
    expect(rows).toHaveLength(1);
    const claim = [...h.k.claims.values()][0];
    expect(claim.type.name).toBe('c-8x');
    expect(claim.name).toMatch(/^default-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // The pods become unschedulable at t = 0; the window closes 1 s later (idle); initialized 30 s after creation.
    expect(rows[0].time).toBe(seconds(1));
    expect(claim.initializedAt).toBe(seconds(31));
    const running = [...h.sim.ctx.store.list('Pod')].filter((p) => p.spec.nodeName === claim.name);
    expect(running).toHaveLength(5);
    const nominated = h.rec.events.filter((e) => e.reason === 'Nominated');
    expect(nominated.map((e) => e.message)).toContain(`Pod should schedule on: nodeclaim/${claim.name}`);
  });
});

const claimOfType = (h: ReturnType<typeof harness>, type: string) => [...h.k.claims.values()].filter((c) => c.type.name === type);
const eventsAt = (h: ReturnType<typeof harness>, reason: string) => h.rec.events.filter((e) => e.reason === reason).map((e) => ({ t: e.time / 1e6, object: `${e.kind}/${e.name}`, message: e.message }));

describe('KP-07 single-node replace end to end', () => {
  // 7 pods of 1000m launch one c-8x (7000m ≤ 7900m) at t = 1, initialized at 31; at 100 s the Deployment scales to 2.
  const timeline = `  timeline:\n    - {at: 100s, action: scale, target: deployment/web, replicas: 2}\n`;
  const h = harness(SIMULATION(timeline) + OD_POOL() + deployment('web', 7, '1000m', '1Gi'), K1);
  h.sim.runUntil(seconds(99));
  const n1 = claimOfType(h, 'c-8x')[0];
  test('KP-07 the starting node is one c-8x on-demand (0.40 $/h)', () => {
    expect(h.k.claims.size).toBe(1);
    expect(n1.offering.pricePerHour).toBe(0.4);
  });
  test('KP-07 the pass at 105 (first after 100; polls at 5 + 10k) decides replace → [c-4x, m-4x], savings $0.20', () => {
    h.sim.runUntil(seconds(200));
    // 2000m left: options by price c-4x 0.20, m-4x 0.28 are < 0.40; savings 0.40 − 0.20.
    const msg = `Consolidation candidate: replace: [${n1.name}] -> [1 replacement] (savings: $0.20)`;
    expect(eventsAt(h, 'ConsolidationCandidate')).toEqual([
      { t: 105, object: `Node/${n1.name}`, message: msg },
      { t: 105, object: `NodeClaim/${n1.name}`, message: msg },
    ]);
  });
  test('KP-07 after the 15 s validation (120) the replacement is launched; initialized 30 s later (150) n1 goes', () => {
    const repl = claimOfType(h, 'c-4x');
    expect(repl).toHaveLength(1);
    expect(repl[0].createdAt).toBe(seconds(120));
    expect(eventsAt(h, 'DisruptionLaunching')).toEqual([{ t: 120, object: `NodeClaim/${repl[0].name}`, message: 'Launching NodeClaim: Underutilized' }]);
    expect(eventsAt(h, 'DisruptionWaitingReadiness')).toEqual([{ t: 120, object: `NodeClaim/${repl[0].name}`, message: 'Waiting on readiness to continue disruption' }]);
    expect(eventsAt(h, 'DisruptionTerminating')).toEqual([
      { t: 150, object: `Node/${n1.name}`, message: 'Disrupting Node: Underutilized' },
      { t: 150, object: `NodeClaim/${n1.name}`, message: 'Disrupting NodeClaim: Underutilized' },
    ]);
    const evicted = eventsAt(h, 'Evicted');
    expect(evicted).toHaveLength(2);
    expect(evicted.every((e) => e.t === 150 && e.message === 'Evicted pod: Underutilized')).toBe(true);
  });
  test('KP-07 cost per hour 0.40 → 0.20; the two pods run on the replacement; trace rows', () => {
    expect([...h.k.claims.values()].map((c) => c.offering.pricePerHour)).toEqual([0.2]);
    const repl = claimOfType(h, 'c-4x')[0];
    const pods = [...h.sim.ctx.store.list('Pod')].filter((p) => !p.removed && p.metadata.deletionTimestamp === undefined);
    expect(pods.map((p) => p.spec.nodeName)).toEqual([repl.name, repl.name]);
    expect(h.rec.autoscalerRows.map((r) => [r.time / 1e6, r.action, r.reason])).toEqual([
      [1, 'provision', 'provisioning'],
      [120, 'consolidate-replace', 'Underutilized'],
      [120, 'provision', 'replacement: Underutilized'],
    ]);
  });
});

describe('KP-06 emptiness end to end', () => {
  // Three c-4x nodes (a 3000m pod each; the pool allows c-4x only), consolidateAfter 30s, budget 10 %.
  const pool = nodePoolYaml(
    'default',
    `  disruption: {consolidateAfter: 30s}
  template:
    spec:
      requirements:
        - {key: node.kubernetes.io/instance-type, operator: In, values: [c-4x]}
        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}`,
  );
  const timeline = `  timeline:\n    - {at: 300s, action: scale, target: deployment/b, replicas: 0}\n    - {at: 300s, action: scale, target: deployment/c, replicas: 0}\n`;
  const h = harness(SIMULATION(timeline) + pool + deployment('a', 1, '3000m', '1Gi') + deployment('b', 1, '3000m', '1Gi') + deployment('c', 1, '3000m', '1Gi'), K1);
  h.sim.runUntil(seconds(299));
  const nodeOf = (app: string) => [...h.sim.ctx.store.list('Pod')].find((p) => p.metadata.labels.app === app)!.spec.nodeName!;
  const [n1, n2, n3] = [nodeOf('a'), ...[nodeOf('b'), nodeOf('c')].sort()];
  test('KP-06 t335: Emptiness picks the first empty node by name (allowance ceil(3 × 0.1) = 1); t350 it is deleted', () => {
    h.sim.runUntil(seconds(349));
    expect(eventsAt(h, 'DisruptionTerminating')).toEqual([]);
    h.sim.runUntil(seconds(350));
    expect(eventsAt(h, 'DisruptionTerminating').slice(0, 2)).toEqual([
      { t: 350, object: `Node/${n2}`, message: 'Disrupting Node: Empty' },
      { t: 350, object: `NodeClaim/${n2}`, message: 'Disrupting NodeClaim: Empty' },
    ]);
    expect(h.rec.autoscalerRows.filter((r) => r.action === 'empty').map((r) => [r.time / 1e6, r.node])).toEqual([[350, n2]]);
  });
  test('KP-06 n3 follows once n2 is gone (k8sim: an empty node goes at once, so at 350 + 15 = 365); n1 stays', () => {
    h.sim.runUntil(seconds(400));
    // The cloud removes an empty node when its NodeClaim is deleted (the vector's model waits 18 s: n3 at 385).
    expect(h.rec.autoscalerRows.filter((r) => r.action === 'empty').map((r) => [r.time / 1e6, r.node])).toEqual([
      [350, n2],
      [365, n3],
    ]);
    expect([...h.k.claims.keys()]).toEqual([n1]);
  });
});
