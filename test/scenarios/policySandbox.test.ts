/**
 * Policy modules are code (scenarios/policySandbox.ts, scenarios/policyModule.ts, docs/trust.md): while a policy's
 * code runs, the calls that would tie a run to the machine or end the process are refused with a PolicyFault that
 * says what to use instead; what a policy throws is named by class and line, never by its message; a module loads only
 * from the scenario's folders, and only when asked to (validate checks without running).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locate, runPolicyCode } from '../../scenarios/policySandbox';
import { PolicyFault } from '../../models/policyFault';
import { loadScenario } from '../../scenarios/load';
import { InputError } from '../../scenarios/errors';
import { tempFiles } from '../support/cli';
import { policyScenario } from '../support/manifests';

const MODULE = path.join(os.tmpdir(), 'k8sim-sandbox', 'p.js');

/** The PolicyFault message `fn` fails with under the guard. */
function faultOf(fn: () => unknown): string {
  try {
    runPolicyCode(MODULE, 'decide', fn);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyFault);
    return (e as Error).message;
  }
  throw new Error('the guarded call did not fail');
}

describe('the guard while policy code runs', () => {
  test.each([
    ['Math.random()', () => Math.random(), 'called Math.random(): a policy draws its randomness from input.random(), a seeded stream (docs/trust.md)'],
    ['Date.now()', () => Date.now(), 'called Date.now(): a policy has no clock: use input.now (docs/trust.md)'],
    ['new Date()', () => new Date(), 'called new Date(): a policy has no clock: use input.now (docs/trust.md)'],
    ['Date()', () => (Date as unknown as () => string)(), 'called Date(): a policy has no clock: use input.now (docs/trust.md)'],
    ['performance.now()', () => performance.now(), 'called performance.now(): a policy has no clock: use input.now (docs/trust.md)'],
    ['process.hrtime.bigint()', () => process.hrtime.bigint(), 'called process.hrtime.bigint(): a policy has no clock: use input.now (docs/trust.md)'],
    ['setTimeout()', () => setTimeout(() => undefined, 1), 'called setTimeout(): a policy decides when it is called and schedules nothing'],
    ['process.exit(0)', () => process.exit(0), 'called process.exit(0): a policy cannot end the run; throw an Error to stop it'],
    ['process.kill()', () => process.kill(process.pid, 'SIGKILL'), 'called process.kill(): a policy cannot send signals'],
    ['crypto.randomUUID()', () => globalThis.crypto.randomUUID(), 'called crypto.randomUUID(): a policy draws its randomness from input.random(), a seeded stream (docs/trust.md)'],
  ])('%s is refused, saying what to use instead', (_what, fn, message) => {
    expect(faultOf(fn)).toBe(message);
  });

  test('everything is back once the call ends, even when it failed', () => {
    const before = { random: Math.random, date: Date, exit: process.exit, setTimeout: globalThis.setTimeout, now: performance.now };
    faultOf(() => Math.random());
    expect(runPolicyCode(MODULE, 'decide', () => 7)).toBe(7);
    expect({ random: Math.random, date: Date, exit: process.exit, setTimeout: globalThis.setTimeout, now: performance.now }).toEqual(before);
    expect(typeof Math.random()).toBe('number');
    expect(Date.now()).toBeGreaterThan(0);
  });

  test('a policy that catches the refusal still fails: the call is refused, not the exception', () => {
    const caught = () => {
      try {
        return process.exit(0);
      } catch {
        return 'carried on';
      }
    };
    expect(faultOf(caught)).toBe('called process.exit(0): a policy cannot end the run; throw an Error to stop it');
  });

  test('dates from values are allowed and are real Dates: new Date(0) is 1970-01-01T00:00:00.000Z', () => {
    const d = runPolicyCode(MODULE, 'decide', () => new Date(0));
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  test('what a policy throws is named by its class, never its message or content', () => {
    expect(faultOf(() => { throw new Error('token=s3cr3t'); })).toMatch(/^decide threw Error( \(at .*\))?$/);
    expect(faultOf(() => { throw new RangeError('password hunter2'); })).toMatch(/^decide threw RangeError/);
    expect(faultOf(() => { throw 'token=s3cr3t'; })).toBe('decide threw a string');
    expect(faultOf(() => { throw { token: 's3cr3t' }; })).toBe('decide threw an object');
    for (const m of [faultOf(() => { throw new Error('token=s3cr3t'); }), faultOf(() => { throw 'token=s3cr3t'; })]) expect(m).not.toContain('s3cr3t');
  });

  test("the location is the first stack frame inside the module's folder, relative to it", () => {
    const e = new Error('x');
    e.stack = `Error: x\n    at helper (/elsewhere/lib.js:1:1)\n    at decide (${path.join(path.dirname(MODULE), 'sub', 'q.js')}:12:7)\n    at run (/k8sim/dist/x.js:3:3)`;
    expect(locate(e, MODULE)).toBe(` (at ${path.join('sub', 'q.js')}:12:7)`);
    // a syntax error's stack starts with `file:line` and no column
    const s = new SyntaxError('Unexpected token');
    s.stack = `${MODULE}:3\n  oops(\n  ^\n\nSyntaxError: Unexpected token`;
    expect(locate(s, MODULE)).toBe(' (at p.js:3)');
    expect(locate('a string', MODULE)).toBe('');
  });
});

/** A scenario folder with an HPA whose AutoscalerPolicy names `policy`; `files` are written relative to it. */
function scenarioWith(policy: string, files: Record<string, string>): { dir: string; yaml: string } {
  const dir = path.join(tempFiles({ ...files, 'scenario/x.yaml': policyScenario(policy) }, 'k8sim-policy-'), 'scenario');
  return { dir, yaml: path.join(dir, 'x.yaml') };
}
const HOLD = "exports.decide = (input) => ({ desiredReplicas: input.scale.specReplicas });\n";

function loadError(paths: string[], o: Parameters<typeof loadScenario>[1] = {}): string {
  try {
    loadScenario(paths, o);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('the scenario loaded');
}

describe('where a module may come from', () => {
  test("a module outside the scenario's folder is refused, located at the policy line; --allow-policy-path accepts it", () => {
    const { yaml } = scenarioWith('../shared/p.js', { 'shared/p.js': HOLD });
    const real = fs.realpathSync(path.join(path.dirname(yaml), '..', 'shared', 'p.js'));
    const msg = loadError([yaml]);
    // the AutoscalerPolicy's spec (with its policy) is line 19: the Deployment is lines 1-9, the HPA 11-14, the policy 16-19
    expect(msg).toMatch(new RegExp(`^${escape(yaml)}:19: spec\\.policy: cannot load policy module ${escape(real)}: it is outside the scenario's folder \\(.*\\): a policy module is code k8sim runs; move it into the scenario's folder, or pass --allow-policy-path to run it from there \\(docs/trust\\.md\\)$`));
    expect(loadScenario([yaml], { allowPolicyPath: true }).autoscalers[0].policy.name).toBe('../shared/p.js');
  });

  test('a link inside the folder to a module outside it counts where it really is', () => {
    const { dir, yaml } = scenarioWith('./p.js', { 'shared/p.js': HOLD });
    fs.symlinkSync(path.join(dir, '..', 'shared', 'p.js'), path.join(dir, 'p.js'));
    expect(loadError([yaml])).toContain(`its real path ${fs.realpathSync(path.join(dir, '..', 'shared', 'p.js'))} is outside the scenario's folder`);
  });

  test('a module in a subfolder of a folder named on the command line is inside, though it is above the YAML file', () => {
    const { dir } = scenarioWith('../policies/p.js', { 'scenario/policies/p.js': HOLD });
    // x.yaml is moved into scenario/sub/, its module is scenario/policies/p.js: inside the folder named
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.renameSync(path.join(dir, 'x.yaml'), path.join(dir, 'sub', 'x.yaml'));
    expect(loadScenario([dir]).autoscalers[0].policy.name).toBe('../policies/p.js');
    expect(loadError([path.join(dir, 'sub', 'x.yaml')])).toContain("is outside the scenario's folder");
  });
});

describe('loading runs the module; checking does not', () => {
  test('validate (loadPolicies false) finds the module but does not run it; loading runs its top level once', () => {
    // the module writes a marker file when it runs: the proof of execution
    const marker = path.join(os.tmpdir(), `k8sim-policy-ran-${process.pid}-${Date.now()}`);
    const { yaml } = scenarioWith('./p.js', { 'scenario/p.js': `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n${HOLD}` });
    const checked = loadScenario([yaml], { loadPolicies: false });
    expect(checked.inputFiles.map((f) => path.basename(f.file))).toEqual(['x.yaml', 'p.js']);
    expect(fs.existsSync(marker)).toBe(false);
    loadScenario([yaml]);
    expect(fs.readFileSync(marker, 'utf8')).toBe('ran');
    fs.rmSync(marker);
  });

  test('checking still refuses a missing module and one outside the folder', () => {
    expect(loadError([scenarioWith('./missing.js', {}).yaml], { loadPolicies: false })).toMatch(/spec\.policy: cannot load policy module .*missing\.js: no such file: .*missing\.js$/);
    expect(loadError([scenarioWith('../shared/p.js', { 'shared/p.js': HOLD }).yaml], { loadPolicies: false })).toContain('--allow-policy-path');
  });

  test('a module that reads the clock or throws a secret while loading: refused, the secret not echoed', () => {
    const clock = scenarioWith('./p.js', { 'scenario/p.js': `const started = Date.now();\n${HOLD}` });
    expect(loadError([clock.yaml])).toMatch(/spec\.policy: cannot load policy module .*p\.js: called Date\.now\(\): a policy has no clock: use input\.now \(docs\/trust\.md\)$/);
    const secret = scenarioWith('./p.js', { 'scenario/p.js': "throw new Error('AKIA-secret-key');\n" });
    const msg = loadError([secret.yaml]);
    // line 1 (the column is where `new Error` is in the code as run: 7 under Node, later under jest's module wrapper)
    expect(msg).toMatch(/cannot load policy module .*p\.js: loading threw Error \(at p\.js:1:\d+\)$/);
    expect(msg).not.toContain('AKIA');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
