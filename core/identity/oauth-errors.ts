/**
 * RFC 6749 §5.2 error codes. The token endpoint answers in OAuth's own JSON
 * (`{"error", "error_description"}`), which every OAuth client library parses, not problem+json.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type';

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly error: OAuthErrorCode;

  constructor(error: OAuthErrorCode, description: string) {
    super(description);
    this.error = error;
  }

  /** §5.2: 400, except a failed client authentication, which may be (and here is) 401. */
  get status(): 400 | 401 {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}
