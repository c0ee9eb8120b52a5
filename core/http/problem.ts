import type { ErrorCode, FieldIssue } from '../errors/app-error.ts';

/** RFC 9457 problem details, as Custos sends them. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly requestId: string;
  readonly errors?: readonly FieldIssue[];
  /**
   * An extension member (RFC 9457 §3.2): what the failure's domain adds, e.g. a booking's
   * `{ type: "slot-taken", alternatives: [...] }`. Only what `AppError.details` marks safe to show.
   */
  readonly details?: Readonly<Record<string, unknown>>;
}

interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/**
 * The one place an `ErrorCode` becomes HTTP. `type` URIs are stable identifiers (RFC 9457 §3.1.1);
 * docs/api/problems.md describes each.
 */
export const PROBLEM_KINDS: Readonly<Record<ErrorCode, ProblemKind>> = {
  validation_failed: { status: 400, title: 'The request is invalid' },
  invalid_json: { status: 400, title: 'The request body is not valid JSON' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  not_ready: { status: 503, title: 'Not ready' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: ErrorCode): string {
  return `urn:custos:problem:${code.replaceAll('_', '-')}`;
}

export function toProblem(
  code: ErrorCode,
  detail: string,
  requestId: string,
  issues: readonly FieldIssue[] = [],
  details?: Readonly<Record<string, unknown>>,
): ProblemDetails {
  const kind = PROBLEM_KINDS[code];
  return {
    type: problemType(code),
    title: kind.title,
    status: kind.status,
    detail,
    code,
    requestId,
    ...(issues.length > 0 ? { errors: issues } : {}),
    ...(details !== undefined && Object.keys(details).length > 0 ? { details } : {}),
  };
}
