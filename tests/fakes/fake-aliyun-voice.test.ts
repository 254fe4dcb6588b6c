import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAliyunVoiceProvider, type AliyunVoiceOptions } from '../../src/channels/voice/aliyun-voice.js';
import { startFakeAliyunVoice, type FakeAliyunVoice } from './fake-aliyun-voice.js';

/** The real voice driver (openapi-core, ACS3) against the fake Dyvmsapi: the vendor's rules as the driver meets them. */
describe('voice driver against the fake Dyvmsapi', () => {
  let fake: FakeAliyunVoice;
  let clock = new Date('2026-12-02T10:00:00+08:00');
  const variables = { job: '缝纫工', place: '新街镇', pay: '月薪4000元', code: '1003' };
  const driver = (o: Partial<AliyunVoiceOptions> = {}) =>
    createAliyunVoiceProvider({
      accessKeyId: 'LTAItestAccessKeyId',
      accessKeySecret: 'testAccessKeySecret',
      endpoint: fake.endpoint,
      protocol: 'http',
      timeoutMs: 2000,
      calledShowNumber: undefined,
      ttsCode: 'TTS_100001',
      keyCodes: {},
      playTimes: 3,
      ...o,
    });
  const tts = (phone: string, outId = 'v1a1') => ({ kind: 'tts' as const, phone, outId, variables, text: '' });

  beforeAll(async () => {
    fake = await startFakeAliyunVoice({ voiceFiles: ['hani-day.wav'], showNumbers: ['057112345678'], now: () => clock });
  });
  afterAll(async () => fake?.close());

  it('places a public-mode TTS call, signed, and refuses a wrong signature', async () => {
    const r = await driver().call(tts('13800002001'));
    expect(r).toMatchObject({ ok: true, callId: expect.stringMatching(/^\d+\^\d+$/) });
    const sent = fake.calls.at(-1)!;
    expect(sent).toMatchObject({ action: 'SingleCallByTts', code: 'OK' });
    expect(sent.query.CalledShowNumber).toBeUndefined();
    expect(JSON.parse(sent.query.TtsParam!)).toEqual(variables);

    const forged = await driver({ accessKeySecret: 'wrong' }).call(tts('13800002002'));
    expect(forged).toMatchObject({ ok: false, errorClass: 'config', code: 'SignatureDoesNotMatch' });
  });

  it('keeps each number to 1 call a minute and 5 an hour, failed calls included', async () => {
    const phone = '13800002003';
    fake.script(phone, { status: '200003' }); // rings, not answered: still counts
    const d = driver();
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await d.call(tts(phone, `v${i}`));
      codes.push(r.ok ? 'OK' : r.code);
      if (i === 0) {
        const again = await d.call(tts(phone, 'again'));
        expect(again).toMatchObject({ ok: false, errorClass: 'phone_limited', code: 'isv.BUSINESS_LIMIT_CONTROL' });
      }
      clock = new Date(clock.getTime() + 2 * 60_000);
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'isv.BUSINESS_LIMIT_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL']);
  });

  it('refuses public-mode calls 12:00–14:00 and 21:00–09:00, not dedicated ones', async () => {
    clock = new Date('2026-12-02T12:30:00+08:00');
    expect(await driver().call(tts('13800002004'))).toMatchObject({ ok: false, code: 'isv.VOICE_ROBOT_NOT_PERIOD', errorClass: 'throttled' });
    clock = new Date('2026-12-02T21:05:00+08:00');
    expect(await driver().call(tts('13800002004'))).toMatchObject({ ok: false, code: 'isv.VOICE_ROBOT_NOT_PERIOD' });
    expect(await driver({ calledShowNumber: '057112345678' }).call(tts('13800002004'))).toMatchObject({ ok: true });
    clock = new Date('2026-12-02T15:00:00+08:00');
  });

  it('plays a station recording, IvrCall with the key map in dedicated mode, and checks what it is given', async () => {
    expect(await driver().call({ kind: 'recording', phone: '13800002005', outId: 'v5', voiceCode: 'hani-day.wav', text: '' })).toMatchObject({ ok: true });
    expect(fake.calls.at(-1)).toMatchObject({ action: 'SingleCallByVoice', query: expect.objectContaining({ VoiceCode: 'hani-day.wav' }) });
    expect(await driver().call({ kind: 'recording', phone: '13800002006', outId: 'v6', voiceCode: 'nope.wav', text: '' })).toMatchObject({ ok: false, errorClass: 'config', code: 'isv.VOICE_FILE_ILLEGAL' });

    const ivr = driver({ calledShowNumber: '057112345678', keyCodes: { '1': 'TTS_100002', '2': 'TTS_100003', '9': 'TTS_100009' } });
    expect(ivr.keypress).toBe(true);
    expect(await ivr.call({ kind: 'ivr', phone: '13800002007', outId: 'v7', variables, text: '' })).toMatchObject({ ok: true });
    const q = fake.calls.at(-1)!.query;
    expect(fake.calls.at(-1)!.action).toBe('IvrCall');
    expect([q['MenuKeyMap.1.Key'], q['MenuKeyMap.2.Key'], q['MenuKeyMap.3.Key']]).toEqual(['1', '2', '9']);
    expect(JSON.parse(q.StartTtsParams!)).toEqual(variables);

    expect(await driver().call({ ...tts('13800002008'), variables: { ...variables, code: '' } })).toMatchObject({ ok: false, code: 'isv.TEMPLATE_MISSING_PARAMETERS' });
    expect(await driver().call(tts('12345'))).toMatchObject({ ok: false, errorClass: 'invalid_number' });
    expect(await driver().call(tts('13800002009', 'a-much-too-long-out-id'))).toMatchObject({ ok: false, code: 'isv.INVALID_PARAMETERS' });
    expect(await driver({ ttsCode: 'TTS_999' }).call(tts('13800002010'))).toMatchObject({ ok: false, errorClass: 'config', code: 'isv.TTS_TEMPLATE_ILLEGAL' });
  });

  it('looks a call up by CallId (QueryCallDetailByCallId), empty under the wrong product', async () => {
    fake.script('13800002011', { status: '200010' });
    const r = await driver().call(tts('13800002011'));
    if (!r.ok) throw new Error(r.code);
    expect(await driver().queryCall(r.callId, clock)).toEqual({ state: '200010', duration: 0, callee: '13800002011' });
    const ivr = driver({ calledShowNumber: '057112345678', keyCodes: { '1': 'TTS_100002', '2': 'TTS_100003', '9': 'TTS_100009' } });
    expect(await ivr.queryCall(r.callId, clock)).toEqual({ state: null, duration: 0, callee: null });
  });

  it('a lost answer is an unknown outcome, never a failure', async () => {
    fake.hangNext('13800002012');
    expect(await driver({ timeoutMs: 1000 }).call(tts('13800002012'))).toMatchObject({ ok: false, errorClass: 'unknown_outcome' });
  });
});
