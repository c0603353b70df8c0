/**
 * docs/sweeps.md stays true to the code: every option `k8sim sweep --help` lists is documented, and every field the
 * Sweep reader accepts appears in the field table; --help and the docs say what a signal does and how to resume, with
 * the line the code prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Interrupted } from '../../cli/signals';
import { SWEEP_STOPPED } from '../../cli/sweepPool';
import { k8sim, ROOT } from '../support/cli';

const doc = fs.readFileSync(path.join(ROOT, 'docs', 'sweeps.md'), 'utf8');

describe('docs/sweeps.md', () => {
  it('documents every option of k8sim sweep and sweep merge', () => {
    const help = k8sim(['sweep', '--help']).stdout + k8sim(['sweep', 'merge', '--help']).stdout;
    const flags = [...new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]))].filter((f) => f !== '--help' && f !== '--version');
    expect(flags).toEqual(expect.arrayContaining(['--out', '--workers', '--summary-only', '--shard', '--emit-indexed-job', '--shards', '--parallelism', '--image', '--claim', '--quiet']));
    for (const f of flags) expect([f, doc.includes(`\`${f}`)]).toEqual([f, true]);
  });

  it('documents every field of the Sweep document', () => {
    const src = fs.readFileSync(path.join(ROOT, 'scenarios', 'kinds', 'sweep.ts'), 'utf8');
    const fields = ['spec.scenario', 'spec.parameters', 'spec.seeds', 'spec.search', 'spec.parameters[].path', 'spec.parameters[].values', 'spec.parameters[].range', 'spec.search.parameter', 'spec.search.objective', 'spec.search.confidence', 'spec.search.find'];
    // The reader's own lists of accepted keys, so a new field fails this test until it is documented.
    for (const key of ['scenario', 'parameters', 'seeds', 'search', 'path', 'values', 'range', 'parameter', 'objective', 'confidence', 'find']) expect(src).toContain(`'${key}'`);
    for (const f of fields) expect([f, doc.includes(`| \`${f}\` |`)]).toEqual([f, true]);
  });

  it('says what SIGINT/SIGTERM do to a sweep and how to resume, in --help and in "Stopping and resuming" with the printed line', () => {
    const help = k8sim(['sweep', '--help']).stdout.replace(/\s+/g, ' ');
    for (const words of ['Ctrl-C (SIGINT) or SIGTERM', 'runs in flight are removed', 'exit 130 or 143', 'Run the same command again to resume']) expect([words, help.includes(words)]).toEqual([words, true]);
    expect(doc).toContain('## Stopping and resuming');
    expect(doc).toContain(`\nk8sim: ${new Interrupted('SIGINT', SWEEP_STOPPED).message}\n`);
    expect(k8sim(['run', '--help']).stdout.replace(/\s+/g, ' ')).toContain('Ctrl-C (SIGINT) or SIGTERM stops the run and removes its partial files');
  });
});
