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
