/**
 * Disruption budgets (reference §7.3; kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go GetAllowedDisruptionsByReason,
 * Budget.IsActive; pkg/controllers/disruption/helpers.go BuildDisruptionBudgetMapping). Pure: `now` is Unix µs (UTC).
 */
import { parseCronSchedule, type CronSchedule } from '../batch/cronSchedule';
import type { DisruptionBudget, DisruptionReason } from './types';

const schedules = new Map<string, CronSchedule>();

function cron(schedule: string): CronSchedule {
  let c = schedules.get(schedule);
  if (c === undefined) {
    const parsed = parseCronSchedule(schedule, 'UTC');
    if (typeof parsed === 'string') throw new Error(`budget schedule ${schedule}: ${parsed}`);
    c = parsed;
    schedules.set(schedule, c);
  }
  return c;
}

/** Budget.IsActive: no schedule = always; else the first hit strictly after `now − duration` is ≤ now. */
export function budgetActive(b: DisruptionBudget, nowUnixUs: number): boolean {
  if (b.schedule === undefined || b.duration === undefined) return true;
  return cron(b.schedule).next(nowUnixUs - b.duration) <= nowUnixUs;
}

/**
 * The raw allowance of one reason (before subtracting disrupting nodes): min over the active budgets that apply to the
 * reason, `nodes` as an integer or ceil(total × percent); Infinity when none applies (upstream MaxInt32).
 */
export function rawAllowed(budgets: readonly DisruptionBudget[], total: number, reason: DisruptionReason, nowUnixUs: number): number {
  let allowed = Infinity;
  for (const b of budgets) {
    if (b.reasons !== undefined && !b.reasons.includes(reason)) continue;
    if (!budgetActive(b, nowUnixUs)) continue;
    const n = b.nodes.kind === 'int' ? b.nodes.value : Math.ceil((total * b.nodes.value) / 100 - 1e-9);
    allowed = Math.min(allowed, n);
  }
  return allowed;
}

/** GetAllowedDisruptionsByReason − disrupting, at least 0 (BuildDisruptionBudgetMapping). */
export function allowedDisruptions(budgets: readonly DisruptionBudget[], total: number, disrupting: number, reason: DisruptionReason, nowUnixUs: number): number {
  return Math.max(rawAllowed(budgets, total, reason, nowUnixUs) - disrupting, 0);
}

/** The DisruptionBlocked message on the NodePool when total > 0 and the raw allowance is 0 (dedupe 1 min). */
export function budgetBlockedMessage(reason: DisruptionReason): string {
  return `No allowed disruptions for disruption reason ${reason} due to blocking budget`;
}
