import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { converse, IDLE, type WorkerView } from '../../src/domain/conversation.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

/**
 * Reports and opt-outs in one text (red team, issue #17 §2): the opt-out is honoured and the
 * complaint is not lost; a report taken back is neither an opt-out nor a report.
 */
const read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
const NOW = new Date('2026-12-02T02:00:00Z');
const subscriber: WorkerView = { status: 'active', skills: ['缝纫'], place: { code: '532528102', label: '新街镇' }, pausedUntil: null, phone: '13800000002', wechatOpenId: null, channel: 'sms' };

describe('a report that also asks to stop', () => {
  it.each([
    ['老板不给工资TD', null],
    ['举报 1001 老板骗人 别再发了', '1001'],
    ['老板拖欠工资 退订', null],
    ['举报1001,TD', '1001'],
    ['我举报1002老板不给钱 还有退订', '1002'],
  ])('%s: opted out, and the case opened (code %s)', (text, code) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.alsoReport).toEqual({ code });
    const step = converse(IDLE, r, subscriber, NOW);
    expect(step.actions).toEqual([{ type: 'opt_out' }, { type: 'report', code }]);
    expect(step.reply?.kind).toBe('unsubscribed');
    // Already opted out: the report still opens its case.
    expect(converse(IDLE, r, { ...subscriber, status: 'opted_out' }, NOW).actions).toEqual([{ type: 'report', code }]);
  });

  it.each(['TD', '退订', '别再发了', '你们天天发 烦死了 退订', '再发就举报你们'])('%s: an opt-out with no report', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
    expect(read(text).alsoReport).toBeUndefined();
  });
});

describe('a report taken back', () => {
  it.each(['不举报了', '算了 不举报了', '我不举报了 谢谢', '不投诉了', '好吧 不告了'])('%s: no opt-out, no report', (text) => {
    const r = read(text);
    expect(r.intent).not.toBe('unsubscribe');
    expect(r.intent).not.toBe('report');
    expect(converse(IDLE, r, subscriber, NOW).actions).toEqual([]);
  });

  it.each(['不举报了 TD', '不投诉了 别再发了'])('%s: the stop beside it still counts', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
});
