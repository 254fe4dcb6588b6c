import { beforeAll, describe, expect, it } from 'vitest';
import { converse, IDLE, type DialogState, type WorkerView } from '../../src/domain/conversation.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { isLoneCode, readDetailsOrWage } from '../../src/domain/reader-details.js';
import { loadDivisions } from '../../src/data/divisions.js';

let read: (t: string) => ReadMessage;
beforeAll(() => {
  read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
});

const worker: WorkerView = { status: 'active', skills: ['缝纫'], place: { code: '532528102', label: '元阳新街镇' }, pausedUntil: null, phone: '13800000001', wechatOpenId: null, channel: 'sms' };
const NOW = new Date('2026-12-02T07:00:00Z');
const step = (text: string, state: DialogState = IDLE, w: WorkerView = worker) => converse(state, read(text), w, NOW);

describe('details: 详情1003, xq1003, a code alone', () => {
  it.each(['详情1003', '详情 1003', 'xq1003', 'XQ 1003', '1003详情', '查看1003', '详细1003', '编号1003详情'])('%s reads details with its code', (t) => {
    expect(read(t)).toMatchObject({ intent: 'details', code: '1003' });
  });

  it('a code alone stays unknown for the reader (a year looks the same) and the conversation asks for its details', () => {
    expect(read('1003')).toMatchObject({ intent: 'unknown', code: '1003' });
    expect(step('1003').actions).toEqual([{ type: 'details', code: '1003' }]);
    expect(step('详情1003').actions).toEqual([{ type: 'details', code: '1003' }]);
    expect(isLoneCode('1003', '1003')).toBe(true);
    expect(isLoneCode('bm1003', '1003')).toBe(false);
  });

  it('报名 is still 报名', () => {
    expect(read('BM1003')).toMatchObject({ intent: 'apply', code: '1003' });
    expect(step('BM1003').actions).toEqual([{ type: 'apply', code: '1003' }]);
  });

  it('inside an open question menu answers still go to the dialog', () => {
    // The skill menu: 1 and 1 3 pick skills; 135 (no space) picks three.
    expect(step('1', { step: 'sub_skills' }).state).toMatchObject({ step: 'sub_place', skills: ['缝纫'] });
    expect(step('1 3', { step: 'sub_skills' }).state).toMatchObject({ step: 'sub_place', skills: ['缝纫', '编织'] });
    expect(step('135', { step: 'sub_skills' }).state).toMatchObject({ step: 'sub_place', skills: ['缝纫', '编织', '包装'] });
    // The numbered question (回1找工作 2查岗位 3暂停 4退订): 2 lists jobs.
    expect(step('2', { step: 'clarify' }).actions).toEqual([{ type: 'list_jobs' }]);
    // A four-digit code inside the dialog asks for details and leaves the question open.
    const d = step('1003', { step: 'sub_skills' });
    expect(d.actions).toEqual([{ type: 'details', code: '1003' }]);
    expect(d.state).toEqual({ step: 'sub_skills' });
  });

  it('the binding code is still the binding code', () => {
    expect(step('123456', { step: 'bind_code', phone: '13800000002' }).actions).toEqual([{ type: 'bind_verify', phone: '13800000002', code: '123456' }]);
  });

  it('an opted-out worker gets no details (only a new subscription is answered)', () => {
    expect(step('详情1003', IDLE, { ...worker, status: 'opted_out' })).toMatchObject({ actions: [], reply: null });
  });
});

describe('wage_query: 缝纫 工价', () => {
  it.each(['缝纫 工价', '缝纫工价', '缝纫多少钱一天', '采茶一天多少钱', '缝纫一个月多少钱', '刺绣一件多少钱', '工价'])('%s reads wage_query', (t) => {
    expect(read(t).intent).toBe('wage_query');
  });

  it.each([
    // (工资多少 and 1024工资多少 read unknown until Round 35; a question about an opening's pay now reads details.)
    ['工资多少', 'details'],
    ['1024工资多少', 'details'],
    ['今天猪肉多少钱一斤', 'unknown'],
    ['缝纫', 'subscribe'],
    ['订阅缝纫新街', 'subscribe'],
    ['工价太低不做了', null],
    ['缝纫工价没给', null],
  ])('%s is not a wage question', (t, intent) => {
    const r = read(t);
    expect(r.intent).not.toBe('wage_query');
    if (intent) expect(r.intent).toBe(intent);
  });

  it('asks the median for the skill in the worker\'s county, or for the skill when none is named', () => {
    expect(step('缝纫 工价').actions).toEqual([{ type: 'wage_query', skill: '缝纫', divisionCode: '532528102' }]);
    expect(step('元阳 采茶 工价', IDLE, { ...worker, place: null, status: 'unknown' }).actions).toEqual([{ type: 'wage_query', skill: '采摘', divisionCode: '532528' }]);
    expect(step('工价').reply).toEqual({ kind: 'wage_benchmark_need', params: {} });
  });

  it('a stop or a report wins over details and wages', () => {
    expect(readDetailsOrWage('详情1003', 'unsubscribe')).toBeNull();
    expect(readDetailsOrWage('缝纫工价', 'report')).toBeNull();
  });
});
