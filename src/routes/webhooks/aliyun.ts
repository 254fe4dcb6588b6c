import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { bodyFingerprint } from '../../logger.js';
import { webhookTokenHook } from '../../plugins/webhook-guard.js';
import { smsReportItemSchema, smsUpItemSchema } from '../../channels/sms/aliyun-push.js';
import { voiceReportItemSchema } from '../../channels/voice/voice-push.js';
import { errorSchema } from '../api/schemas.js';

// Aliyun checks only that `code` is a number and the status is 200; anything else makes it
// push again (1, 5, 10 min…), which is what we want when we could not store the batch. Items
// we cannot read are named in `rejected` (Aliyun ignores it): pushing them again would not help.
const ackSchema = z.object({
  code: z.number(),
  msg: z.string(),
  rejected: z.array(z.object({ index: z.number(), error: z.string() })).optional(),
});

/**
 * What one push may carry (docs/inbound-limits.md). Aliyun documents no batch size, and a
 * push refused for its size is lost after three retries, so the limits are generous (10,000
 * items, as before); what keeps the event loop free is that a push is checked and stored a
 * slice at a time (`npm run bench:edge`).
 */
export const SMS_UP_LIMITS = { bodyBytes: 2 * 1024 * 1024, items: 10_000 } as const;
export const SMS_REPORT_LIMITS = { bodyBytes: 3 * 1024 * 1024, items: 10_000 } as const;
/** Call receipts (VoiceReport, VoiceCallReport): one per call, pushed in batches like SMS receipts. */
export const VOICE_REPORT_LIMITS = { bodyBytes: 3 * 1024 * 1024, items: 10_000 } as const;

/** Items checked between two turns of the event loop (a few ms of work). */
const CHECK_SLICE = 200;

async function splitValid<T>(items: unknown[], schema: z.ZodType<T>): Promise<{ valid: T[]; invalid: { index: number; error: string }[] }> {
  const valid: T[] = [];
  const invalid: { index: number; error: string }[] = [];
  for (let index = 0; index < items.length; index++) {
    if (index > 0 && index % CHECK_SLICE === 0) await new Promise((r) => setImmediate(r));
    const r = schema.safeParse(items[index]);
    if (r.success) valid.push(r.data);
    else invalid.push({ index, error: r.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; ').slice(0, 300) });
  }
  return { valid, invalid };
}

/**
 * A push in which no item can be read is refused with 400 and nothing is stored: Aliyun's
 * own pushes are always readable, so this is a stranger or a broken proxy. Otherwise the
 * readable items are stored and the rest reported, in the answer and the log.
 */
async function readPush<T>(req: FastifyRequest, items: unknown[], schema: z.ZodType<T>, what: string): Promise<{ valid: T[]; invalid: { index: number; error: string }[] }> {
  const { valid, invalid } = await splitValid(items, schema);
  if (invalid.length) {
    const log = { ...bodyFingerprint(req.rawJson ?? ''), items: items.length, invalidCount: invalid.length, first: invalid.slice(0, 5) };
    if (valid.length === 0) {
      req.log.warn(log, `${what} push with no readable item refused`);
      throw new ValidationError('webhook.unreadable_push', `no item of this push could be read as an Aliyun ${what}`, { details: { rejected: invalid.slice(0, 20) } });
    }
    req.log.error(log, `${what} push had items we cannot read; stored the rest`);
  }
  return { valid, invalid };
}

const ack = (stored: number, invalid: { index: number; error: string }[]) =>
  invalid.length
    ? { code: 0, msg: `成功 ${stored} 条，${invalid.length} 条无法读取`, rejected: invalid.slice(0, 100) }
    : { code: 0, msg: '成功' };

/**
 * Aliyun's HTTP batch pushes: uplink messages and delivery receipts. Each batch is stored
 * before we answer 成功; if storing fails we answer 5xx so Aliyun retries. Pushes are not
 * signed, so an optional shared token in the URL keeps strangers out.
 */
export const aliyunWebhookRoutes: FastifyPluginAsyncZod<{ token: string }> = async (app, { token }) => {
  if (token) app.addHook('onRequest', webhookTokenHook(token));

  const body = (max: number) => z.array(z.unknown()).max(max).describe('Aliyun HTTP batch push: a JSON array');
  const responses = { 200: ackSchema, 400: errorSchema, 401: errorSchema, 413: errorSchema };
  // Each item is cleaned where it is read (a NUL in one text must not refuse its whole push).
  // Long numeric ids keep their digits (a sequence_id past 2^53 would otherwise round onto another's).
  const config = { cleansOwnText: true, keepRawJson: true, longIntegersAsText: true };

  app.post(
    '/sms-up',
    { bodyLimit: SMS_UP_LIMITS.bodyBytes, config, schema: { body: body(SMS_UP_LIMITS.items), response: responses } },
    async (req) => {
      const { valid, invalid } = await readPush(req, req.body, smsUpItemSchema, 'SmsUp');
      const r = valid.length ? await app.ctx.services.inbound.storeSmsUp(valid) : { received: 0, stored: 0 };
      req.log.info({ ...r, invalid: invalid.length }, 'sms-up push stored');
      return ack(valid.length, invalid);
    },
  );

  app.post(
    '/sms-report',
    { bodyLimit: SMS_REPORT_LIMITS.bodyBytes, config, schema: { body: body(SMS_REPORT_LIMITS.items), response: responses } },
    async (req) => {
      const { valid, invalid } = await readPush(req, req.body, smsReportItemSchema, 'SmsReport');
      const r = await app.ctx.services.receipts.storeReceipts(valid);
      req.log.info({ ...r, invalid: invalid.length }, 'sms-report push stored');
      return ack(valid.length, invalid);
    },
  );

  // Call receipts (docs/aliyun-voice.md, "Receipts"): the call record (VoiceReport) and the
  // intermediate states with the keys pressed (VoiceCallReport), both stored before the answer.
  for (const path of ['/voice-report', '/voice-call-report']) {
    app.post(
      path,
      { bodyLimit: VOICE_REPORT_LIMITS.bodyBytes, config, schema: { body: body(VOICE_REPORT_LIMITS.items), response: responses } },
      async (req) => {
        const { valid, invalid } = await readPush(req, req.body, voiceReportItemSchema, 'VoiceReport');
        const r = await app.ctx.services.voiceReceipts.storeVoiceReports(valid);
        req.log.info({ ...r, invalid: invalid.length }, 'voice report push stored');
        return ack(valid.length, invalid);
      },
    );
  }
};
