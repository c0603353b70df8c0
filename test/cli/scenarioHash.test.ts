/**
 * run.json's scenarioHash (cli/run.ts): a SHA-256 over the content of every file the run read — the YAML, a rate
 * CSV, a metric CSV and a policy module — in load order, plus the seed and duration the run used. Paths and their
 * spelling never count; a changed byte in any of the files does. Given: one scenario folder written here, run both
 * in this process (loadScenario) and through the built CLI in its own folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seconds } from '../../engine/time';
import { scenarioHash } from '../../cli/run';
import { loadScenario, type LoadOverrides } from '../../scenarios/load';
import { k8sim, tempDir, tempFiles } from '../support/cli';
import { deploymentYaml, oneContainer } from '../support/manifests';

const SCENARIO = `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: hashed}
spec: {seed: 3, duration: 1m, sampleInterval: 15s}
---
${deploymentYaml('api', 1, oneContainer('api', '100m'))}---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}, ports: [{port: 80}]}
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: users}
spec: {service: api, profile: {csv: data/load.csv}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 1
  maxReplicas: 4
  metrics:
    - type: External
      external:
        metric: {name: queue_messages_ready}
        target: {type: AverageValue, averageValue: "30"}
---
apiVersion: k8sim/v1alpha1
kind: ExternalMetric
metadata: {name: queue}
spec: {metric: queue_messages_ready, csv: data/queue.csv}
---
apiVersion: k8sim/v1alpha1
kind: AutoscalerPolicy
metadata: {name: mine}
spec: {hpa: api, policy: ./policies/mine.js}
`;
const POLICY = `'use strict';
exports.createPolicy = () => ({ name: 'mine', decide: (input, history) => ({ desiredReplicas: input.scale.specReplicas, history, reason: 'hold' }) });
`;

/** Writes the scenario folder: x.yaml, data/load.csv, data/queue.csv, policies/mine.js. */
function scenarioFolder(): string {
  return tempFiles({ 'x.yaml': SCENARIO, 'data/load.csv': 'time_s,rps\n0,5\n30,10\n', 'data/queue.csv': 'time_s,value\n0,0\n30,90\n', 'policies/mine.js': POLICY }, 'k8sim-hash-');
}

const hashOf = (file: string, overrides: LoadOverrides = {}) => scenarioHash(loadScenario([file], overrides));

describe('in this process', () => {
  const dir = scenarioFolder();
  const x = path.join(dir, 'x.yaml');
  const base = hashOf(x);

  test('the loader lists every file it read, in load order: the YAML, the rate CSV, the metric CSV, the policy module', () => {
    const s = loadScenario([x]);
    expect(s.inputFiles.map((f) => path.relative(dir, f.file))).toEqual(['x.yaml', path.join('data', 'load.csv'), path.join('data', 'queue.csv'), path.join('policies', 'mine.js')]);
    expect(s.inputFiles.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  test('three spellings of one path give one hash', () => {
    // ./x.yaml relative to the working directory, through a sibling folder and back, and absolute: the CSV and
    // module paths, resolved against the YAML's folder, are spelled three ways too.
    const relative = `.${path.sep}${path.relative(process.cwd(), x)}`;
    const roundabout = path.join(dir, 'data') + `${path.sep}..${path.sep}x.yaml`;
    expect(loadScenario([roundabout]).files).toEqual([roundabout]);
    expect([hashOf(relative), hashOf(roundabout), hashOf(x)]).toEqual([base, base, base]);
  });

  test('a symbolic link to the folder, or to the YAML file beside it, gives the same hash', () => {
    // given a link elsewhere to the scenario folder, and in a copy of the folder a link alias.yaml -> x.yaml
    const linkDir = path.join(tempDir('k8sim-hash-link-'), 'linked');
    fs.symlinkSync(dir, linkDir, 'dir');
    expect(hashOf(path.join(linkDir, 'x.yaml'))).toBe(base);
    const copy = path.join(tempDir('k8sim-hash-alias-'), 's');
    fs.cpSync(dir, copy, { recursive: true });
    fs.symlinkSync('x.yaml', path.join(copy, 'alias.yaml'));
    expect(hashOf(path.join(copy, 'alias.yaml'))).toBe(base);
  });

  test('the same files in another folder give the same hash (content, not paths)', () => {
    const other = path.join(tempDir('k8sim-hash-copy-'), 'elsewhere');
    fs.cpSync(dir, other, { recursive: true });
    expect(hashOf(path.join(other, 'x.yaml'))).toBe(base);
  });

  test.each([
    ['the YAML (same meaning, other bytes)', 'x.yaml', 'maxReplicas: 4', 'maxReplicas:  4'],
    ['the rate CSV', path.join('data', 'load.csv'), '30,10', '30,11'],
    ['the metric CSV', path.join('data', 'queue.csv'), '30,90', '30,91'],
    ['the policy module', path.join('policies', 'mine.js'), "reason: 'hold'", "reason: 'keep'"],
  ])('a changed byte in %s changes the hash', (_what, rel, from, to) => {
    // given a copy of the folder, hashed where it lies; when one file changes in place, then the hash changes
    const copy = path.join(tempDir('k8sim-hash-edit-'), 's');
    fs.cpSync(dir, copy, { recursive: true });
    const before = hashOf(path.join(copy, 'x.yaml'));
    const f = path.join(copy, rel);
    const text = fs.readFileSync(f, 'utf8');
    expect(text).toContain(from);
    fs.writeFileSync(f, text.replace(from, to));
    expect(hashOf(path.join(copy, 'x.yaml'))).not.toBe(before);
  });

  test('the seed and duration the run uses count: an override changes the hash, one equal to the file does not', () => {
    expect(hashOf(x, { seed: '4' })).not.toBe(base);
    expect(hashOf(x, { duration: seconds(90) })).not.toBe(base);
    expect(hashOf(x, { seed: '3', duration: seconds(60) })).toBe(base);
  });
});

describe('through the CLI (each run in its own process)', () => {
  const dir = scenarioFolder();
  const runHash = (file: string): string => {
    const out = tempDir('k8sim-hash-out-');
    const r = k8sim(['run', file, '--out', out, '--quiet'], dir);
    if (r.code !== 0) throw new Error(`k8sim run ${file}: exit ${r.code}: ${r.stderr}`);
    return (JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { scenarioHash: string }).scenarioHash;
  };
  const base = runHash('./x.yaml');

  test('run.json has the hash of the files the run read; ./x.yaml, x.yaml, data/../x.yaml, the absolute path and a linked folder agree', () => {
    expect(base).toBe(hashOf(path.join(dir, 'x.yaml')));
    expect(runHash('x.yaml')).toBe(base);
    expect(runHash('data/../x.yaml')).toBe(base);
    expect(runHash(path.join(dir, 'x.yaml'))).toBe(base);
    const linkDir = path.join(tempDir('k8sim-hash-link-'), 'linked');
    fs.symlinkSync(dir, linkDir, 'dir');
    expect(runHash(path.join(linkDir, 'x.yaml'))).toBe(base);
  });

  test('a changed policy module changes the hash (and the module the run used is the changed one)', () => {
    fs.writeFileSync(path.join(dir, 'policies', 'mine.js'), POLICY.replace("name: 'mine'", "name: 'mine-2'"));
    const out = tempDir('k8sim-hash-out-');
    expect(k8sim(['run', './x.yaml', '--out', out, '--quiet'], dir).code).toBe(0);
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { scenarioHash: string };
    expect(run.scenarioHash).not.toBe(base);
    expect(fs.readFileSync(path.join(out, 'hpa.csv'), 'utf8')).toContain(',mine-2,');
  });
});
