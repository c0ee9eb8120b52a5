import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';

/** What a sender gets: the code, where to send it, and when it stops working. */
export interface OneTimeCodeMessage {
  readonly tenantId: string;
  /** The record's mobile number, E.164 (+8613800000001). */
  readonly to: string;
  readonly locale: 'zh-CN' | 'en';
  readonly code: string;
  readonly expiresAt: Date;
  /** The challenge: an idempotency key for the gateway, and what the development outbox logs. */
  readonly verificationId: string;
}

/** The port a one-time code leaves through (an SMS gateway; the development outbox). */
export interface OneTimeCodeSender {
  send(message: OneTimeCodeMessage): Promise<void>;
}

/** The text of the message, in the visitor's language. */
export function oneTimeCodeText(message: Pick<OneTimeCodeMessage, 'code' | 'locale' | 'expiresAt'>): string {
  return message.locale === 'zh-CN'
    ? `您的验证码是 ${message.code}，10 分钟内有效。请勿告诉任何人。`
    : `Your verification code is ${message.code}. It expires in 10 minutes. Do not share it.`;
}

export const SIGNATURE_HEADER = 'x-custos-signature';

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the shared secret. */
export function gatewaySignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface HttpSmsGatewayOptions {
  readonly url: string;
  readonly secret: string;
  /** Default 5 seconds. */
  readonly timeoutMs?: number;
}

/**
 * An SMS gateway reached over HTTP: one JSON POST per code, signed with HMAC-SHA256 over the body
 * (`x-custos-signature: sha256=<hex>`), so the gateway can check the request came from this
 * deployment. A non-2xx answer or no answer within the timeout is an error; the body of the
 * answer is never read into a log (it may echo the number).
 */
export function createHttpSmsGatewaySender(options: HttpSmsGatewayOptions): OneTimeCodeSender {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    async send(message) {
      const body = JSON.stringify({
        tenantId: message.tenantId,
        to: message.to,
        locale: message.locale,
        text: oneTimeCodeText(message),
        expiresAt: message.expiresAt.toISOString(),
        idempotencyKey: message.verificationId,
      });
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: gatewaySignature(options.secret, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the SMS gateway answered ${response.status}`);
    },
  };
}

/**
 * Development only: no gateway, the code goes to the server log at warn level with its
 * verification id — never the phone number — so that a developer running `npm start` can
 * verify a demo record.
 */
export function createDevelopmentOutbox(logger: Pick<Logger, 'warn'>): OneTimeCodeSender {
  return {
    async send(message) {
      logger.warn(
        { verificationId: message.verificationId, code: message.code, expiresAt: message.expiresAt },
        'DEVELOPMENT MODE: one-time code not sent (no SMS gateway configured); it is logged here instead',
      );
    },
  };
}

/**
 * The sender a deployment uses: the configured gateway; else, in development only, the outbox in
 * the server log; else none, and the code method answers 503 (the knowledge check still works).
 */
export function oneTimeCodeSenderFor(
  config: {
    readonly env: 'development' | 'production';
    readonly smsGateway: { readonly url: string; readonly secret: string } | undefined;
  },
  logger: Pick<Logger, 'warn'>,
): OneTimeCodeSender | undefined {
  if (config.smsGateway) return createHttpSmsGatewaySender(config.smsGateway);
  return config.env === 'development' ? createDevelopmentOutbox(logger) : undefined;
}
