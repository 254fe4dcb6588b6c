import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import {
  afterHireKey,
  beijingDateTime,
  beijingDay,
  beijingDayAt,
  dueQuestions,
  formatStart,
  jobName,
  mayAnswerAfterHire,
  questionWindow,
  readAnswer,
  reminderParams,
  type HireTerms,
} from '../../src/domain/after-hire.js';
import { converse, IDLE, type WorkerView } from '../../src/domain/conversation.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { renderMessage } from '../../src/domain/message-templates.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { countSegments, withSignature } from '../../src/domain/sms-segments.js';

const QUIET = { startMinute: 21 * 60, endMinute: 8 * 60 };
/** A Beijing wall-clock time. */
const bj = (s: string) => new Date(`${s}+08:00`);

describe('after a hire: when each text is due (docs/after-hire.md)', () => {
  const terms: HireTerms = { hiredAt: bj('2026-12-01T10:00:00'), startAt: bj('2026-12-05T07:30:00'), firstPayAt: bj('2026-12-31T00:00:00') };

  it('reminds at 18:00 the evening before, until an hour before the start', () => {
    expect(questionWindow('start_reminder', terms, QUIET)).toEqual({ from: bj('2026-12-04T18:00:00'), until: bj('2026-12-05T06:30:00') });
    expect(dueQuestions(terms, ['start_reminder'], bj('2026-12-04T17:59:00'), QUIET)).toEqual([]);
    expect(dueQuestions(terms, ['start_reminder'], bj('2026-12-04T18:01:00'), QUIET)).toEqual(['start_reminder']);
    // Never inside quiet hours, even though the window is still open.
    expect(dueQuestions(terms, ['start_reminder'], bj('2026-12-04T22:00:00'), QUIET)).toEqual([]);
    expect(dueQuestions(terms, ['start_reminder'], bj('2026-12-05T06:31:00'), QUIET)).toEqual([]);
  });

  it('reminds at once when hired after the evening before, not when the start is under an hour away', () => {
    const late = { ...terms, hiredAt: bj('2026-12-05T09:00:00'), startAt: bj('2026-12-05T14:00:00') };
    expect(questionWindow('start_reminder', late, QUIET)?.from).toEqual(bj('2026-12-05T09:00:00'));
    const tooLate = { ...terms, hiredAt: bj('2026-12-05T13:30:00'), startAt: bj('2026-12-05T14:00:00') };
    expect(questionWindow('start_reminder', tooLate, QUIET)).toBeNull();
    expect(questionWindow('start_reminder', { ...terms, startAt: null }, QUIET)).toBeNull();
  });

  it('asks about arrival two hours after the start, past quiet hours, for three days', () => {
    expect(questionWindow('arrival', terms, QUIET)).toEqual({ from: bj('2026-12-05T09:30:00'), until: bj('2026-12-08T09:30:00') });
    // A night start: asked when quiet hours end.
    const night = { ...terms, startAt: bj('2026-12-05T20:00:00') };
    expect(questionWindow('arrival', night, QUIET)?.from).toEqual(bj('2026-12-06T08:00:00'));
    // No start time known: 10:00 the day after the hire.
    expect(questionWindow('arrival', { ...terms, startAt: null }, QUIET)?.from).toEqual(bj('2026-12-02T10:00:00'));
  });

  it('asks about pay at 10:00 the day after the first pay day, for two weeks, and only with a pay day', () => {
    expect(questionWindow('pay', terms, QUIET)).toEqual({ from: bj('2027-01-01T10:00:00'), until: bj('2027-01-15T10:00:00') });
    expect(questionWindow('pay', { ...terms, firstPayAt: null }, QUIET)).toBeNull();
    expect(dueQuestions(terms, ['arrival', 'pay'], bj('2027-01-01T10:00:00'), QUIET)).toEqual(['pay']);
    expect(dueQuestions(terms, ['arrival', 'pay'], bj('2027-01-16T10:00:00'), QUIET)).toEqual([]);
  });

  it('reads Beijing days and wall-clock times, and refuses what is not one', () => {
    expect(beijingDay('2026-12-05')).toEqual(bj('2026-12-05T00:00:00'));
    expect(beijingDay('2026-02-31')).toBeNull();
    expect(beijingDay('12/05')).toBeNull();
    expect(beijingDateTime('2026-12-05T07:30')).toEqual(bj('2026-12-05T07:30:00'));
    expect(beijingDateTime('2026-12-05T25:00')).toBeNull();
    expect(beijingDayAt(bj('2026-12-05T00:30:00'), -1, 18 * 60)).toEqual(bj('2026-12-04T18:00:00'));
    expect(afterHireKey(42, 'pay')).toBe('after-hire:42:pay');
  });
});

