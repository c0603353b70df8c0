/**
 * kubectl's AGE format: k8s.io/apimachinery/pkg/util/duration HumanDuration (the function kubectl's printers call
 * through translateTimestampSince), on exact microseconds. Pure; no clock.
 */
import type { Micros } from '../../engine/time';

const S = 1_000_000;
const M = 60 * S;
const H = 60 * M;

/**
 * apimachinery duration.go HumanDuration: `<invalid>` below −1 s, `0s` just below zero, seconds below 2 minutes
 * (`119s`), `2m3s` below 10 minutes, whole minutes below 3 hours (`12m`, `179m`), `3h4m` below 8 hours, hours below
 * 48 (`47h`), `2d3h` below 8 days, days below 2 years, then `2y3d` below 8 years and years. Go's int(d.Seconds())
 * and d / time.Minute truncate toward zero, as Math.trunc does here.
 */
export function humanDuration(d: Micros | number): string {
  const seconds = Math.trunc(d / S);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(d / M);
  if (minutes < 10) {
    const s = Math.trunc(d / S) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(d / H);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}
