/**
 * The API server's field.Error wordings (k8s.io/apimachinery/pkg/util/validation/field), for messages that quote
 * upstream validation: `Invalid value: 0: must be greater than zero`, `Unsupported value: "x": supported values: …`.
 * Text only; the caller locates the error.
 */
import { labelKeyError } from '../models/labels';

/** field.Invalid: `Invalid value: <v>: <detail>` (strings quoted, numbers as written). */
export function invalid(v: unknown, detail: string): string {
  return `Invalid value: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}: ${detail}`;
}

/** field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function notSupported(v: unknown, supported: readonly string[]): string {
  return `Unsupported value: ${JSON.stringify(v)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

/** metav1validation.ValidateLabelName's error for `key`; undefined when it is a valid label key. */
export function labelNameProblem(key: string): string | undefined {
  const err = labelKeyError(key);
  return err === undefined ? undefined : invalid(key, err);
}
