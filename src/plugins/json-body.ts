import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received, on routes that ask for it (`config.keepRawJson`), to log its size and hash. */
    rawJson?: string;
  }
  interface FastifyContextConfig {
    keepRawJson?: boolean;
    /** Integers of 16 digits or more are read as their digits (text), not rounded to a double. */
    longIntegersAsText?: boolean;
  }
}

/** Nesting no real body of ours comes near (a reminder is 4 levels deep, an Aliyun push 2). */
export const JSON_MAX_DEPTH = 32;

/**
 * How deeply `text` nests arrays and objects, stopping as soon as it passes `limit`. One pass
 * over the text, strings skipped. JSON.parse's time grows faster than the length with depth
 * (500,000 nested brackets, 1 MB, took 0.9 s here), so depth is checked before parsing.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Puts quotes around integers of 16 digits or more outside strings, so JSON.parse keeps their
 * digits: Aliyun's `sequence_id` can pass 2^53 (docs/aliyun-sms.md), and two texts whose ids
 * round to the same double would be stored as one (red team: a TD dropped that way). One pass,
 * strings and escapes skipped; numbers with a fraction or exponent are left alone.
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const digit = c >= 0x30 && c <= 0x39;
    if (!digit && c !== 0x2d) continue;
    let j = c === 0x2d ? i + 1 : i;
    const start = j;
    while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const next = text[j];
    if (j - start >= 16 && next !== '.' && next !== 'e' && next !== 'E') {
      out += `${text.slice(from, i)}"${text.slice(i, j)}"`;
      from = j;
    }
    i = Math.max(i, j - 1);
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * The app's JSON parser: Fastify's own (with its __proto__ and constructor checks) behind a
 * nesting limit, so no body can hold the event loop in JSON.parse.
 */
export const jsonBodyPlugin = fp(
  async (app) => {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonDepthExceeds(text, JSON_MAX_DEPTH)) {
        done(new ValidationError('request.json_too_deep', `body: JSON nested more than ${JSON_MAX_DEPTH} levels deep`), undefined);
        return;
      }
      if (req.routeOptions.config?.keepRawJson) req.rawJson = text;
      parse(req, req.routeOptions.config?.longIntegersAsText ? quoteLongIntegers(text) : text, done);
    });
  },
  { name: 'guiyan-json-body' },
);
