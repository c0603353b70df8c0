/**
 * The input fuzzer (issue #14): seeded mutations of the examples and of kubectl-generated manifests
 * (test/fixtures/fuzz: `kubectl create deployment|service|job|cronjob|configmap … --dry-run=client -o yaml`, v1.32),
 * covering alias bombs, recursive aliases, custom tags, merge keys, control characters, absurd sizes, wrong types,
 * unknown kinds, broken YAML and folder oddities. Every case must load or fail with one InputError (exit 0 or 2,
 * never 1); a message is one line with no raw control character. Most cases run the loader in-process; a few run
 * the built CLI (`npm run build` first), which must also leave no output folder on exit 2. A failure prints the seed
 * and the case so it can be replayed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import seedrandom from 'seedrandom';
import { InputError } from '../../scenarios/errors';
import { loadScenario, resolveScenario } from '../../scenarios/load';
import { k8sim, ROOT, tempDir } from '../support/cli';

const SEED = 'k8sim-input-fuzz-1';
const IN_PROCESS_CASES = 400;
const CLI_CASES = 8;

const EXAMPLES = path.join(ROOT, 'scenarios', 'examples');
const KUBECTL = path.join(ROOT, 'test', 'fixtures', 'fuzz');
const corpus: { file: string; text: string }[] = [
  ...fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => path.join(EXAMPLES, f)),
  ...fs.readdirSync(KUBECTL).map((f) => path.join(KUBECTL, f)),
]
  .sort()
  .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

const CONTROL = ['\n', '\r', '\t', '\x1b[2J', '\x00', '\x7f', '\x9b', '\u2028', '\u202e', '\ud800'];
const ABSURD = ['-5', '-1', '0', '1e308', '-1e308', '123456789', '9007199254740993', '.inf', '.nan', '1.5', '99999999999999999999h', '-5m', '100000h'];
const WRONG = ['[1, 2]', '{a: 1}', 'null', 'true', '"x"', '~', '""', '[]', '{}'];
const KINDS = ['Foo', '""', 'deployment', 'Deployments', 'List', 'Pod', 'Simulation', 'StatefulSet', 'PodDisruptionBudget', '3', '[Pod]'];
const BOMB = (levels: number) => {
  const ls = Array.from({ length: levels }, (_, i) => `  l${i}: &l${i} [${Array(9).fill(i === 0 ? 'x' : `*l${i - 1}`).join(', ')}]`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${ls.join('\n')}\n`;
};

/** A YAML double-quoted string holding `s` (JSON's escapes are YAML's). */
const quoted = (s: string) => JSON.stringify(s);

/** Lines with a `key: scalar` shape, as [index, indent + key, value]. */
function scalarLines(lines: readonly string[]): [number, string, string][] {
  const out: [number, string, string][] = [];
  lines.forEach((l, i) => {
    const m = /^(\s*(?:- )?[A-Za-z0-9_./-]+:) (\S.*)$/.exec(l);
    if (m && !m[2].startsWith('#')) out.push([i, m[1], m[2]]);
  });
  return out;
}

/** One mutation of `text`: returns the mutated text and the name of its class. */
function mutate(rng: Rng, text: string): { cls: string; text: string } {
  const lines = text.split('\n');
  const scalars = scalarLines(lines);
  const set = (cls: string, f: (l: string[]) => void) => {
    const copy = [...lines];
    f(copy);
    return { cls, text: copy.join('\n') };
  };
  const onScalar = (cls: string, value: () => string) =>
    scalars.length === 0 ? { cls, text } : set(cls, (l) => {
      const [i, key] = pick(rng, scalars);
      l[i] = `${key} ${value()}`;
    });
  switch (pick(rng, ['bomb', 'recursion', 'tag', 'merge', 'control', 'absurd', 'wrong', 'kind', 'delete', 'duplicate', 'truncate', 'indent'])) {
    case 'bomb':
      return { cls: 'bomb', text: `${text}\n---\n${BOMB(3 + Math.floor(rng() * 5))}` };
    case 'recursion':
      return { cls: 'recursion', text: `${text}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: &m {name: r, annotations: *m}\n` };
    case 'tag':
      return onScalar('tag', () => `${pick(rng, ['!foo', '!!binary', '!!set', '!!timestamp', '!!str', '!Ref'])} x`);
    case 'merge':
      return { cls: 'merge', text: `${text}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n  - &c {name: a, image: nginx}\n  - <<: *c\n    name: ${pick(rng, ['b', 'a', '"\\n"'])}\n` };
    case 'control':
      return onScalar('control', () => quoted(`x${pick(rng, CONTROL)}y${pick(rng, CONTROL)}`));
    case 'absurd':
      return onScalar('absurd', () => pick(rng, ABSURD));
    case 'wrong':
      return onScalar('wrong', () => pick(rng, WRONG));
    case 'kind':
      return set('kind', (l) => {
        const kinds = l.map((x, i) => [x, i] as const).filter(([x]) => x.startsWith('kind:'));
        if (kinds.length > 0) l[pick(rng, kinds)[1]] = `kind: ${pick(rng, KINDS)}`;
      });
    case 'delete':
      return set('delete', (l) => void l.splice(Math.floor(rng() * l.length), 1 + Math.floor(rng() * 3)));
    case 'duplicate':
      return set('duplicate', (l) => {
        const i = Math.floor(rng() * l.length);
        l.splice(i, 0, l[i]);
      });
    case 'truncate':
      return { cls: 'truncate', text: text.slice(0, Math.floor(rng() * text.length)) };
    default:
      return set('indent', (l) => {
        const i = Math.floor(rng() * l.length);
        l[i] = rng() < 0.5 ? ` ${l[i]}` : l[i].replace(/^ /, '');
      });
  }
}

