import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../errors/app-error.ts';
import type { HttpEnv } from '../http/http-env.ts';
import { CHAT_PAGE_HEADERS, renderChatPage } from './chat-page.ts';
import { WIDGET_SCRIPT } from './widget-script.ts';

/** The demo chat page of each tenant and its script; outside /api, so not in the API document. */
export function registerChatPageRoutes(
  app: OpenAPIHono<HttpEnv>,
  tenantOf: (slug: string) => Promise<{ slug: string; name: string; locale: string } | undefined>,
): void {
  app.get('/chat/widget.js', (c) =>
    c.body(WIDGET_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    }),
  );
  app.get('/chat/:slug', async (c) => {
    const tenant = await tenantOf(c.req.param('slug'));
    if (!tenant) throw new AppError('not_found', 'No such tenant.');
    return c.html(renderChatPage(tenant), 200, CHAT_PAGE_HEADERS);
  });
}
