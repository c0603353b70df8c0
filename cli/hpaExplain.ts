/**
 * `k8sim hpa explain <snapshot.yaml>...`: an HPA dry-run. Reads `k8sim/v1alpha1 HPASnapshot` documents
 * (scenarios/hpaSnapshot.ts), runs one reconcile of the controller on each (models/hpa reconcile) and prints one
 * JSON object per snapshot and line. The format is a public contract (docs/hpa-explain.md). Owns the command and the
 * rendering, never the reading or the decision; an invalid snapshot prints one `file:line: field: expected ...` line
 * on stderr, exit 2, nothing on stdout. Imports stay light: this command is run in loops and must start fast.
 */
import { toSeconds } from '../engine/time';
import { InputError } from '../scenarios/errors';
import { readSnapshotFiles } from '../scenarios/hpaSnapshot';
import { reconcile, type HpaReconcileResult } from '../models/hpa/reconcile';

/** The public output shape (docs/hpa-explain.md), keys in a fixed order. */
export function explainJson(result: HpaReconcileResult): string {
  const last = result.events.length > 0 ? result.events[result.events.length - 1] : null;
  return JSON.stringify({
    desiredReplicas: result.desiredReplicas,
    metrics: result.metrics.map((m) => ({
      type: m.type,
      name: m.name,
      proposal: m.proposal,
      utilization: m.utilization,
      rawAverageMilli: m.rawAverageMilli,
      value: m.value,
      ready: m.ready,
      unready: m.unready,
      missing: m.missing,
      ignored: m.ignored,
      error: m.error,
    })),
    stabilized: result.stabilized,
    limitReason: result.limitReason,
    conditions: result.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    event: last ? { type: last.type, reason: last.reason, message: last.message } : null,
    history: {
      recommendations: result.history.recommendations.map((x) => ({ replicas: x.replicas, time: toSeconds(x.time) })),
      scaleUpEvents: result.history.scaleUpEvents.map((x) => ({ change: x.change, time: toSeconds(x.time) })),
      scaleDownEvents: result.history.scaleDownEvents.map((x) => ({ change: x.change, time: toSeconds(x.time) })),
    },
  });
}

/** Runs every snapshot of every file; 0 on success, 2 (one line on stderr, nothing on `out`) on invalid input. */
export async function hpaExplain(files: string[], out: NodeJS.WritableStream): Promise<number> {
  const lines: string[] = [];
  try {
    if (files.length === 0) throw new InputError('hpa explain', undefined, undefined, 'expected at least one snapshot file');
    for (const input of readSnapshotFiles(files)) lines.push(explainJson(reconcile(input)) + '\n');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    process.stderr.write(e.message + '\n');
    return 2;
  }
  out.write(lines.join(''));
  return 0;
}
