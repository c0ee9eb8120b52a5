import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { HttpEnv } from '../http/http-env.ts';

const getLogKey = createRoute({
  method: 'get',
  path: '/.well-known/custos/audit-log-key',
  tags: ['Audit'],
  summary: 'The audit log verifier key',
  description:
    "The Ed25519 verifier key that signs every tenant's checkpoints, in the C2SP signed-note / Go `sumdb/note` form `<name>+<key id>+<base64>`. A tenant's log origin is `<name>/<tenant id>`. Pin it out of band; this copy is for convenience.",
  responses: {
    200: {
      description: 'The verifier key, one line',
      content: {
        'text/plain': {
          schema: z.string().openapi({ example: 'audit.hospital.example/custos/audit+1a2b3c4d+AR…' }),
        },
      },
    },
  },
});

export function registerAuditKeyRoute(app: OpenAPIHono<HttpEnv>, verifierKey: string): void {
  app.openapi(getLogKey, (c) => c.text(`${verifierKey}\n`, 200, { 'cache-control': 'public, max-age=300' }));
}
