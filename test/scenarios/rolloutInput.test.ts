/**
 * What the loader reads for rollouts and graceful termination: the Deployment strategy (integer or percent, the
 * API defaults, the both-0 and Recreate rules), revisionHistoryLimit, progressDeadlineSeconds, paused,
 * lifecycle.preStop, the Behavior's SIGTERM fields, and the timeline's apply / setImage / rollout with their errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seconds } from '../../engine/time';
import { loadScenario } from '../../scenarios/load';
import { InputError } from '../../scenarios/errors';
import { tempDir } from '../support/cli';
import { errorOf, load } from './helpers';

function deployment(specLines: string, containerLines = '', name = 'web'): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    ...specLines.split('\n').filter((l) => l !== '').map((l) => `  ${l}`),
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    ...containerLines.split('\n').filter((l) => l !== '').map((l) => `          ${l}`),
  ].join('\n');
}

const timeline = (action: string) => `---\napiVersion: k8sim/v1alpha1\nkind: Timeline\nmetadata: {name: t}\nspec:\n  actions:\n    - ${action}\n`;

describe('Deployment strategy and rollout fields', () => {
  it('defaults: RollingUpdate 25% / 25%, history 10, deadline 600 s, not paused', () => {
    expect(load(deployment('replicas: 2')).workloads[0].deployment).toEqual({
      strategy: { type: 'RollingUpdate', maxSurge: { kind: 'percent', value: 25 }, maxUnavailable: { kind: 'percent', value: 25 } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      paused: false,
    });
  });

  it('reads integers and percents, the limits and paused; 2147483647 means no deadline', () => {
    const d = load(deployment('strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 2, maxUnavailable: "10%"}}\nrevisionHistoryLimit: 0\nprogressDeadlineSeconds: 2147483647\npaused: true')).workloads[0].deployment!;
    expect(d).toEqual({ strategy: { type: 'RollingUpdate', maxSurge: { kind: 'int', value: 2 }, maxUnavailable: { kind: 'percent', value: 10 } }, revisionHistoryLimit: 0, progressDeadlineSeconds: undefined, paused: true });
  });

  it('maxSurge and maxUnavailable both 0 is a located error', () => {
    expect(errorOf(deployment('strategy:\n  rollingUpdate: {maxSurge: 0, maxUnavailable: 0}'))).toBe(
      'x.yaml:6: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0 (The Deployment "web" is invalid)',
    );
    expect(errorOf(deployment('strategy:\n  rollingUpdate: {maxSurge: "0%", maxUnavailable: 0}'))).toMatch(/may not be 0 when `maxSurge` is 0/);
  });

  it('percentages that merely round to 0 are accepted (the fencepost rule handles them)', () => {
    expect(() => load(deployment('replicas: 3\nstrategy:\n  rollingUpdate: {maxSurge: "0%", maxUnavailable: "10%"}'))).not.toThrow();
  });

  it('Recreate takes no rollingUpdate; a bad intOrString and maxUnavailable over 100% are refused', () => {
    expect(errorOf(deployment('strategy:\n  type: Recreate\n  rollingUpdate: {maxSurge: 1}'))).toMatch(/spec\.strategy\.rollingUpdate: may not be specified when strategy `type` is 'Recreate'/);
    expect(errorOf(deployment('strategy:\n  rollingUpdate: {maxSurge: "lots"}'))).toBe('x.yaml:6: spec.strategy.rollingUpdate.maxSurge: expected an integer ≥ 0 or a percentage like 25%, got "lots"');
    expect(errorOf(deployment('strategy:\n  rollingUpdate: {maxUnavailable: "150%"}'))).toMatch(/must not be greater than 100%/);
  });

  it('progressDeadlineSeconds must exceed minReadySeconds', () => {
    expect(errorOf(deployment('minReadySeconds: 30\nprogressDeadlineSeconds: 30'))).toMatch(/spec\.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds/);
  });
});

describe('lifecycle.preStop and the Behavior SIGTERM fields', () => {
  it('reads sleep, exec and httpGet hooks', () => {
    const c = (lines: string) => load(deployment('', lines)).workloads[0].template.spec.containers[0].preStop;
    expect(c('lifecycle: {preStop: {sleep: {seconds: 5}}}')).toEqual({ handler: 'sleep', sleep: seconds(5), target: 'sleep 5' });
    expect(c('lifecycle: {preStop: {exec: {command: [sh, -c, "sleep 5"]}}}')).toEqual({ handler: 'exec', target: 'sh -c sleep 5' });
    expect(c('lifecycle: {preStop: {httpGet: {path: /drain, port: 8080}}}')).toEqual({ handler: 'httpGet', target: 'http://:8080/drain' });
  });

  it('reads keepAccepting, drain and the hook length', () => {
    const b = load(
      `${deployment('')}\n---\napiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n  selector: {matchLabels: {app: web}}\n  preStop: 4s\n  onSigterm: {keepAccepting: 2s, drain: true, code: 0}\n`,
    ).behaviors[0];
    expect(b.onSigterm).toMatchObject({ action: 'exit', code: 0, keepAccepting: seconds(2), drain: true });
    expect(b.preStop).toEqual({ kind: 'fixed', value: seconds(4) });
  });

  it('drain with an ignored SIGTERM is refused', () => {
    expect(
      errorOf(`${deployment('')}\n---\napiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n  selector: {matchLabels: {app: web}}\n  onSigterm: {action: ignore, drain: true}\n`),
    ).toMatch(/spec\.onSigterm\.drain: only applies to action: exit/);
  });
});

describe('timeline: setImage, rollout, apply', () => {
  it('reads setImage and rollout', () => {
    const s = load(`${deployment('')}\n${timeline('{at: 1m, action: setImage, target: deployment/web, container: app, image: nginx:1.28}')}    - {at: 2m, action: rollout, target: deploy/web, command: undo, revision: 1}\n`);
    expect(s.timeline.map((a) => a.action)).toEqual(['setImage', 'rollout']);
    expect(s.timeline[0]).toMatchObject({ at: seconds(60), target: { namespace: 'default', name: 'web' }, container: 'app', image: 'nginx:1.28' });
    expect(s.timeline[1]).toMatchObject({ op: 'undo', revision: 1 });
  });

  it('names the missing Deployment, container, command and misplaced revision', () => {
    expect(errorOf(`${deployment('')}\n${timeline('{at: 1m, action: setImage, target: deployment/api, container: app, image: x}')}`)).toMatch(/target: no Deployment named "api" in namespace default \(Deployments: default\/web\)/);
    expect(errorOf(`${deployment('')}\n${timeline('{at: 1m, action: setImage, target: deployment/web, container: sidecar, image: x}')}`)).toMatch(/container: no container "sidecar" in Deployment default\/web \(containers: app\)/);
    expect(errorOf(`${deployment('')}\n${timeline('{at: 1m, action: rollout, target: deployment/web, command: restart}')}`)).toMatch(/spec\.actions\[0\]\.command: expected one of undo, pause, resume, got "restart"$/);
    expect(errorOf(`${deployment('')}\n${timeline('{at: 1m, action: rollout, target: deployment/web, command: pause, revision: 2}')}`)).toMatch(/revision: only applies to command: undo/);
    expect(errorOf(`${deployment('')}\n${timeline('{at: 1m, action: rollout, target: rs/web, command: pause}')}`)).toMatch(/target: expected a Deployment \(only Deployments roll out\), got ReplicaSet/);
  });

  it('apply reads a new version of the manifest from a file beside the scenario, and rolls it out', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'scenario.yaml'), `${deployment('replicas: 2')}\n${timeline('{at: 30s, action: apply, file: v2/web.yaml}')}`);
    fs.mkdirSync(path.join(dir, 'v2'));
    fs.writeFileSync(path.join(dir, 'v2', 'web.yaml'), deployment('strategy: {type: Recreate}').replace('nginx:1.27', 'nginx:1.28'));
    const s = loadScenario([path.join(dir, 'scenario.yaml')]);
    const a = s.timeline[0];
    if (a.action !== 'apply') throw new Error('expected apply');
    expect(a.deployments).toHaveLength(1);
    expect(a.deployments[0].replicasWritten).toBe(false);
    expect(a.deployments[0].workload.template.spec.containers[0].image).toBe('nginx:1.28');
    expect(a.deployments[0].workload.deployment!.strategy.type).toBe('Recreate');
    expect(s.inputFiles.map((f) => path.basename(f.file))).toEqual(['scenario.yaml', 'web.yaml']);
  });

  it('apply: a missing file, a file without Deployments, a Deployment the scenario lacks', () => {
    const dir = tempDir();
    const run = (files: Record<string, string>): string => {
      for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), t);
      try {
        loadScenario([path.join(dir, 'scenario.yaml')]);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      throw new Error('loaded');
    };
    expect(run({ 'scenario.yaml': `${deployment('')}\n${timeline('{at: 30s, action: apply, file: nope.yaml}')}` })).toMatch(/file: cannot read nope\.yaml: ENOENT/);
    expect(run({ 'scenario.yaml': `${deployment('')}\n${timeline('{at: 30s, action: apply, file: v2.yml}')}`, 'v2.yml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n' })).toMatch(
      /v2\.yml:2: kind: apply takes Deployment manifests/,
    );
    expect(run({ 'scenario.yaml': `${deployment('')}\n${timeline('{at: 30s, action: apply, file: v2.yml}')}`, 'v2.yml': deployment('', '', 'api') })).toMatch(/v2\.yml:3: metadata\.name: apply changes a Deployment of the scenario; there is no Deployment default\/api/);
  });
});
