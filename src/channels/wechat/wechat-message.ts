import { createHash, timingSafeEqual } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { cleanText } from '../../domain/inbound-text.js';

/**
 * WeChat Official Account push format (docs/wechat.md, its first three sections): the signature
 * on every push, the XML of incoming messages and of the passive reply. Pure.
 */

/** sha1 of the lexicographically sorted [token, timestamp, nonce], lower-case hex. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/**
 * The signature does not cover the body, so a captured query could be replayed with another
 * message; a push whose timestamp is far from our clock is refused. WeChat stamps each push
 * when it sends it and retries within seconds, so ten minutes allows for clock drift only.
 */
export const SIGNATURE_MAX_AGE_S = 600;

export function verifyWechatSignature(
  token: string,
  q: { signature?: string; timestamp?: string; nonce?: string },
  now: Date = new Date(),
): boolean {
  // Strings only: a parameter given twice in a query string arrives as an array.
  if (typeof q.signature !== 'string' || typeof q.timestamp !== 'string' || typeof q.nonce !== 'string') return false;
  if (!q.signature || !q.nonce || !/^\d{1,12}$/.test(q.timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(q.timestamp)) > SIGNATURE_MAX_AGE_S) return false;
  const expected = Buffer.from(wechatSignature(token, q.timestamp, q.nonce));
  const given = Buffer.from(q.signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The fields of a push we use; every value a string as sent (MsgId is 64-bit: never a Number). */
export interface WechatPush {
  ToUserName: string;
  FromUserName: string;
  CreateTime: string;
  MsgType: string;
  Content?: string;
  MsgId?: string;
  Event?: string;
  EventKey?: string;
  Location_X?: string;
  Location_Y?: string;
  Label?: string;
  /** Voice messages: WeChat's transcription, when speech recognition is on for the account. */
  Recognition?: string;
  [field: string]: string | undefined;
}

// parseTagValue false keeps every value a string: MsgId above 2^53 keeps its digits, and a
// text of "0001" stays "0001". No entity or DOCTYPE processing: pushes never need them.
const parser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: false, ignoreDeclaration: true, htmlEntities: false });

/**
 * A push is a flat <xml> of a dozen or so fields, a few events nest one or two levels more
 * (SendPicsInfo/PicList/item). fast-xml-parser's time grows faster than the input with many
 * elements (8,000 sibling tags, 64 KB, took ~0.3 s here), so anything shaped unlike a push is
 * refused after one linear pass. CDATA sections (the user's text) are skipped whole.
 */
export const PUSH_MAX_ELEMENTS = 200;
export const PUSH_MAX_DEPTH = 6;

export function xmlShapedLikePush(xml: string): boolean {
  let elements = 0;
  let depth = 0;
  for (let i = xml.indexOf('<'); i !== -1; i = xml.indexOf('<', i + 1)) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) return false;
      i = end + 2;
      continue;
    }
    const next = xml.charCodeAt(i + 1);
    if (next === 0x2f) depth--; // </
    else if (next === 0x3f || next === 0x21) continue; // <? or <! (the declaration)
    else {
      const close = xml.indexOf('>', i);
      // Tag names are short and pushes carry no attributes.
      if (close === -1 || close - i > 64) return false;
      if (++elements > PUSH_MAX_ELEMENTS) return false;
      if (xml.charCodeAt(close - 1) !== 0x2f && ++depth > PUSH_MAX_DEPTH) return false; // not <a/>
      i = close;
    }
  }
  return true;
}

/** Parses a push; null when it is not a WeChat message (no sender, type or time). */
const KEY_FIELDS = ['ToUserName', 'FromUserName', 'MsgId', 'MsgType', 'Event'] as const;
const KEY_FIELD_MAX = 128;

export function parseWechatPush(xml: string): WechatPush | null {
  if (!xmlShapedLikePush(xml)) return null;
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    return null;
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object') return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    // The signature does not cover the body: every value is cleaned of what PostgreSQL cannot store.
    if (typeof v === 'string') out[k] = cleanText(k === 'Content' || k === 'Label' || k === 'Recognition' ? v : v.trim());
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  if (!out.FromUserName || !out.MsgType || !/^\d{1,12}$/.test(out.CreateTime ?? '')) return null;
  // These key the stored row (wechatMessageId, the sender index), and PostgreSQL refuses an
  // index entry over 8 KB; WeChat's are short (an openid is 28 characters, a MsgId 20 digits).
  for (const k of KEY_FIELDS) if ((out[k]?.length ?? 0) > KEY_FIELD_MAX) return null;
  return out as WechatPush;
}

/** The <Encrypt> of a push in safe or compatible mode, or null when there is none. */
export function wechatEncryptedPart(xml: string): string | null {
  if (!xmlShapedLikePush(xml)) return null;
  try {
    const root = (parser.parse(xml, true) as { xml?: { Encrypt?: unknown } } | null)?.xml;
    return typeof root?.Encrypt === 'string' && root.Encrypt.trim() !== '' ? root.Encrypt.trim() : null;
  } catch {
    return null;
  }
}

/**
 * The key that makes a repeated push a no-op: MsgId for messages, sender + CreateTime (+ the
 * event) for events, which carry no MsgId.
 */
export function wechatMessageId(p: WechatPush): string {
  if (p.MsgId) return p.MsgId;
  return `${p.FromUserName}:${p.CreateTime}:${(p.Event ?? p.MsgType).toLowerCase()}`;
}

const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false });

/** The passive text reply: to and from swapped (docs/wechat.md, "The passive reply"). */
export function passiveTextReply(push: Pick<WechatPush, 'FromUserName' | 'ToUserName'>, content: string, now: Date): string {
  return builder.build({
    xml: {
      ToUserName: { __cdata: push.FromUserName },
      FromUserName: { __cdata: push.ToUserName },
      CreateTime: Math.floor(now.getTime() / 1000),
      MsgType: { __cdata: 'text' },
      Content: { __cdata: content },
    },
  }) as string;
}
