import { splitUtf8 } from '../../domain/send-rules.js';

/**
 * WeCom (企业微信) group robot webhook (docs/wechat.md, "WeCom group robot"): text messages of at most 2048 bytes,
 * at most 20 messages a minute per robot. The caller paces calls per key; this client splits
 * long texts at byte boundaries and reports WeCom's errcode.
 */
export const WECOM_TEXT_MAX_BYTES = 2048;
/** 45009: the robot's 20-a-minute limit (or another frequency limit): worth retrying later. */
export const WECOM_RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009]);

export type WecomSendResult = { ok: true; parts: number } | { ok: false; errcode: number; errmsg: string; retryable: boolean };

export interface WecomRobotClient {
  /** Sends `content` as one or more text messages; `beforeEach` is awaited before each part (pacing). */
  sendText(key: string, content: string, beforeEach?: () => Promise<void>): Promise<WecomSendResult>;
}

export function createWecomRobotClient(opts: { apiBaseUrl: string; fetch?: typeof fetch; timeoutMs?: number }): WecomRobotClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.apiBaseUrl.replace(/\/+$/, '');
  return {
    async sendText(key, content, beforeEach) {
      const parts = splitUtf8(content, WECOM_TEXT_MAX_BYTES);
      for (const part of parts) {
        await beforeEach?.();
        let errcode: number;
        let errmsg: string;
        try {
          const res = await doFetch(`${base}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ msgtype: 'text', text: { content: part } }),
            signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
          });
          const body = (await res.json().catch(() => ({ errcode: -1, errmsg: `HTTP ${res.status}, not JSON` }))) as { errcode?: number; errmsg?: string };
          errcode = res.ok ? (body.errcode ?? -1) : -1;
          errmsg = body.errmsg ?? `HTTP ${res.status}`;
        } catch (err) {
          errcode = -1;
          errmsg = `network: ${(err as Error).message}`;
        }
        if (errcode !== 0) return { ok: false, errcode, errmsg, retryable: WECOM_RETRYABLE_ERRCODES.has(errcode) };
      }
      return { ok: true, parts: parts.length };
    },
  };
}
