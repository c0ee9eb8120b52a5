import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { type AccessSettingsHttp, registerAccessSettingsRoutes } from '../access/access-settings.routes.ts';
import { type BreakGlassHttp, registerBreakGlassRoutes } from '../access/break-glass.routes.ts';
import { type AnalyticsHttp, registerAnalyticsRoutes } from '../analytics/analytics.routes.ts';
import { registerAuditRoutes } from '../audit/audit.routes.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { registerAuditKeyRoute } from '../audit/audit-key.routes.ts';
import { type BookingHttp, registerBookingRoutes } from '../booking/booking.routes.ts';
import { type ChatHttp, registerChatRoutes } from '../channels/chat.routes.ts';
import { registerChatPageRoutes } from '../channels/chat-page.routes.ts';
import { type GuardianshipHttp, registerGuardianshipRoutes } from '../contacts/guardianship.routes.ts';
import { registerWorkspaceRoutes, type WorkspaceHttp } from '../conversations/workspace.routes.ts';
import type { ReadinessReport } from '../db/readiness.ts';
import { type DialogueHttp, registerDialogueRoutes } from '../dialogue/dialogue.routes.ts';
import { AppError } from '../errors/app-error.ts';
import { type IdentityHttp, registerAuthRoutes } from '../identity/auth.routes.ts';
import {
  type ContactVerificationHttp,
  registerContactVerificationRoutes,
} from '../identity/contact-verification.routes.ts';
import { OAUTH_FORM_PATHS, type OAuthHttp, registerOAuthRoutes } from '../identity/oauth.routes.ts';
import { registerSsoRoutes, type SsoHttp } from '../identity/sso.routes.ts';
import { registerUserAdminRoutes } from '../identity/user-admin.routes.ts';
import { type KnowledgeHttp, registerKnowledgeRoutes } from '../knowledge/knowledge.routes.ts';
import { type DisclosuresHttp, registerDisclosureRoutes } from '../privacy/disclosures.routes.ts';
import { type RoutingHttp, registerRoutingRoutes } from '../routing/routing.routes.ts';
import { registerTenantRoutes } from '../tenancy/tenant.routes.ts';
import type { TenantService } from '../tenancy/tenant.service.ts';
import { renderApiReference } from './api-reference.ts';
import { installEdge } from './edge.ts';
import { handleError } from './errors.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { renderHome } from './home.ts';
import type { HttpEnv } from './http-env.ts';
import { allowedMethodsFinder } from './method-not-allowed.ts';
import { authenticate, type CredentialResolver } from './middleware/authenticate.ts';
import { cors } from './middleware/cors.ts';
import { jsonBody } from './middleware/json-body.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { HTML_SECURITY_HEADERS } from './security-headers.ts';
import { validationHook } from './validation.ts';

export interface AppOptions {
  readonly logger: Logger;
  readonly version: string;
  /** Where users reach Custos; HTTPS turns on HSTS. */
  readonly publicUrl: string;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly rateLimitPerMinute: number;
  readonly trustProxy: boolean;
  readonly credentials: readonly CredentialResolver[];
  readonly readiness: () => Promise<ReadinessReport>;
  readonly tenants: TenantService;
  /** The audit log's verifier key, published at /.well-known/custos/audit-log-key. */
  readonly auditVerifierKey: string;
  readonly auditReads: AuditService;
  /** Staff sign-in, the JWKS and the tenant guard for staff tokens. */
  readonly identity?: IdentityHttp;
  /** Service clients: the OAuth token endpoint and the tenant guard for service tokens. */
  readonly oauth?: OAuthHttp;
  /** Single sign-on through tenants' OpenID providers. */
  readonly sso?: SsoHttp;
  /** Emergency access windows and their review. */
  readonly breakGlass?: BreakGlassHttp;
  /** Tenant tailoring: the restrictions a tenant puts on its operational roles. */
  readonly accessSettings?: AccessSettingsHttp;
  /** The accounting of disclosures. */
  readonly disclosures?: DisclosuresHttp;
  /** Widget visitors prove who they are (one-time code, knowledge check) and read their disclosures. */
  readonly contactVerification?: ContactVerificationHttp;
  /** Guardian ↔ minor relationships with consent (staff; the guardian withdraws their own). */
  readonly guardianships?: GuardianshipHttp;
  /** Tenant-editable flows and auto-reply rules. */
  readonly dialogue?: DialogueHttp;
  /** The knowledge base's administration and retrieval trials. */
  readonly knowledge?: KnowledgeHttp;
  /** The conversation API (REST channel), visits and the demo chat page. */
  readonly chat?: ChatHttp;
  /** Booking: catalogue and schedules, free-slot search, appointments for staff and contacts. */
  readonly booking?: BookingHttp;
  /** Agent presence, the supervisors' queue overview, queue settings and reassignment. */
  readonly routing?: RoutingHttp;
  /** The agent workspace: inbox, notes, transfer, close, canned replies; the contact's rating. */
  readonly workspace?: WorkspaceHttp;
  /** Daily service metrics for supervisors and tenant admins, as JSON and CSV. */
  readonly analytics?: AnalyticsHttp;
}

