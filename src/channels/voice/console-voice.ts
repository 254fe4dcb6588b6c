import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { maskPhone } from '../../logger.js';
import type { VoiceReportItem } from './voice-push.js';
import type { VoiceProvider } from './voice-provider.js';

/** Where the demo driver hands its receipts: the same path as Aliyun's VoiceReport push. */
export type VoiceReceiptSink = (items: VoiceReportItem[]) => Promise<unknown>;

export type ConsoleVoiceProvider = VoiceProvider & { receiptsTo(sink: VoiceReceiptSink, delayMs: number): void };

/**
 * The demo driver: logs what the call would say (phone masked) and, once wired with
 * `receiptsTo`, follows each call with an answered-call receipt, applied as Aliyun's push is.
 */
export function createConsoleVoiceProvider(log: Pick<Logger, 'info' | 'warn'>): ConsoleVoiceProvider {
  let receipts: { sink: VoiceReceiptSink; delayMs: number } | null = null;
  return {
    name: 'console',
    keypress: true,
    receiptsTo(sink, delayMs) {
      receipts = delayMs > 0 ? { sink, delayMs } : null;
    },
    async call(call) {
      const callId = `console-${randomUUID()}`;
      log.info({ phone: maskPhone(call.phone), kind: call.kind, voice: call.text }, 'console voice call');
      if (receipts) {
        const { sink, delayMs } = receipts;
        const item: VoiceReportItem = { call_id: callId, status_code: '200000', out_id: call.outId, callee: call.phone, duration: 30, status_msg: '执行完成' };
        setTimeout(() => {
          sink([item]).catch((err: unknown) => log.warn({ err }, 'console voice receipt not applied'));
        }, delayMs).unref();
      }
      return { ok: true, callId };
    },
    async queryCall() {
      return { state: '200000', duration: 30, callee: null };
    },
  };
}
