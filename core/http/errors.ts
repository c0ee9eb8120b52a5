import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from '../errors/app-error.ts';
import type { HttpEnv } from './http-env.ts';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, toProblem } from './problem.ts';

export function problemResponse(
  c: Context<HttpEnv>,
  problem: ProblemDetails,
  headers: Record<string, string> = {},
) {
  return c.body(JSON.stringify(problem), problem.status as 400, {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
  });
}

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'not_ready',
};

/**
 * `app.onError`: every failure leaves as problem+json. Client mistakes keep their message;
 * anything unexpected is logged with its stack and answered with a bare 500 that reveals nothing.
 */
export function handleError(error: Error, c: Context<HttpEnv>) {
  const context = c.env.context;
  const requestId = context?.requestId ?? 'unknown';
  if (error instanceof AppError) {
    if (error.code === 'internal') context?.logger.error({ err: error }, 'request failed');
    const headers: Record<string, string> = {};
    if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfter));
    if (error.details?.allow) headers.allow = String(error.details.allow);
    if (error.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer realm="custos"';
    return problemResponse(
      c,
      toProblem(error.code, error.message, requestId, error.issues, error.details),
      headers,
    );
  }
  if (error instanceof HTTPException && error.status < 500 && STATUS_CODES[error.status]) {
    return problemResponse(c, toProblem(STATUS_CODES[error.status] as ErrorCode, error.message, requestId));
  }
  context?.logger.error({ err: error }, 'unhandled error');
  return problemResponse(
    c,
    toProblem('internal', 'An internal error occurred; quote the request id when reporting it.', requestId),
  );
}
