import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { converse, IDLE, type WorkerView } from '../../src/domain/conversation.js';
import {
  actingPerson,
  alertUnits,
  converseOnPhone,
  MAX_PEOPLE_PER_PHONE,
  personLabel,
  pickOptions,
  sharedAlertParts,
  type Person,
  type PhoneDialog,
  type PhoneStep,
} from '../../src/domain/household.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { renderMessage } from '../../src/domain/message-templates.js';
import { sharedJobAlertParams } from '../../src/domain/opening-terms.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { countSegments, withSignature } from '../../src/domain/sms-segments.js';

const read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
const NOW = new Date('2026-12-03T02:00:00Z');
const view: WorkerView = { status: 'active', skills: ['缝纫'], place: { code: '532528102', label: '元阳新街镇' }, pausedUntil: null, phone: '13800000001', wechatOpenId: null, channel: 'sms' };
const one: Person[] = [{ slot: 1, name: null, status: 'active' }];
const couple: Person[] = [
  { slot: 1, name: '王建华', status: 'active' },
  { slot: 2, name: '李秀英', status: 'active' },
];

/** Plays texts through a phone's conversation, the people unchanged; returns every step. */
function play(texts: string[], people: Person[], start: PhoneDialog = IDLE): PhoneStep[] {
  let state = start;
  return texts.map((t) => {
    const step = converseOnPhone(state, read(t), view, people, NOW);
    state = step.state;
    return step;
  });
}

describe('shared phones: reading the person', () => {
  it('reads the person after a code or a stop, and 加一个人, without changing the intent or code', () => {
    expect(read('BM1003 2')).toMatchObject({ intent: 'apply', code: '1003', person: 2 });
    expect(read('报名1003 2号')).toMatchObject({ intent: 'apply', code: '1003', person: 2 });
    expect(read('TD 2')).toMatchObject({ intent: 'unsubscribe', optOut: 'sure', person: 2 });
    expect(read('退订2')).toMatchObject({ intent: 'unsubscribe', person: 2 });
    expect(read('加一个人')).toMatchObject({ addPerson: true, intent: 'subscribe', source: 'rule' });
    // No person where the text names none (a code's own digits, TD, a wage).
    for (const t of ['BM1003', 'TD', 'BM 10 03', '报名1003 工资3000', '1003 2']) {
      expect(read(t).person, t).toBeUndefined();
      expect(read(t).addPerson, t).toBeUndefined();
    }
  });
});

describe('shared phones: the conversation', () => {
  it('leaves a phone with one person exactly as the conversation was', () => {
    for (const t of ['BM1003 2', 'BM1003', 'TD 2', 'TD', '帮助', '订阅缝纫新街']) {
      expect(converseOnPhone(IDLE, read(t), view, one, NOW), t).toEqual(converse(IDLE, read(t), view, NOW));
    }
  });

  it('applies for the person named, and asks whom a BM without a number is for; the number answers', () => {
    expect(play(['BM1003 2'], couple)[0]!.actions).toEqual([{ type: 'apply', code: '1003', person: 2 }]);
    const [ask, answer] = play(['BM1003', '2'], couple);
    expect(ask!.actions).toEqual([]);
    expect(ask!.reply).toEqual({ kind: 'person_pick', params: { code: '1003', options: '1王建华 2李秀英' } });
    expect(renderMessage('person_pick', ask!.reply!.params as never).text).toBe('这个号码有几个人，编号1003给谁报名？请回：1王建华 2李秀英。回0取消');
    expect(ask!.state).toEqual({ step: 'pick_person', code: '1003', slots: [1, 2] });
    expect(answer!.actions).toEqual([{ type: 'apply', code: '1003', person: 2 }]);
    expect(answer!.state).toEqual(IDLE);
    // 0 cancels; TD while asked stops the whole phone; a number no one has asks again.
    expect(play(['BM1003', '0'], couple)[1]!.reply?.kind).toBe('dialog_cancelled');
    expect(play(['BM1003', 'TD'], couple)[1]!.actions).toEqual([{ type: 'opt_out' }]);
    expect(play(['BM1003', '5'], couple)[1]!.reply?.kind).toBe('person_pick');
  });

  it('applies for the only person still subscribed without asking', () => {
    const one_left: Person[] = [couple[0]!, { ...couple[1]!, status: 'opted_out' }];
    expect(play(['BM1003'], one_left)[0]!.actions).toEqual([{ type: 'apply', code: '1003', person: 1 }]);
    // Named, but opted out: no one else is applied for in their place.
    expect(play(['BM1003 2'], one_left)[0]!).toMatchObject({ actions: [], reply: { kind: 'not_subscribed' } });
    // A number no one has: asked, even with one person left to choose.
    expect(play(['BM1003 5'], one_left)[0]!).toMatchObject({ actions: [], reply: { kind: 'person_pick', params: { options: '1王建华' } } });
  });

  it('stops one person on TD 2 and the whole phone on TD; a number no one has stops the whole phone', () => {
    const [td2] = play(['TD 2'], couple);
    expect(td2!.actions).toEqual([{ type: 'opt_out', person: 2 }]);
    expect(renderMessage('person_unsubscribed', td2!.reply!.params as never).text).toBe('已退订2号李秀英，这个号码的其他人照常接收。全部退订回TD');
    expect(play(['TD'], couple)[0]!.actions).toEqual([{ type: 'opt_out' }]);
    expect(play(['TD 7'], couple)[0]!.actions).toEqual([{ type: 'opt_out' }]);
  });

  it('adds a person through the subscribe dialog (加一个人), each question in Chinese', () => {
    const steps = play(['加一个人', '奶奶', '1', '新街镇', '1'], one);
    expect(steps.map((s) => s.reply?.kind)).toEqual(['person_ask_name', 'skill_menu', 'ask_place', 'confirm_subscribe', 'person_added']);
    expect(steps[1]!.state).toEqual({ step: 'sub_skills', forPerson: { slot: 2, name: '奶奶' } });
    expect(steps[4]!.actions).toEqual([{ type: 'add_person', slot: 2, name: '奶奶', skills: ['缝纫'], divisionCode: '532528102' }]);
    expect(renderMessage('person_added', steps[4]!.reply!.params as never).text).toBe('已加上2号奶奶：缝纫，元阳新街镇。给他报名回BM编号加空格2，回TD2只退订他');
    // The next number on a shared phone; 0 cancels; a full phone says so.
    expect(play(['加一个人'], couple)[0]!.state).toEqual({ step: 'add_name', slot: 3 });
    expect(play(['加一个人', '0'], one)[1]!.reply?.kind).toBe('dialog_cancelled');
    const full = Array.from({ length: MAX_PEOPLE_PER_PHONE }, (_, i) => ({ slot: i + 1, name: null, status: 'active' as const }));
    expect(play(['加一个人'], full)[0]!.reply).toEqual({ kind: 'person_full', params: { max: '9' } });
    // A phone without a record subscribes as ever (its first person).
    expect(converseOnPhone(IDLE, read('加一个人'), { ...view, status: 'unknown' }, [], NOW).reply?.kind).toBe('skill_menu');
    // TD in the middle stops the phone, not only the dialog.
    expect(play(['加一个人', '奶奶', 'TD'], one)[2]!.actions).toEqual([{ type: 'opt_out' }]);
  });

  it('acts for the first person who has not opted out', () => {
    expect(actingPerson([{ ...couple[0]!, status: 'opted_out' }, couple[1]!])).toBe(couple[1]);
    expect(actingPerson([{ ...couple[0]!, status: 'opted_out' }])?.slot).toBe(1);
    expect(actingPerson([])).toBeNull();
  });
});

