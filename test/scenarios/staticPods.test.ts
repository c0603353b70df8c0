/** The loader's nodePools[].staticPods: each node of the pool gets the manifests; files are hashed inputs; bad files are located errors. */
import { join } from 'node:path';
import { InputError } from '../../scenarios/errors';
import { resolveScenario } from '../../scenarios/load';
import { tempFiles } from '../support/cli';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec:\n  containers: [{name: app, image: busybox:1.36}]\n';

function setup(files: Record<string, string>, staticPods: string) {
  const dir = tempFiles(files, 'k8sim-static-load-');
  const text = `apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  nodePools:\n  - namePrefix: n\n    count: 2\n    staticPods: ${staticPods}\n`;
  return { dir, load: () => resolveScenario([{ file: join(dir, 'scenario.yaml'), text }], {}, 'x') };
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('loaded without error');
}

describe('nodePools[].staticPods', () => {
  it('gives every node of the pool the manifest and lists the file in the inputs', () => {
    const { dir, load } = setup({ 'agent.yaml': POD }, '[agent.yaml]');
    const s = load();
    expect(s.nodes.map((n) => [n.name, n.staticPods?.map((p) => `${p.namespace}/${p.name}`)])).toEqual([
      ['n-1', ['default/agent']],
      ['n-2', ['default/agent']],
    ]);
    expect(s.inputFiles.map((f) => f.file)).toEqual([join(dir, 'scenario.yaml'), join(dir, 'agent.yaml')]);
  });

  it('a missing file is a located one-line error', () => {
    const { dir, load } = setup({}, '[nope.yaml]');
    expect(errorOf(load)).toBe(`${join(dir, 'scenario.yaml')}:7: spec.nodePools[0].staticPods[0]: cannot read static pod manifest ${join(dir, 'nope.yaml')}: ENOENT`);
  });

  it('a manifest that is not a v1 Pod is a located one-line error', () => {
    const { dir, load } = setup({ 'dep.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n' }, '[dep.yaml]');
    expect(errorOf(load)).toBe(`${join(dir, 'scenario.yaml')}:7: spec.nodePools[0].staticPods[0]: static pod manifest ${join(dir, 'dep.yaml')} holds "apps/v1" "Deployment"; expected apiVersion v1, kind Pod`);
  });

  it('an entry that is not a path is a located error', () => {
    const { dir, load } = setup({}, '[{file: x}]');
    expect(errorOf(load)).toMatch(new RegExp(`^${join(dir, 'scenario.yaml')}:7: spec.nodePools\\[0\\].staticPods\\[0\\]: expected a file path`));
  });

  it('the Pod is validated as a Pod document is (errors located in the manifest)', () => {
    const { dir, load } = setup({ 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec: {}\n' }, '[bad.yaml]');
    expect(errorOf(load)).toContain(join(dir, 'bad.yaml'));
  });
});