/**
 * The HTTP application: the middleware stack of DESIGN §4 in order, then the routes, inside the
 * edge (edge.ts) that opens and logs every request. The only
 * place in Custos that knows about Hono besides the route files.
 */
export function createApp(options: AppOptions): OpenAPIHono<HttpEnv> {
  const app = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });

  if (options.corsOrigins.length > 0) app.use('*', cors(options.corsOrigins));
  if (options.rateLimitPerMinute > 0) app.use('/api/*', rateLimit(options.rateLimitPerMinute));
  app.use('/api/*', jsonBody(options.bodyLimitBytes, options.oauth ? OAUTH_FORM_PATHS : []));
  app.use('/api/*', authenticate(options.credentials));

  registerHealthRoutes(app, options.readiness);
  if (options.identity) registerAuthRoutes(app, options.identity);
  if (options.identity) registerUserAdminRoutes(app, options.identity.userAdmin);
  if (options.oauth) registerOAuthRoutes(app, options.oauth);
  if (options.sso) registerSsoRoutes(app, options.sso);
  if (options.breakGlass) registerBreakGlassRoutes(app, options.breakGlass);
  if (options.accessSettings) registerAccessSettingsRoutes(app, options.accessSettings);
  if (options.disclosures) registerDisclosureRoutes(app, options.disclosures);
  if (options.contactVerification) registerContactVerificationRoutes(app, options.contactVerification);
  if (options.guardianships) registerGuardianshipRoutes(app, options.guardianships);
  if (options.dialogue) registerDialogueRoutes(app, options.dialogue);
  if (options.knowledge) registerKnowledgeRoutes(app, options.knowledge);
  if (options.booking) registerBookingRoutes(app, options.booking);
  if (options.routing) registerRoutingRoutes(app, options.routing);
  if (options.workspace) registerWorkspaceRoutes(app, options.workspace);
  if (options.analytics) registerAnalyticsRoutes(app, options.analytics);
  if (options.chat) {
    registerChatRoutes(app, options.chat);
    registerChatPageRoutes(app, options.chat.tenantOf);
  }
  registerTenantRoutes(app, options.tenants);
  registerAuditKeyRoute(app, options.auditVerifierKey);
  registerAuditRoutes(app, options.auditReads);

  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'CUSTOS_OPERATOR_TOKEN (platform operator)',
  });
  const info = {
    title: 'Custos API',
    version: options.version,
    description: 'Compliance-first online customer service for hospitals and schools.',
  };
  app.doc31('/openapi.json', { openapi: '3.1.0', info });
  app.get('/docs', (c) =>
    c.html(
      renderApiReference(app.getOpenAPI31Document({ openapi: '3.1.0', info }) as never),
      200,
      HTML_SECURITY_HEADERS,
    ),
  );
  const home = renderHome(options.version);
  app.get('/', (c) => c.html(home, 200, HTML_SECURITY_HEADERS));

  const allowedMethods = allowedMethodsFinder(app.routes);
  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    if (allow.length > 0) {
      throw new AppError(
        'method_not_allowed',
        `${c.req.method} is not allowed here; use ${allow.join(', ')}.`,
        {
          details: { allow: allow.join(', ') },
        },
      );
    }
    throw new AppError('not_found', 'No such resource.');
  });
  app.onError(handleError);
  installEdge(app, {
    logger: options.logger,
    trustProxy: options.trustProxy,
    https: options.publicUrl.startsWith('https:'),
  });
  return app;
}