describe('shared phones: alerts', () => {
  it('groups a broadcast\'s matches into one message per shared phone, where its best person ranked', () => {
    const shared = new Map([
      [11, { id: 11, phone: 'A', slot: 1, name: '王建华' }],
      [12, { id: 12, phone: 'A', slot: 2, name: '李秀英' }],
    ]);
    const units = alertUnits([{ workerId: 5 }, { workerId: 12 }, { workerId: 6 }, { workerId: 11 }], shared);
    expect(units.map((u) => (u.kind === 'one' ? u.match.workerId : u.people.map((p) => p.slot)))).toEqual([5, [2, 1], 6]);
  });

  it('names each person with their number and how they apply, in one segment for two people with short names', () => {
    expect(personLabel({ slot: 2, name: '李秀英奶奶' })).toBe('2号李秀英奶');
    expect(sharedAlertParts([{ slot: 2, name: '李秀英' }], '1003')).toEqual({ who: '2号李秀英', reply: 'BM1003 2' });
    expect(sharedAlertParts([{ slot: 2, name: '奶奶' }, { slot: 1, name: null }], '1003')).toEqual({ who: '1号、2号奶奶', reply: 'BM1003 1或BM1003 2' });
    expect(pickOptions([{ slot: 1, name: null }, { slot: 3, name: '奶奶' }])).toBe('1号 3奶奶');
    const opening = { code: '1003', title: '缝纫工', workshop: '新街制衣车间', place: '元阳新街', wageMin: 3500, wageMax: 5000, wageUnit: 'month' as const, payDay: '每月15日', startsAt: null, dayLabour: false };
    const text = (people: { slot: number; name: string | null }[]) =>
      withSignature('归雁就业', renderMessage('shared_job_alert', sharedJobAlertParams(opening as never, { verified: false }, NOW, '归雁就业', sharedAlertParts(people, '1003'))).text);
    const two = text([{ slot: 1, name: null }, { slot: 2, name: '奶奶' }]);
    expect(two).toBe('【归雁就业】1号、2号奶奶：新街制衣车间在元阳新街招缝纫工，月薪3500-5000元。回BM1003 1或BM1003 2报名，拒收请回复R');
    expect(countSegments(two)).toBe(1);
    // Three people with full names: two segments, still fewer than a message each, and the wage and the opt-out kept.
    const three = text([{ slot: 1, name: '王建华' }, { slot: 2, name: '李秀英' }, { slot: 3, name: '王小明' }]);
    expect(countSegments(three)).toBe(2);
    expect(three).toContain('月薪3500-5000元');
    expect(three.endsWith('拒收请回复R')).toBe(true);
  });
});
