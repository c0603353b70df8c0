/** Test helpers: load YAML text given inline, and catch the InputError message it throws. */
import { InputError } from '../../scenarios/errors';
import { resolveScenario } from '../../scenarios/load';
import type { ResolvedScenario } from '../../scenarios/types';

export function load(text: string): ResolvedScenario {
  return resolveScenario([{ file: 'x.yaml', text }], {}, 'x');
}

/** The message of the InputError `text` throws (fails the test when it loads). */
export function errorOf(text: string): string {
  try {
    load(text);
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('loaded without error');
}

/**
 * A Deployment `web` (pods labelled app=web, one container `web` of nginx, with `resources` when given) on lines 1–8,
 * then the document separator on line 9: the scenario tests start their own document at line 10, so the line numbers
 * of their located errors read from this layout.
 */
export function webDeployment(resources = ''): string {
  const container = resources === '' ? '{name: web, image: nginx}' : `{name: web, image: nginx, resources: ${resources}}`;
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    `    spec: {containers: [${container}]}`,
    '---',
    '',
  ].join('\n');
}

/** A one-container Pod document with `extra` lines indented under the container. */
export function podWith(containerLines: string, specLines = ''): string {
  const indent = (s: string, n: number) =>
    s
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => ' '.repeat(n) + l)
      .join('\n');
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  labels: {app: p}',
    'spec:',
    indent(specLines, 2),
    '  containers:',
    '    - name: app',
    indent(containerLines, 6),
  ]
    .filter((l) => l !== '')
    .join('\n');
}