describe('after a hire: the texts', () => {
  it('names the time, place and job, one segment with the signature at their longest', () => {
    const p = reminderParams(bj('2026-12-05T07:30:00'), '新街镇政府门口', '缝纫工');
    expect(renderMessage('after_hire_start', p).text).toBe('上工提醒：12月5日7:30到新街镇政府门口开工（缝纫工），记得带身份证。回TD退订');
    const long = reminderParams(bj('2026-12-31T23:59:00'), '金'.repeat(40), '工'.repeat(40));
    expect(countSegments(withSignature('归雁就业', renderMessage('after_hire_start', long).text))).toBe(1);
    const job = jobName('金平梯田手工刺绣合作社有限公司', '刺绣计件工');
    expect([...job]).toHaveLength(16);
    expect(renderMessage('after_hire_arrival', { job: jobName('新街车间', '缝纫工') }).text).toBe('您到新街车间缝纫工上工了吗？回1已到岗 2没去成。回TD退订');
    expect(countSegments(withSignature('归雁就业', renderMessage('after_hire_pay', { job }).text))).toBe(1);
    expect(formatStart(bj('2026-01-02T08:05:00'))).toBe('1月2日8:05');
  });
});

describe('after a hire: answers', () => {
  it('reads 1 / 2 and the words of each choice', () => {
    for (const t of ['1', '1已到岗', '到了', '已经到了！', '去了', '上班了']) expect(readAnswer('arrival', t, true), t).toBe('yes');
    for (const t of ['2', '2没去成', '没去', '去不了', '没有']) expect(readAnswer('arrival', t, true), t).toBe('no');
    for (const t of ['1', '1工资已到账', '发了', '到账了', '收到了', '工资发了']) expect(readAnswer('pay', t, true), t).toBe('yes');
    for (const t of ['2', '2没拿到', '没发', '没拿到', '还没到账', '没收到']) expect(readAnswer('pay', t, true), t).toBe('no');
    for (const t of ['3', '12', '订阅缝纫', '岗位', '你好', '到了没有']) expect(readAnswer('arrival', t, true), t).toBeNull();
  });

  it('takes a bare digit only outside a dialog of the worker’s own', () => {
    expect(readAnswer('arrival', '1', false)).toBeNull();
    expect(readAnswer('arrival', '到了', false)).toBe('yes');
    expect(mayAnswerAfterHire('没拿到', 'status')).toBe(true);
    expect(mayAnswerAfterHire('订阅缝纫', 'subscribe')).toBe(false);
  });

  const read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
  const NOW = new Date('2026-12-05T04:00:00Z');
  const worker: WorkerView = { status: 'active', skills: ['缝纫'], place: { code: '532528102', label: '元阳新街镇' }, pausedUntil: null, phone: '13800000001', wechatOpenId: null, channel: 'sms' };
  const arrival = { ...worker, openQuestion: { kind: 'arrival' as const, applicationId: 7, openingCode: '1003' } };
  const pay = { ...worker, openQuestion: { kind: 'pay' as const, applicationId: 7, openingCode: '1003' } };

  it('answers the open question as a dialog step, and records it', () => {
    const s = converse(IDLE, read('1'), arrival, NOW);
    expect(s.actions).toEqual([{ type: 'after_hire_answer', applicationId: 7, question: 'arrival', answer: 'yes' }]);
    expect(s.reply?.kind).toBe('after_hire_arrived');
    expect(converse(IDLE, read('没去成'), arrival, NOW).reply?.kind).toBe('after_hire_no_show');
    expect(converse(IDLE, read('发了'), pay, NOW).reply?.kind).toBe('after_hire_paid');
  });

  it('2 to the pay question records it and opens a 欠薪 case about the hire’s opening', () => {
    const s = converse(IDLE, read('2'), pay, NOW);
    expect(s.actions[0]).toEqual({ type: 'after_hire_answer', applicationId: 7, question: 'pay', answer: 'no' });
    expect(s.actions[1]).toMatchObject({ type: 'report', code: '1003' });
    expect((s.actions[1] as { words: string }).words).toContain('没拿到');
    // A report in the worker's own words is an answer too, its words kept as they are.
    const r = converse(IDLE, read('老板没发工资'), pay, NOW);
    expect(r.actions).toEqual([{ type: 'after_hire_answer', applicationId: 7, question: 'pay', answer: 'no' }, { type: 'report', code: '1003' }]);
  });

  it('falls through to normal reading with no open question, an opt-out, or a dialog of the worker’s own', () => {
    expect(converse(IDLE, read('1'), worker, NOW).actions).toEqual([]);
    expect(converse(IDLE, read('TD'), arrival, NOW).actions).toEqual([{ type: 'opt_out' }]);
    const inMenu = converse({ step: 'sub_skills' }, read('1'), arrival, NOW);
    expect(inMenu.actions.some((a) => a.type === 'after_hire_answer')).toBe(false);
    expect(converse({ step: 'sub_skills' }, read('到了'), arrival, NOW).reply?.kind).toBe('after_hire_arrived');
  });
});
