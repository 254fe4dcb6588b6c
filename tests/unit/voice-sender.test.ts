import { describe, expect, it } from 'vitest';
import { createVoiceSender } from '../../src/services/delivery/voice-sender.js';
import type { Claimed } from '../../src/services/delivery/channel-router.js';
import type { VoiceCall, VoiceCallResult } from '../../src/channels/voice/voice-provider.js';
import { parseCallWindows } from '../../src/domain/voice-rules.js';

/** The call path's decisions with the ledger and the provider stubbed: what waits, what goes as SMS, what is called. */
function harness(at: string, results: VoiceCallResult[] = [], past: Date[] = []) {
  const log: string[] = [];
  const placed: VoiceCall[] = [];
  const waits: { id: bigint; at: Date }[] = [];
  const sender = createVoiceSender({
    config: { VOICE_CALL_HOURS: parseCallWindows('09:00-12:00,14:00-21:00'), VOICE_RECORDINGS: { day_labour: 'hani.wav' } },
    db: { $queryRaw: async () => [{ id: 7, day_labour: true, form: 'county_workshop' }] } as never,
    outbox: {
      callAsSms: async (ids) => void log.push(`sms ${ids.join(',')}`),
      takeCallTurn: async (_call, _since, freeAt, now) => {
        const free = freeAt(past);
        return free > now ? { waitUntil: free } : { held: true };
      },
      release: async (ids, code) => void log.push(`release ${ids.join(',')} ${code}`),
      markSent: async (ids, callId) => void log.push(`sent ${ids.join(',')} ${callId}`),
      markFailed: async (ids, code) => void log.push(`failed ${ids.join(',')} ${code}`),
      markUnknown: async (ids, code) => void log.push(`unknown ${ids.join(',')} ${code}`),
      enqueueCallsAt: async (calls) => void waits.push(...calls.map((c) => ({ id: c.id, at: c.at }))),
    },
    voice: { name: 'aliyun', keypress: false, call: async (c) => (placed.push(c), results.shift() ?? { ok: true, callId: 'c1' }), queryCall: async () => ({ state: null, duration: 0, callee: null }) },
    metrics: { providerCalls: { inc: () => undefined }, providerLatency: { startTimer: () => () => 0 } } as never,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => new Date(at),
  });
  return { sender, log, placed, waits };
}

const row = (id: number, over: Partial<Claimed> = {}): Claimed =>
  ({
    id: BigInt(id), phone: '13800003001', template_code: 'SMS_GUIYAN_JOB_ALERT', content: '…', worker_id: 1, campaign_id: 1, kind: 'alert', segments: 1,
    new_number: false, wechat_open_id: null, channel: 'voice', call_ok: true, opening_id: null,
    template_params: { workshop: '车间', place: '新街镇', title: '缝纫工', wage: '月薪4000元', code: '1003' }, ...over,
  }) as Claimed;

describe('voice sender', () => {
  it('places a call in hours with an OutId of at most 15 bytes, and the station recording for day labour', async () => {
    const h = harness('2026-12-02T10:00:00+08:00');
    const r = await h.sender.send([row(12345678901), row(2, { opening_id: 7, phone: '13800003002' })], 'claim', 2);
    expect(r).toMatchObject({ sent: 2, failed: 0, waiting: 0, bySms: [] });
    expect(h.placed.map((c) => [c.kind, c.outId])).toEqual([['tts', 'v12345678901a2'], ['recording', 'v2a2']]);
    expect(Buffer.byteLength(h.placed[0]!.outId)).toBeLessThanOrEqual(15);
  });

  it('outside calling hours the call waits for the window to open', async () => {
    const h = harness('2026-12-02T12:30:00+08:00');
    const r = await h.sender.send([row(3)], 'claim', 1);
    expect(r.waiting).toBe(1);
    expect(h.placed).toEqual([]);
    expect(h.log).toEqual(['release 3 VOICE_HOURS']);
    expect(h.waits).toEqual([{ id: 3n, at: new Date('2026-12-02T14:00:00+08:00') }]);
  });

  it("waits for the number's limit, sends stopped calls as SMS, and records failures by class", async () => {
    const at = '2026-12-02T15:00:00+08:00';
    const limited = harness(at, [], [new Date(Date.parse(at) - 30_000)]);
    await limited.sender.send([row(4)], 'claim', 1);
    expect(limited.waits).toEqual([{ id: 4n, at: new Date(Date.parse(at) + 30_001) }]);

    const stopped = harness(at);
    const r = await stopped.sender.send([row(5, { call_ok: false })], 'claim', 1);
    expect(r.bySms.map((c) => c.id)).toEqual([5n]);
    expect(stopped.log).toEqual(['sms 5']);

    const refused = harness(at, [
      { ok: false, errorClass: 'phone_limited', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '' },
      { ok: false, errorClass: 'unknown_outcome', code: 'Timeout', message: '' },
      { ok: false, errorClass: 'config', code: 'isv.TTS_TEMPLATE_ILLEGAL', message: '' },
    ]);
    const out = await refused.sender.send([row(6), row(7, { phone: '13800003007' }), row(8, { phone: '13800003008' })], 'claim', 1);
    expect(refused.log).toEqual(['release 6 isv.BUSINESS_LIMIT_CONTROL', 'unknown 7 Timeout', 'failed 8 isv.TTS_TEMPLATE_ILLEGAL']);
    expect(out).toMatchObject({ sent: 0, failed: 1, waiting: 1 });
    expect(refused.waits[0]!.at.getTime()).toBeGreaterThanOrEqual(Date.parse(at) + 60_000);
  });
});
