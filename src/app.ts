import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { createContext, type AppContext, type ContextOverrides } from './context.js';
import { authPlugin } from './plugins/auth.js';
import { contextPlugin } from './plugins/context.js';
import { errorsPlugin } from './plugins/errors.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { adminRoutes } from './routes/api/admin.js';
import { caseworkerRoutes } from './routes/api/caseworker.js';
import { employerRoutes } from './routes/api/employer.js';
import { matchRoutes } from './routes/api/matches.js';
import { consoleRoutes } from './routes/console/index.js';
import { healthRoutes } from './routes/health.js';
import { aliyunWebhookRoutes } from './routes/webhooks/aliyun.js';
import { wechatWebhookRoutes } from './routes/webhooks/wechat.js';
import { wechatAes } from './domain/wechat-crypto.js';
import { sourceAllowHook } from './plugins/webhook-guard.js';
import { adminQueueRoutes, metricsRoutes } from './routes/admin/queues.js';
import { campaignRoutes } from './routes/api/campaigns.js';
import { redactingChildLogger } from './logger.js';
import { routerErrorHandler } from './plugins/router-errors.js';

export interface BuildAppOptions extends ContextOverrides {
  /** A context shared with in-process workers; when absent the app creates and owns one. */
  ctx?: AppContext;
}

/**
 * The whole HTTP app. Tests build it and use `inject`; src/server.ts builds it and listens.
 * Order: cross-cutting plugins, then routes grouped by caller.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}) {
  const ctx = options.ctx ?? createContext(config, options);
  const app = Fastify({
    loggerInstance: ctx.log,
    // Aliyun pushes up to a few thousand receipts at once; 5 MB leaves room without inviting abuse.
    bodyLimit: 5 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // Who the client is (req.ip, req.protocol) when a proxy or load balancer is in front.
    trustProxy: config.TRUST_PROXY,
    // Request logs never carry webhook tokens, WeChat signatures or other credentials in URLs.
    childLoggerFactory: redactingChildLogger as never,
    // A path the router cannot read (bad percent-encoding, a 4,000-character segment) is refused
    // in the usual shape, with its request id, before any route's handler is chosen.
    frameworkErrors: routerErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(contextPlugin, { ctx, owned: !options.ctx });
  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin, { publicBaseUrl: config.PUBLIC_BASE_URL });
  await app.register(authPlugin, { adminKey: config.ADMIN_API_KEY });
  await app.register(swaggerPlugin);

  await app.register(healthRoutes);
  // Push sources (Aliyun, WeChat): from WEBHOOK_ALLOW_CIDRS only, when it is set.
  await app.register(async (pushes) => {
    pushes.addHook('onRequest', sourceAllowHook(config.WEBHOOK_ALLOW_CIDRS));
    await pushes.register(aliyunWebhookRoutes, { prefix: '/webhooks/aliyun', token: config.WEBHOOK_TOKEN });
    await pushes.register(wechatWebhookRoutes, {
      prefix: '/webhooks/wechat',
      token: config.WECHAT_TOKEN,
      aes: config.WECHAT_ENCODING_AES_KEY && config.WECHAT_APP_ID ? wechatAes(config.WECHAT_ENCODING_AES_KEY, config.WECHAT_APP_ID) : null,
      deadlineMs: config.WECHAT_REPLY_DEADLINE_MS,
    });
  });
  await app.register(employerRoutes, { prefix: '/api/v1' });
  await app.register(adminRoutes, { prefix: '/api/v1/admin' });
  await app.register(caseworkerRoutes, { prefix: '/api/v1/caseworker' });
  await app.register(matchRoutes, { prefix: '/api/v1' });
  await app.register(consoleRoutes, { prefix: '/console', config });
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console', 302));
  await app.register(campaignRoutes, { prefix: '/api/v1' });
  await app.register(metricsRoutes);
  await app.register(adminQueueRoutes);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * What a worker-only process (`npm run start:workers`) serves: liveness, readiness and its own
 * `/metrics`. Sends, failures and provider latency are counted by the process that made the
 * calls, so without this a separate worker's counters could not be scraped at all.
 */
export async function buildWorkerHttp(ctx: AppContext) {
  const app = Fastify({
    loggerInstance: ctx.log,
    disableRequestLogging: true,
    childLoggerFactory: redactingChildLogger as never,
    frameworkErrors: routerErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(contextPlugin, { ctx, owned: false });
  await app.register(errorsPlugin);
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  return app;
}
