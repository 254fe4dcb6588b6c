import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bodyFingerprint } from '../../logger.js';
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
 * What is logged about items we could not read: which ones and why (the first 20), and the
 * push's size and hash, never its content (phones, texts).
 */
function unreadable(req: { body: unknown; headers: Record<string, unknown> }, invalid: { index: number; error: string }[]) {
  return { invalidCount: invalid.length, invalid: invalid.slice(0, 20), ...bodyFingerprint(req.body, req.headers['content-length'] as string | undefined) };
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
    if (invalid.length) req.log.error(unreadable(req, invalid), 'sms-up push had items we cannot read; stored the rest');
    const r = await app.ctx.services.inbound.storeSmsUp(valid);
    req.log.info({ ...r, invalid: invalid.length }, 'sms-up push stored');
    return { code: 0, msg: '成功' };
  });

  app.post('/sms-report', { schema: { body, response: { 200: ackSchema } } }, async (req) => {
    const { valid, invalid } = splitValid(req.body, smsReportItemSchema);
    if (invalid.length) req.log.error(unreadable(req, invalid), 'sms-report push had items we cannot read; stored the rest');
    const r = await app.ctx.services.reports.storeReports(valid);
    req.log.info({ ...r, invalid: invalid.length }, 'sms-report push stored');
    return { code: 0, msg: '成功' };
  });
};
