/**
 * The one reader of YAML input (scenarios/kinds/fields.ts `Fields`): a k8sim kind, a Kubernetes HPA manifest and an
 * `hpa explain` snapshot report a bad field through the same Fields code, in the same `file:line: field: problem`
 * form. Spies call through; they only record which Fields method threw the error each input produced.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../scenarios/errors';
import { Fields } from '../../scenarios/kinds/fields';
import { readSnapshotFiles } from '../../scenarios/hpaSnapshot';
import { load, webDeployment } from './helpers';

// A Simulation: apiVersion 1, kind 2, metadata 3, spec 4, its fields from line 5.
const sim = (spec: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec:\n${spec}`;

// A Deployment (lines 1–8), the separator (9), then an HPA: apiVersion 10, kind 11, metadata 12, spec 13, its
// scaleTargetRef 14 and the given fields from 15.
const hpaScenario = (spec: string) =>
  webDeployment() +
  [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata: {name: web}',
    'spec:',
    '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
    spec,
  ].join('\n');

// An HPASnapshot: apiVersion 1, kind 2, now 3, hpa 4–8 (its spec 7, maxReplicas 8), scale 9, specReplicas 10.
const snapshot = (maxReplicas: string, specReplicas: string, extra = '') =>
  [
    'apiVersion: k8sim/v1alpha1',
    'kind: HPASnapshot',
    'now: 0',
    'hpa:',
    '  apiVersion: autoscaling/v2',
    '  kind: HorizontalPodAutoscaler',
    '  spec: {scaleTargetRef: {kind: Deployment, name: web},',
    `    ${maxReplicas}}`,
    'scale:',
    `  specReplicas: ${specReplicas}`,
    extra,
  ].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'fields-'));
function snapshotFile(text: string): string {
  const f = join(dir, 'snap.yaml');
  writeFileSync(f, text);
  return f;
}

function thrown(run: () => unknown): InputError {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('read without error');
}

describe('one reader for k8sim kinds, HPA manifests and hpa explain snapshots', () => {
  afterEach(() => jest.restoreAllMocks());

  test('an integer below its minimum: Fields.int words it the same way for all three', () => {
    const int = jest.spyOn(Fields.prototype, 'int');
    const fromFieldsInt = (run: () => unknown): string => {
      const e = thrown(run);
      expect(int.mock.results.some((r) => r.type === 'throw' && r.value === e)).toBe(true);
      return e.message;
    };
    // the k8sim Simulation kind
    expect(fromFieldsInt(() => load(sim('  nodeLifecycle: {tolerationSeconds: -1}')))).toBe(
      'x.yaml:5: spec.nodeLifecycle.tolerationSeconds: expected an integer ≥ 0, got -1',
    );
    // an autoscaling/v2 HorizontalPodAutoscaler in a scenario (the API server's check, scenarios/kinds/hpaManifest.ts)
    expect(fromFieldsInt(() => load(hpaScenario('  maxReplicas: 0')))).toBe('x.yaml:15: spec.maxReplicas: expected an integer ≥ 1, got 0');
    // the same manifest check inside a snapshot, located under `hpa`
    const inSnapshot = snapshotFile(snapshot('maxReplicas: 0', '1'));
    expect(fromFieldsInt(() => readSnapshotFiles([inSnapshot]))).toBe(`${inSnapshot}:8: hpa.spec.maxReplicas: expected an integer ≥ 1, got 0`);
    // the snapshot's own field
    const snap = snapshotFile(snapshot('maxReplicas: 3', '-1'));
    expect(fromFieldsInt(() => readSnapshotFiles([snap]))).toBe(`${snap}:10: scale.specReplicas: expected an integer ≥ 0, got -1`);
  });

  test('an unknown field: Fields.of rejects it with a guess, in a k8sim kind, a manifest and a snapshot', () => {
    const of = jest.spyOn(Fields, 'of');
    const fromFieldsOf = (run: () => unknown): string => {
      const e = thrown(run);
      expect(of.mock.results.some((r) => r.type === 'throw' && r.value === e)).toBe(true);
      return e.message;
    };
    expect(fromFieldsOf(() => load(sim('  sampleIntervall: 5s')))).toBe('x.yaml:5: spec.sampleIntervall: unknown field "spec.sampleIntervall", did you mean "sampleInterval"?');
    const manifest = snapshotFile(snapshot('maxReplica: 3', '1'));
    expect(fromFieldsOf(() => readSnapshotFiles([manifest]))).toBe(`${manifest}:8: hpa.spec.maxReplica: unknown field "hpa.spec.maxReplica", did you mean "maxReplicas"?`);
    const top = snapshotFile(snapshot('maxReplicas: 3', '1', 'pod: []'));
    expect(fromFieldsOf(() => readSnapshotFiles([top]))).toBe(`${top}:11: pod: unknown field "pod", did you mean "pods"?`);
  });

  test('the HPA controller settings: one reader, so one wording for a Simulation and a snapshot', () => {
    expect(thrown(() => load(sim('  hpaController: {scaleUpLimitFactor: 0.5}'))).message).toBe(
      'x.yaml:5: spec.hpaController.scaleUpLimitFactor: expected a number ≥ 1, got 0.5',
    );
    const f = snapshotFile(snapshot('maxReplicas: 3', '1', 'controller: {scaleUpLimitFactor: 0.5}'));
    expect(thrown(() => readSnapshotFiles([f])).message).toBe(`${f}:11: controller.scaleUpLimitFactor: expected a number ≥ 1, got 0.5`);
  });
});
