import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../testing/test-app.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import {
  createDevelopmentOutbox,
  createHttpSmsGatewaySender,
  type OneTimeCodeMessage,
  oneTimeCodeSenderFor,
  SIGNATURE_HEADER,
} from './contact-verification-senders.ts';

/** The SMS gateway sender against a real HTTP server on loopback; which sender a deployment gets. */

const SECRET = 'gateway-shared-secret-of-at-least-32-chars';
const message: OneTimeCodeMessage = {
  tenantId: '00000000-0000-4000-8000-0000000000a1',
  to: '+8613800000071',
  locale: 'zh-CN',
  code: '246810',
  expiresAt: new Date('2026-12-01T02:10:00.000Z'),
  verificationId: '00000000-0000-4000-8000-0000000000b2',
};

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}
const received: Received[] = [];
/** What the gateway does with the next request. */
let behaviour: 'ok' | 'fail' | 'hang' = 'ok';
const hanging: ServerResponse[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (behaviour === 'hang') return void hanging.push(response);
      response.writeHead(behaviour === 'ok' ? 202 : 500, { 'content-type': 'application/json' });
      response.end(behaviour === 'ok' ? '{"queued":true}' : '{"error":"down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
});
afterAll(async () => {
  for (const response of hanging) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('the HTTP SMS gateway sender', () => {
  it('posts the message as JSON, signed with HMAC-SHA256 over the exact body', async () => {
    behaviour = 'ok';
    await createHttpSmsGatewaySender({ url, secret: SECRET }).send(message);
    const last = received.at(-1)!;
    expect(last.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRET).update(last.body).digest('hex')}`;
    expect(last.headers[SIGNATURE_HEADER]).toBe(expected);
    expect(JSON.parse(last.body)).toEqual({
      tenantId: message.tenantId,
      to: '+8613800000071',
      locale: 'zh-CN',
      text: expect.stringContaining('246810'),
      expiresAt: '2026-12-01T02:10:00.000Z',
      idempotencyKey: message.verificationId,
    });
    // A different secret gives a different signature: the gateway can tell.
    const forged = `sha256=${createHmac('sha256', 'another-secret').update(last.body).digest('hex')}`;
    expect(last.headers[SIGNATURE_HEADER]).not.toBe(forged);
  });

  it('fails on a non-2xx answer', async () => {
    behaviour = 'fail';
    await expect(createHttpSmsGatewaySender({ url, secret: SECRET }).send(message)).rejects.toThrow(/500/);
  });

  it('gives up after its timeout', async () => {
    behaviour = 'hang';
    const before = received.length;
    await expect(
      createHttpSmsGatewaySender({ url, secret: SECRET, timeoutMs: 200 }).send(message),
    ).rejects.toThrow(/timeout|aborted/i);
    expect(received.length).toBe(before + 1);
  });
});

describe('the sender a deployment gets', () => {
  it('logs the code in development, with the verification id and without the number', async () => {
    const logged: { fields: Record<string, unknown>; text: string }[] = [];
    const outbox = createDevelopmentOutbox({
      warn: ((fields: Record<string, unknown>, text: string) => void logged.push({ fields, text })) as never,
    });
    await outbox.send(message);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.fields).toMatchObject({ verificationId: message.verificationId, code: '246810' });
    expect(JSON.stringify(logged)).not.toContain('13800000071');
  });

  it('is the gateway when one is configured, the outbox in development, none in production', () => {
    const silent = { warn: () => undefined };
    const development = testConfig();
    expect(development.smsGateway).toBeUndefined();
    expect(oneTimeCodeSenderFor(development, silent)).toBeDefined();
    expect(oneTimeCodeSenderFor({ env: 'production', smsGateway: undefined }, silent)).toBeUndefined();
    const configured = testConfig({ CUSTOS_SMS_GATEWAY_URL: url, CUSTOS_SMS_GATEWAY_SECRET: SECRET });
    expect(configured.smsGateway).toEqual({ url, secret: SECRET });
    expect(oneTimeCodeSenderFor({ ...configured, env: 'production' }, silent)).toBeDefined();
    expect(testConfig({ CUSTOS_CONTACT_ASSURANCE_MINUTES: '45' }).contactAssuranceMinutes).toBe(45);
    expect(development.contactAssuranceMinutes).toBe(30);
  });

  it('refuses a gateway URL without its secret, and a short secret, without echoing it', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ CUSTOS_DATA_DIR: '/tmp', ...env });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return error.problems.map((p) => `${p.variable}: ${p.message}`);
      }
    };
    expect(problems({ CUSTOS_SMS_GATEWAY_URL: url })).toEqual([
      'CUSTOS_SMS_GATEWAY_SECRET: required when CUSTOS_SMS_GATEWAY_URL is set',
    ]);
    const short = problems({ CUSTOS_SMS_GATEWAY_URL: url, CUSTOS_SMS_GATEWAY_SECRET: 'short-secret' });
    expect(short).toEqual(['CUSTOS_SMS_GATEWAY_SECRET: expected at least 32 characters']);
    expect(problems({ CUSTOS_SMS_GATEWAY_URL: 'ftp://gateway', CUSTOS_SMS_GATEWAY_SECRET: SECRET })).toEqual([
      expect.stringMatching(/^CUSTOS_SMS_GATEWAY_URL: /),
    ]);
  });
});