/** 0 when it loads, 2 for an InputError (whose message is checked); anything else is thrown (a bug: exit 1). */
function outcome(load: () => unknown): 0 | 2 {
  try {
    load();
    return 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.message).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/);
    return 2;
  }
}

describe(`input fuzz (seed ${SEED})`, () => {
  const counts = { cases: 0, exit0: 0, exit2: 0 };
  const byClass: Record<string, [number, number]> = {};
  afterAll(() => {
    // The figures for the closing note of issue #14.
    console.log(`input fuzz: ${counts.cases} cases, ${counts.exit0} exit 0, ${counts.exit2} exit 2, 0 exit 1; by class (0/2): ${JSON.stringify(byClass)}`);
  });

  it(`${IN_PROCESS_CASES} mutated documents load or fail with one located line`, () => {
    const rng = seedrandom(SEED);
    for (let n = 0; n < IN_PROCESS_CASES; n++) {
      const src = pick(rng, corpus);
      // One to three mutations stacked, so classes combine (a control character inside an absurd value …).
      let m = mutate(rng, src.text);
      for (let k = Math.floor(rng() * 3); k > 0; k--) m = { ...mutate(rng, m.text), cls: m.cls };
      const file = path.join(path.dirname(src.file), `fuzz-${n}.yaml`);
      let code: 0 | 2;
      try {
        code = outcome(() => resolveScenario([{ file, text: m.text }], {}, 'fuzz'));
      } catch (e) {
        throw new Error(`seed ${SEED} case ${n} (${m.cls} of ${path.basename(src.file)}): internal error ${(e as Error).stack}\n--- text ---\n${m.text}`);
      }
      counts.cases++;
      counts[code === 0 ? 'exit0' : 'exit2']++;
      byClass[m.cls] ??= [0, 0];
      byClass[m.cls][code === 0 ? 0 : 1]++;
    }
    // Both outcomes occur: the mutations neither all break nor all miss the validation.
    expect(counts.exit0).toBeGreaterThan(0);
    expect(counts.exit2).toBeGreaterThan(0);
  });

  it('folder oddities load or fail with one line', () => {
    const dir = tempDir('k8sim-fuzz-folders-');
    const good = fs.readFileSync(path.join(KUBECTL, 'kubectl-deployment.yaml'), 'utf8');
    const oddities: [string, (d: string) => void][] = [
      ['broken symlink', (d) => fs.symlinkSync(path.join(d, 'gone.yaml'), path.join(d, 'b.yaml'))],
      ['symlink loop', (d) => fs.symlinkSync('l.yaml', path.join(d, 'l.yaml'))],
      ['folder named x.yaml', (d) => fs.mkdirSync(path.join(d, 'x.yaml'))],
      ['folder linked into itself', (d) => fs.symlinkSync('.', path.join(d, 'self'))],
      ['empty file', (d) => fs.writeFileSync(path.join(d, 'empty.yaml'), '')],
      ['binary junk', (d) => fs.writeFileSync(path.join(d, 'junk.yaml'), Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256)))],
      ['a file without read permission', (d) => fs.writeFileSync(path.join(d, 'secret.yaml'), good, { mode: 0o000 })],
      ['a named pipe', (d) => require('node:child_process').execFileSync('mkfifo', [path.join(d, 'pipe.yaml')])],
    ];
    for (const [name, make] of oddities) {
      const d = path.join(dir, name.replace(/\W+/g, '-'));
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'ok.yaml'), good);
      make(d);
      let code: 0 | 2;
      try {
        code = outcome(() => loadScenario([d]));
      } catch (e) {
        throw new Error(`folder oddity "${name}": internal error ${(e as Error).stack}`);
      }
      counts.cases++;
      counts[code === 0 ? 'exit0' : 'exit2']++;
      byClass.folder ??= [0, 0];
      byClass.folder[code === 0 ? 0 : 1]++;
    }
  });

  it(`${CLI_CASES} cases through the CLI: exit 0 or 2; exit 2 is one stderr line and no output folder`, () => {
    const rng = seedrandom(`${SEED}-cli`);
    const dir = tempDir('k8sim-fuzz-cli-');
    for (let n = 0; n < CLI_CASES; n++) {
      const src = pick(rng, corpus);
      const m = mutate(rng, src.text);
      const file = path.join(dir, `case-${n}.yaml`);
      fs.writeFileSync(file, m.text);
      const out = path.join(dir, `out-${n}`);
      const r = k8sim(['run', file, '--out', out, '--duration', '10s', '--quiet']);
      const where = `seed ${SEED}-cli case ${n} (${m.cls} of ${path.basename(src.file)}): exit ${r.code}\n${r.stderr}`;
      if (r.code !== 0 && r.code !== 2) throw new Error(where);
      if (r.code === 2) {
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        if (lines.length !== 1 || /[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(r.stderr)) throw new Error(`${where}: expected one clean line`);
        expect(fs.existsSync(out)).toBe(false);
      }
      counts.cases++;
      counts[r.code === 0 ? 'exit0' : 'exit2']++;
      byClass[`cli-${m.cls}`] ??= [0, 0];
      byClass[`cli-${m.cls}`][r.code === 0 ? 0 : 1]++;
    }
  });
});
