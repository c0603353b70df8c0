/**
 * An HPA whose scale target is missing, or of a kind k8sim does not scale, behaves as horizontal.go's
 * reconcileAutoscaler when the scale subresource cannot be read (issue #14): every sync a Warning Event FailedGetScale
 * carrying the error, AbleToScale False with reason FailedGetScale, nothing scaled.
 */
import { resolveScenario } from '../../../scenarios/load';
import { run } from '../../support/build';
import { seconds, toSeconds } from '../../../engine/time';

const hpa = (name: string, ref: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}}\nspec:\n  scaleTargetRef: ${ref}\n  maxReplicas: 10\n`;

// kubernetes.io's php-apache HPA alone (its Deployment in another file, not given), and an Argo Rollout target.
const SOURCES = [
  { file: 'hpa.yaml', text: hpa('php-apache', '{apiVersion: apps/v1, kind: Deployment, name: php-apache}') },
  { file: 'rollout.yaml', text: hpa('rollout', '{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}') },
  { file: 'rc.yaml', text: hpa('legacy', '{apiVersion: v1, kind: ReplicationController, name: legacy}') },
];

describe('an HPA that cannot get its scale', () => {
  const s = resolveScenario(SOURCES, { duration: seconds(30) }, 'x');
  const { rec } = run(s);

  it('emits FailedGetScale with the API error at each sync (t = 0, 15, 30 s: the default 15 s sync period)', () => {
    const events = rec.events.filter((e) => e.reason === 'FailedGetScale');
    // 3 HPAs × 3 syncs; the messages are apimachinery's NotFound (`<plural>.<group> "<name>" not found`, the core group
    // has no suffix) and the RESTMapper's NoKindMatchError (`no matches for kind "K" in group "G"`).
    expect(events.filter((e) => toSeconds(e.time) === 0).map((e) => [e.type, e.name, e.message])).toEqual([
      ['Warning', 'php-apache', 'deployments.apps "php-apache" not found'],
      ['Warning', 'rollout', 'no matches for kind "Rollout" in group "argoproj.io"'],
      ['Warning', 'legacy', 'replicationcontrollers "legacy" not found'],
    ]);
    expect(events.map((e) => toSeconds(e.time))).toEqual([0, 0, 0, 15, 15, 15, 30, 30, 30]);
  });

  it('writes hpa rows with AbleToScale FailedGetScale and scales nothing', () => {
    const rows = rec.hpas.filter((r) => r.hpa === 'php-apache');
    expect(rows.map((r) => [toSeconds(r.time), r.targetKind, r.currentReplicas, r.desiredReplicas, r.conditions.AbleToScale])).toEqual([
      [0, 'Deployment', 0, 0, 'FailedGetScale'],
      [15, 'Deployment', 0, 0, 'FailedGetScale'],
      [30, 'Deployment', 0, 0, 'FailedGetScale'],
    ]);
    expect(rec.hpas.filter((r) => r.hpa === 'rollout')[0].targetKind).toBe('Rollout');
  });

  it('is a load warning each, so --strict refuses it', () => {
    expect(s.warnings).toEqual([
      'rollout.yaml:5: HorizontalPodAutoscaler/rollout: k8sim scales Deployment, ReplicaSet, ReplicationController, StatefulSet, not Rollout: the HPA reports FailedGetScale and scales nothing',
      'hpa.yaml:5: HorizontalPodAutoscaler/php-apache: no Deployment named "php-apache" in namespace "default" in this scenario: the HPA reports FailedGetScale and scales nothing',
      'rc.yaml:5: HorizontalPodAutoscaler/legacy: no ReplicationController named "legacy" in namespace "default" in this scenario: the HPA reports FailedGetScale and scales nothing',
    ]);
  });
});
