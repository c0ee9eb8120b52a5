import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../errors/app-error.ts';
import type { HttpEnv } from '../http-env.ts';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The API speaks JSON only. A non-empty request body must stay within the size limit (413,
 * checked on the declared length and again while streaming), declare a JSON media type (415),
 * and parse (400 `invalid-json`). Hono caches the text for the route's validator.
 */
export function jsonBody(limitBytes: number, formPaths: readonly RegExp[] = []): MiddlewareHandler<HttpEnv> {
  const limit = bodyLimit({
    maxSize: limitBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`, {
        details: { limit: limitBytes },
      });
    },
  });
  return async (c, next) => {
    if (NO_BODY.has(c.req.method) || c.req.raw.body === null) return next();
    return limit(c, async () => {
      // Read before judging the type: an empty body needs no media type at all.
      const text = await c.req.text();
      if (text.length === 0) return next();
      const type = c.req.header('content-type') ?? '';
      // The one exception: OAuth's token endpoint takes form-encoded bodies (RFC 6749 §4.4.2,
      // RFC 7523 §2.2), on the exact paths the caller lists; its route parses them itself.
      if (FORM_TYPE.test(type) && formPaths.some((path) => path.test(c.req.path))) return next();
      if (!JSON_TYPE.test(type)) {
        throw new AppError(
          'unsupported_media_type',
          `Send the body as application/json${type ? `, not ${type.split(';')[0]}` : ''}.`,
        );
      }
      try {
        JSON.parse(text);
      } catch {
        throw new AppError('invalid_json', 'The request body could not be parsed as JSON.');
      }
      await next();
    });
  };
}
