/**
 * `k8sim hpa explain` end to end: public vectors through snapshot files, the documented examples (docs/hpa-explain.md
 * is the contract: every example there is run and compared), and invalid snapshots (one `file:line` line, exit 2,
 * nothing on stdout).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { hpaExplain } from '../../cli/hpaExplain';

const ROOT = join(__dirname, '..', '..');

async function run(files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({
    write(chunk, _enc, cb) {
      stdout += String(chunk);
      cb();
    },
  });
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await hpaExplain(files, out);
    return { code, stdout, stderr };
  } finally {
    spy.mockRestore();
  }
}

interface Explained {
  desiredReplicas: number;
  metrics: { utilization: number | null; ignored: string[] | null; proposal: number | null }[];
  conditions: { type: string; status: string; reason: string }[];
  event: { message: string } | null;
}

const conds = (o: Explained) => o.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('public vectors through snapshot files (test/fixtures/hpa-snapshots/vectors.yaml)', () => {
  let lines: Explained[];
  beforeAll(async () => {
    const r = await run([join(ROOT, 'test/fixtures/hpa-snapshots/vectors.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Explained);
    expect(lines).toHaveLength(6);
  });

  test('HC-01', () => {
    const o = lines[0];
    expect(o.desiredReplicas).toBe(5);
    expect(o.metrics[0].utilization).toBe(50);
    expect(conds(o)).toEqual(['AbleToScale=True/SucceededRescale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange']);
    expect(o.event?.message).toBe('New size: 5; reason: cpu resource utilization (percentage of request) above target');
  });

  test('HC-09', () => {
    expect(lines[1].desiredReplicas).toBe(0);
    expect(conds(lines[1])).toEqual(['AbleToScale=True/SucceededGetScale', 'ScalingActive=False/ScalingDisabled']);
    expect(lines[1].event).toBeNull();
  });

  test('HC-11', () => {
    expect(lines[2].desiredReplicas).toBe(5);
    expect(conds(lines[2])).toEqual(['AbleToScale=True/SucceededRescale']);
    expect(lines[2].event?.message).toBe('New size: 5; reason: Current number of replicas above Spec.MaxReplicas');
  });

  test('HC-21', () => {
    expect(lines[3].desiredReplicas).toBe(4);
    expect(lines[3].metrics[0].utilization).toBe(60);
  });

  test('HC-25', () => {
    expect(lines[4].desiredReplicas).toBe(4);
    expect(lines[4].metrics[0].utilization).toBe(60);
    expect(lines[4].metrics[0].ignored).toEqual(['p2', 'p3']);
  });

  test('HC-29', () => {
    expect(lines[5].desiredReplicas).toBe(2);
  });
});

/** `$ k8sim hpa explain <file>` followed by its ```json block, for every example of the docs page. */
function documentedExamples(): { file: string; expected: string }[] {
  const md = readFileSync(join(ROOT, 'docs/hpa-explain.md'), 'utf8');
  const re = /\$ k8sim hpa explain (\S+)\n```\s*\n+```json\n([\s\S]*?)\n```/g;
  return [...md.matchAll(re)].map((m) => ({ file: m[1], expected: m[2] }));
}

describe('docs/hpa-explain.md examples', () => {
  const examples = documentedExamples();

  test('the page documents the five examples of scenarios/examples/hpa-explain', () => {
    expect(examples.map((e) => e.file)).toEqual([
      'scenarios/examples/hpa-explain/php-apache-scale-up.yaml',
      'scenarios/examples/hpa-explain/first-sync-stabilized.yaml',
      'scenarios/examples/hpa-explain/unready-pods.yaml',
      'scenarios/examples/hpa-explain/queue-worker-scale-down.yaml',
      'scenarios/examples/hpa-explain/one-metric-failing.yaml',
    ]);
  });

  test.each(examples.map((e) => [e.file, e] as const))('%s prints the documented line', async (_f, e) => {
    const r = await run([join(ROOT, e.file)]);
    expect(r.code).toBe(0);
    // same keys in the same order, same values: the one-line form of the pretty-printed block
    expect(r.stdout).toBe(JSON.stringify(JSON.parse(e.expected)) + '\n');
  });

  test('W-01 (php-apache): proposal 7, capped to 4 by the legacy limit', async () => {
    const r = await run([join(ROOT, 'scenarios/examples/hpa-explain/php-apache-scale-up.yaml')]);
    const o = JSON.parse(r.stdout) as Explained & { limitReason: string };
    expect([o.metrics[0].proposal, o.metrics[0].utilization, o.desiredReplicas, o.limitReason]).toEqual([7, 305, 4, 'ScaleUpLimit']);
    expect(o.event?.message).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
  });

  test('several files print one line each, in order', async () => {
    const files = examples.map((e) => join(ROOT, e.file));
    const r = await run([files[1], files[0]]);
    expect(r.stdout.split('\n').map((l) => (l ? (JSON.parse(l) as Explained).desiredReplicas : null))).toEqual([5, 4, null]);
  });
});

describe('invalid snapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-explain-'));
  const good = readFileSync(join(ROOT, 'scenarios/examples/hpa-explain/unready-pods.yaml'), 'utf8');
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  test('a bad quantity names the file, line and field', async () => {
    const text = good.replace('metrics: {cpu: 500m}', 'metrics: {cpu: lots}');
    const f = write('bad-quantity.yaml', text);
    const r = await run([f]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `${f}:${lineOf(text, 'cpu: lots')}: pods[1].metrics.cpu: expected a quantity like 250m, 2, 512Mi or 4Gi, got "lots"\n`,
    });
  });

  test('an unknown metric type is rejected as the API server would', async () => {
    const text = good.replace('- type: Resource', '- type: CheddarCheese');
    const f = write('bad-type.yaml', text);
    const r = await run([f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${f}:${lineOf(text, 'CheddarCheese')}: hpa.spec.metrics[0].type: expected one of Resource, ContainerResource, Pods, Object, External, got "CheddarCheese"\n`);
  });

  test('a missing required field and an unknown field', async () => {
    const noScale = write('no-scale.yaml', good.replace(/scale:\n {2}specReplicas: 4\n/, ''));
    // an absent field is reported at the line of its nearest parent: here the document itself
    expect((await run([noScale])).stderr).toBe(`${noScale}:${lineOf(good, 'apiVersion: k8sim')}: scale: required field is missing (expected a mapping)\n`);
    const typo = good.replace('now: 1000', 'now: 1000\nnwo: 5');
    const unknown = write('unknown.yaml', typo);
    expect((await run([unknown])).stderr).toBe(
      `${unknown}:${lineOf(typo, 'nwo')}: nwo: unknown field "nwo", did you mean "now"?\n`,
    );
  });

  test('maxReplicas below minReplicas', async () => {
    const text = good.replace('maxReplicas: 10', 'maxReplicas: 0');
    const f = write('max.yaml', text);
    expect((await run([f])).stderr).toBe(`${f}:${lineOf(text, 'maxReplicas')}: hpa.spec.maxReplicas: expected an integer ≥ 1, got 0\n`);
  });

  test('one invalid file among several: nothing on stdout', async () => {
    const bad = write('bad-now.yaml', good.replace('now: 1000', 'now: soon'));
    const r = await run([join(ROOT, 'scenarios/examples/hpa-explain/unready-pods.yaml'), bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${bad}:${lineOf(good, 'now: 1000')}: now: expected a time in seconds (a number), got "soon"\n`);
  });

  test('YAML the parser cannot resolve is reported, not thrown', async () => {
    const f = write('alias.yaml', good.replace('scale:\n  specReplicas: 4', 'scale: *nowhere'));
    const r = await run([f]);
    expect(r.code).toBe(2);
    // The loader's YAML guard names the alias (scenarios/yamlGuards.ts, issue #14).
    expect(r.stderr).toMatch(new RegExp(`^${f}:\\d+: [\\w.]+: YAML alias \\*nowhere has no anchor &nowhere before it .+\n$`));
  });

  test('an unreadable file', async () => {
    const r = await run([join(dir, 'absent.yaml')]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${join(dir, 'absent.yaml')}: cannot read the file (ENOENT)\n` });
  });
});
