import { z } from 'zod';
import { SLOT_RE } from '../../domain/bulletin.js';

/**
 * Settings of village bulletins and of the outbound hook to a county broadcasting platform,
 * part of the one config schema (src/config.ts). What each means: docs/bulletins.md.
 */

/** Placeholders a body template may use; each is replaced by the bulletin's value. */
export const HOOK_PLACEHOLDERS = ['idempotencyKey', 'divisionCode', 'divisionName', 'day', 'slot', 'slotAt', 'text', 'jobCount'] as const;

const slots = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((a) => a.length > 0 && a.length <= 6 && a.every((x) => SLOT_RE.test(x)), 'comma-separated Beijing times HH:MM, at most 6, e.g. 12:30,18:30')
  .transform((a) => [...new Set(a)].sort());

/** "532528102=0873-5621234,532528=0873-5620000": a station phone per division prefix. */
const stationPhones = z
  .string()
  .transform((s, ctx) => {
    const out: { prefix: string; phone: string }[] = [];
    for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
      const m = /^(\d{6}|\d{9}|\d{12})\s*=\s*([\d\s-]{5,20})$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${part}": each entry is <division code>=<phone>, e.g. 532528102=0873-5621234` });
        return z.NEVER;
      }
      out.push({ prefix: m[1]!, phone: m[2]!.trim() });
    }
    return out;
  });

/** A JSON body template: any JSON value whose strings may hold {{placeholder}}s. */
const bodyTemplate = z.string().transform((s, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"content":"{{text}}","area":"{{divisionCode}}"}' });
    return z.NEVER;
  }
  const unknown = [...s.matchAll(/\{\{\s*([A-Za-z]+)\s*\}\}/g)].map((m) => m[1]!).filter((n) => !(HOOK_PLACEHOLDERS as readonly string[]).includes(n));
  if (unknown.length) {
    ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')}; known: ${HOOK_PLACEHOLDERS.join(', ')}` });
    return z.NEVER;
  }
  return parsed;
});

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const bulletinSettings = {
  BULLETIN_SLOTS: slots.default(['12:30', '18:30']).describe('Loudspeaker slots, Beijing time, comma-separated'),
  BULLETIN_GENERATE_AHEAD_MINUTES: z.coerce.number().int().min(10).max(24 * 60).default(180)
    .describe('Bulletins of a slot are generated this long before it, so a station can read and edit them; until the slot an unedited one follows the openings'),
  BULLETIN_ALL_PLACES: flag.default(false).describe('true: a bulletin for every township and village; false: only for places with at least one open job'),
  BULLETIN_PREFIXES: z.string().default('').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((a) => a.every((p) => /^\d{4,9}$/.test(p)), 'division code prefixes (4–9 digits), comma-separated')
    .describe('Only places under these division prefixes get bulletins; empty = every loaded place'),
  BULLETIN_MAX_JOBS: z.coerce.number().int().min(1).max(30).default(8).describe('Jobs read out per bulletin; the rest are counted (还有N个岗位)'),
  BULLETIN_SMS_NUMBER: z.string().trim().regex(/^[\d\s-]{5,21}$/, 'digits').optional()
    .describe('The number workers text to apply (报名1003 to it), read out digit by digit; without it the bulletin says to text the number alerts come from'),
  BULLETIN_STATION_PHONES: stationPhones.default([])
    .describe('Station phones read out, per division prefix (longest wins): 532528102=0873-5621234,532528=0873-5620000'),
  BULLETIN_HOOK_URL: z.string().url().refine((u) => /^https?:/.test(u), 'http or https').optional()
    .describe('County broadcasting platform endpoint each bulletin is posted to at its slot; unset = no posting'),
  BULLETIN_HOOK_METHOD: z.enum(['POST', 'PUT']).default('POST').describe('HTTP method of the hook'),
  BULLETIN_HOOK_TOKEN_HEADER: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name').default('Authorization')
    .describe('Header that carries BULLETIN_HOOK_TOKEN'),
  BULLETIN_HOOK_TOKEN: z.string().min(1).max(1000).optional().describe('Sent as is in BULLETIN_HOOK_TOKEN_HEADER (e.g. "Bearer abc")'),
  BULLETIN_HOOK_BODY_TEMPLATE: bodyTemplate.optional()
    .describe('JSON body with {{placeholders}} (docs/bulletins.md); unset = the fixed shape documented there'),
  BULLETIN_HOOK_LEAD_MINUTES: z.coerce.number().int().min(0).max(180).default(5).describe('A bulletin is posted this long before its slot'),
  BULLETIN_HOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5).describe('Tries per bulletin before it is shown as failed'),
  BULLETIN_HOOK_BACKOFF_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000)
    .describe('Wait before the second try; each further wait doubles'),
  BULLETIN_HOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000).describe('One request to the platform may take this long'),
  BULLETIN_HOOK_GIVE_UP_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(60)
    .describe('No try starts this long after the slot: the broadcast is over'),
};
