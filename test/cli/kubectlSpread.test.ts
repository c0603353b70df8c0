/**
 * A kubectl-generated Deployment with affinity and topologySpreadConstraints added (test/fixtures/kubectl/
 * web-spread.yaml) runs unchanged and its six pods land as upstream's scheduler would place them: required
 * anti-affinity on the hostname puts each on its own node, and the zone spread (maxSkew 1, DoNotSchedule) two per
 * zone — derived below; a seventh replica then has nowhere to go.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

const FIX = 'test/fixtures/kubectl';

function placements(dir: string): string[] {
  return readCsv(path.join(dir, 'events.csv'))
    .filter((e) => e.reason === 'Scheduled')
    .map((e) => e.message.replace(/^Successfully assigned default\/\S+ to /, ''));
}

test('six replicas: six distinct nodes, two per zone', () => {
  const dir = tempDir();
  const r = k8sim(['run', `${FIX}/web-spread.yaml`, `${FIX}/web-spread-cluster.yaml`, '--out', dir, '--quiet']);
  expect(r.code).toBe(0);
  const nodes = placements(dir);
  // Anti-affinity: a node already holding a web pod fails "node(s) didn't match pod anti-affinity rules".
  expect(new Set(nodes).size).toBe(6);
  // Zone spread: a pod may go to zone z only if count(z) + 1 − min ≤ 1. Placing six pods one at a time over three
  // zones, every zone must reach 2 before any reaches 3: the end state is 2/2/2, although zone-c has three nodes.
  const perZone = (z: string) => nodes.filter((n) => n.startsWith(`${z}-`)).length;
  expect([perZone('a'), perZone('b'), perZone('c')]).toEqual([2, 2, 2]);
});

test('scaled to 8: the seventh takes zone-c\'s free node (2 + 1 − 2 = 1 ≤ 1); the eighth fits nowhere', () => {
  // Scaled by a Timeline document: 8 replicas at 30 s.
  const dir2 = tempDir();
  const timeline = path.join(dir2, 'scale.yaml');
  require('node:fs').writeFileSync(timeline, 'apiVersion: k8sim/v1alpha1\nkind: Timeline\nmetadata: {name: scale}\nspec:\n  actions:\n    - {at: 30s, action: scale, target: deployment/web, replicas: 8}\n');
  const out = path.join(dir2, 'out');
  const r2 = k8sim(['run', `${FIX}/web-spread.yaml`, `${FIX}/web-spread-cluster.yaml`, timeline, '--out', out, '--quiet']);
  expect(r2.code).toBe(0);
  const nodes = placements(out);
  // Seven scheduled: the seventh on the last free node, c-*. The eighth, filters in order (PodTopologySpread before
  // InterPodAffinity): zone-c's 3 nodes fail the spread (3 + 1 − 2 = 2 > 1); zones a and b pass it (2 + 1 − 2 = 1)
  // but their 4 nodes each hold a web pod (anti-affinity). No lower-priority pod anywhere → no preemption victims.
  expect(nodes.length).toBe(7);
  expect(nodes.filter((n) => n.startsWith('c-')).length).toBe(3);
  const failed = readCsv(path.join(out, 'events.csv')).filter((e) => e.reason === 'FailedScheduling');
  expect(failed[0].message).toBe(
    "0/7 nodes are available: 3 node(s) didn't match pod topology spread constraints, 4 node(s) didn't match pod anti-affinity rules. " +
      'preemption: 0/7 nodes are available: 7 No preemption victims found for incoming pod.',
  );
});

describe('bad input: one located line, exit 2, no output folder', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  function runBad(name: string, text: string): { code: number; stderr: string; out: string } {
    const dir = tempDir();
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const out = path.join(dir, 'out');
    const r = k8sim(['run', file, '--out', out, '--quiet']);
    return { code: r.code, stderr: r.stderr, out };
  }

  test('a topologySpreadConstraint with maxSkew 0', () => {
    const text = fs.readFileSync(`${FIX}/web-spread.yaml`, 'utf8').replace('- maxSkew: 1', '- maxSkew: 0');
    const r = runBad('web.yaml', text);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    // The line of `maxSkew` in the file (1-based), the field path, and what was expected.
    const line = text.split('\n').findIndex((l) => l.includes('maxSkew: 0')) + 1;
    expect(lines[0]).toContain(`web.yaml:${line}`);
    expect(lines[0]).toContain('spec.template.spec.topologySpreadConstraints[0].maxSkew');
    expect(lines[0]).toMatch(/greater than zero/);
    expect(fs.existsSync(r.out)).toBe(false);
  });

  test('an unknown plugin name in the KubeSchedulerConfiguration', () => {
    const r = runBad(
      'sched.yaml',
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n  - plugins:\n      score:\n        enabled:\n          - name: NodeResourceFit\n            weight: 2\n',
    );
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('sched.yaml:7');
    expect(lines[0]).toMatch(/NodeResourceFit/);
    expect(lines[0]).toMatch(/NodeResourcesFit/); // the closest known name
    expect(fs.existsSync(r.out)).toBe(false);
  });
});
