import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { readVoiceRequest } from '../../src/domain/reader-voice.js';
import { converse, IDLE, type WorkerView } from '../../src/domain/conversation.js';

const read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });

describe('asking for calls by text', () => {
  it.each([
    ['打电话通知', 'on'],
    ['语音', 'on'],
    ['打电话通知我', 'on'],
    ['以后给我打电话吧', 'on'],
    ['有活打电话告诉我', 'on'],
    ['语音通知', 'on'],
    ['不要打电话', 'off'],
    ['别打电话了', 'off'],
    ['不要再打电话了，发短信就行', 'off'],
    ['不用语音', 'off'],
  ])('%s → %s', (text, want) => {
    expect(read(text).voiceCalls).toBe(want);
  });

  it.each(['老板电话多少', '我没接到电话', '报名1003', 'TD', '电话13812345678', '打电话给老板问问工资什么时候发'])('%s is not a request about calls', (text) => {
    expect(read(text).voiceCalls ?? null).toBeNull();
  });

  it('reads the compact form only when the short text is the whole request', () => {
    expect(readVoiceRequest('')).toBeNull();
    expect(readVoiceRequest('语音'.repeat(9))).toBeNull();
  });

  it('turns calls on or off for a subscribed worker, and never opts out of SMS', () => {
    const worker: WorkerView = { status: 'active', skills: ['缝纫'], place: null, pausedUntil: null, phone: '13800004001', wechatOpenId: null, channel: 'sms' };
    const now = new Date('2026-12-02T10:00:00+08:00');
    expect(converse(IDLE, read('打电话通知'), worker, now)).toMatchObject({ actions: [{ type: 'set_calls', on: true }], reply: { kind: 'channel_set', params: { channel: '电话' } } });
    const off = converse(IDLE, read('不要打电话了'), worker, now);
    expect(off.actions).toEqual([{ type: 'set_calls', on: false }]);
    expect(off.reply).toMatchObject({ kind: 'channel_set', params: { channel: '短信' } });
    expect(converse(IDLE, read('语音'), { ...worker, status: 'unknown', phone: null }, now).reply).toMatchObject({ kind: 'not_subscribed' });
  });
});
