/**
 * An API call's refusal as the API server answers it (metav1.Status): HTTP code, reason, message and causes. The
 * store's admission plugins and the eviction subresource throw or return it; callers record the message verbatim
 * (a ReplicaSet's `FailedCreate` event, kubectl's error lines). Data only.
 */

export interface StatusCause {
  /** e.g. `DisruptionBudget`. */
  readonly type: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status: 403 Forbidden, 429 TooManyRequests, 500 InternalError, 404 NotFound. */
    readonly code: number,
    /** metav1.StatusReason: `Forbidden`, `TooManyRequests`, `InternalError`, `NotFound`. */
    readonly reason: string,
    message: string,
    readonly causes: readonly StatusCause[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** admission.NewForbidden: `<resource> "<name>" is forbidden: <problem>` (403). */
export function forbidden(resource: string, name: string, problem: string): ApiError {
  return new ApiError(403, 'Forbidden', `${resource} "${name}" is forbidden: ${problem}`);
}
