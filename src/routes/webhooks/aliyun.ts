import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhookTokenHook } from '../../plugins/webhook-guard.js';
import { smsUpItemSchema } from '../../services/inbound-service.js';
import { smsReportItemSchema } from '../../services/report-service.js';

// Aliyun checks only that `code` is a number and the status is 200; anything else makes it
// push again (1, 5, 10 min…), which is what we want when we could not store the batch.
const ackSchema = z.object({ code: z.number(), msg: z.string() });

function splitValid<T>(items: unknown[], schema: z.ZodType<T>): { valid: T[]; invalid: { index: number; error: string }[] } {
  const valid: T[] = [];
  const invalid: { index: number; error: string }[] = [];
  items.forEach((item, index) => {
    const r = schema.safeParse(item);
    if (r.success) valid.push(r.data);
    else invalid.push({ index, error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  });
  return { valid, invalid };
}

/**
 * Aliyun's HTTP batch pushes: uplink messages and delivery receipts. Each batch is stored
 * before we answer 成功; if storing fails we answer 5xx so Aliyun retries. Pushes are not
 * signed, so an optional shared token in the URL keeps strangers out.
 */
export const aliyunWebhookRoutes: FastifyPluginAsyncZod<{ token: string }> = async (app, { token }) => {
  if (token) app.addHook('onRequest', webhookTokenHook(token));

  const body = z.array(z.unknown()).max(10_000).describe('Aliyun HTTP batch push: a JSON array');

  app.post('/sms-up', { schema: { body, response: { 200: ackSchema } } }, async (req) => {
    const { valid, invalid } = splitValid(req.body, smsUpItemSchema);
    if (invalid.length) req.log.error({ invalid, items: req.body }, 'sms-up push had items we cannot read; stored the rest');
    const r = await app.ctx.services.inbound.storeSmsUp(valid);
    req.log.info({ ...r, invalid: invalid.length }, 'sms-up push stored');
    return { code: 0, msg: '成功' };
  });

  app.post('/sms-report', { schema: { body, response: { 200: ackSchema } } }, async (req) => {
    const { valid, invalid } = splitValid(req.body, smsReportItemSchema);
    if (invalid.length) req.log.error({ invalid, items: req.body }, 'sms-report push had items we cannot read; stored the rest');
    const r = await app.ctx.services.reports.storeReports(valid);
    req.log.info({ ...r, invalid: invalid.length }, 'sms-report push stored');
    return { code: 0, msg: '成功' };
  });
};
