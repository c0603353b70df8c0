/**
 * Policy modules through the built CLI (docs/trust.md): a policy cannot end the process nor draw from Math.random
 * (exit 2, one line naming the policy), it draws from the seeded stream handed to it, `validate` does not run a
 * module unless --load-policies, and a module outside the scenario's folder needs --allow-policy-path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createStream } from '../../engine/random';
import { STREAMS } from '../../models/streams';
import { k8sim, readCsv, ROOT, tempDir, tempFiles } from '../support/cli';
import { policyScenario } from '../support/manifests';

const SCENARIO = (policy: string) => `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: trust}
spec: {seed: 1, duration: 1m}
---
${policyScenario(policy)}`;

/** root/scenario/x.yaml naming `policy`, plus `files` relative to root; returns the YAML's path. */
function scenario(policy: string, files: Record<string, string>): string {
  return path.join(tempFiles({ ...files, 'scenario/x.yaml': SCENARIO(policy) }, 'k8sim-trust-'), 'scenario', 'x.yaml');
}
const HOLD = 'exports.decide = (input) => ({ desiredReplicas: input.scale.specReplicas });\n';

describe('inside a run a policy cannot end the process or break determinism', () => {
  test('process.exit(0) in decide: exit 2, one line naming the policy and the call, no output folder', () => {
    const yaml = scenario('./p.js', { 'scenario/p.js': 'exports.decide = () => process.exit(0);\n' });
    const out = path.join(tempDir('k8sim-trust-out-'), 'run');
    const r = k8sim(['run', yaml, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    // the HPA controller's first sync is at t = 0; the module exports no name, so its path names it
    expect(r.stderr).toBe('k8sim: error: autoscaler policy ./p.js at t=0.000s: called process.exit(0): a policy cannot end the run; throw an Error to stop it\n');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('Math.random in a node autoscaler policy: exit 2, one line that says to use input.random()', () => {
    const example = path.join(ROOT, 'scenarios', 'examples', 'node-autoscaler-compare');
    const dir = tempDir('k8sim-trust-');
    fs.mkdirSync(path.join(dir, 'policies'));
    fs.writeFileSync(path.join(dir, 'policies', 'dice.js'), 'exports.decide = () => ({ add: Math.random() < 0.5 ? [] : [] });\n');
    const sim = fs.readFileSync(path.join(example, 'user-policy.yaml'), 'utf8').replace('./policies/cheapest-per-cpu.js', './policies/dice.js').replace('parameters: {emptyFor: 300}', 'parameters: {}');
    fs.writeFileSync(path.join(dir, 'sim.yaml'), sim);
    const r = k8sim(['run', path.join(example, 'base'), path.join(dir, 'sim.yaml'), '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('k8sim: error: node autoscaler policy ./policies/dice.js at t=0.000s: called Math.random(): a policy draws its randomness from input.random(), a seeded stream (docs/trust.md)\n');
  });

  test("input.random is the policy's own seeded stream: the first sync's answer is its first draw, the same in two processes", () => {
    const yaml = scenario('./p.js', { 'scenario/p.js': 'exports.decide = (input) => ({ desiredReplicas: 1 + Math.floor(input.random() * 3) });\n' });
    const run = () => {
      const out = tempDir('k8sim-trust-out-');
      expect(k8sim(['run', yaml, '--out', out, '--quiet']).code).toBe(0);
      return out;
    };
    const [a, b] = [run(), run()];
    // reference: the first value of stream "autoscalerpolicy/default/web" of seed "1" (engine/random, Alea), scaled
    // to 1 + floor(u × 3); the HPA's first row is the sync at t = 0
    const u = createStream('1', STREAMS.autoscalerPolicy('default', 'web')).next();
    const rows = readCsv(path.join(a, 'hpa.csv'));
    expect(rows[0].time_s).toBe('0.000000');
    expect(Number(rows[0].desired_replicas)).toBe(1 + Math.floor(u * 3));
    expect(fs.readFileSync(path.join(b, 'hpa.csv'), 'utf8')).toBe(fs.readFileSync(path.join(a, 'hpa.csv'), 'utf8'));
  });
});

describe('validate checks a module without running it; where modules may come from', () => {
  test('validate does not run the module (no marker file); validate --load-policies does', () => {
    const marker = path.join(tempDir('k8sim-trust-marker-'), 'ran');
    const yaml = scenario('./p.js', { 'scenario/p.js': `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n${HOLD}` });
    const checked = k8sim(['validate', yaml]);
    expect(checked.code).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    expect(k8sim(['validate', yaml, '--load-policies']).code).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toBe('ran');
  });

  test('a module outside the scenario folder: exit 2, one line naming --allow-policy-path; with it the run goes ahead', () => {
    const yaml = scenario('../shared/p.js', { 'shared/p.js': HOLD });
    for (const cmd of [['validate', yaml], ['run', yaml, '--out', tempDir('k8sim-trust-out-'), '--quiet']]) {
      const r = k8sim(cmd);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      // the AutoscalerPolicy's spec is line 24 (Simulation 1-4, Deployment 6-14, HPA 16-19, the policy 21-24)
      expect(r.stderr).toContain(`${yaml}:24: spec.policy: cannot load policy module ${path.join(path.dirname(yaml), '..', 'shared', 'p.js')}: it is outside the scenario's folder`);
      expect(r.stderr).toContain('--allow-policy-path');
    }
    expect(k8sim(['run', yaml, '--out', tempDir('k8sim-trust-out-'), '--quiet', '--allow-policy-path']).code).toBe(0);
    expect(k8sim(['validate', yaml, '--allow-policy-path']).code).toBe(0);
  });
});
