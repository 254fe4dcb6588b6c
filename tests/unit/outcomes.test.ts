import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { converse, IDLE, type DialogState, type WorkerView } from '../../src/domain/conversation.js';
import { createMessageReader } from '../../src/domain/message-reader.js';
import { renderMessage } from '../../src/domain/message-templates.js';
import {
  emptyCounts,
  emptyMedians,
  fmtDuration,
  fmtShare,
  funnelRow,
  funnelTable,
  groupTable,
  mondayOf,
  periodRange,
  weeklySummary,
  weekRange,
  type FunnelCounts,
} from '../../src/domain/outcomes.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { smsLength } from '../../src/domain/sms-segments.js';

const counts = (a: number[]) => {
  const c = emptyCounts();
  (Object.keys(c) as (keyof typeof c)[]).forEach((k, i) => (c[k] = a[i] ?? 0));
  return c;
};
const fc = (key: string, a: number[], medians = emptyMedians()): FunnelCounts => ({ key, counts: counts(a), medians });

describe('funnel shaping', () => {
  it('gives each step as a share of the alerts and of the step before', () => {
    const r = funnelRow(fc('7', [200, 180, 60, 30, 10, 8, 6]), new Map([['7', '1003 缝纫工']]));
    expect(r.label).toBe('1003 缝纫工');
    expect(r.ofAlerted.delivered).toBe(0.9);
    expect(r.ofAlerted.hired).toBe(0.05);
    expect(r.ofPrevious.applied).toBe(0.5);
    expect(r.ofPrevious.paid).toBe(0.75);
    expect(r.ofPrevious.alerted).toBe(1);
    // Nothing sent: no share at all rather than 0% or NaN.
    const none = funnelRow(fc('8', [0, 0, 0, 0, 0, 0, 0]), new Map());
    expect(none.label).toBe('8');
    expect(none.ofAlerted.delivered).toBeNull();
    expect(fmtShare(none.ofAlerted.delivered)).toBe('—');
    expect(fmtShare(r.ofAlerted.delivered)).toBe('90%');
    expect(fmtShare(1 / 3)).toBe('33.3%');
  });

  it('orders places by alerts, months and broadcasts newest first', () => {
    const rows = [fc('a', [5]), fc('b', [50]), fc('c', [5])];
    const names = new Map([
      ['a', '乙村'],
      ['c', '甲村'],
    ]);
    // Most alerts first; a tie by name (甲村 before 乙村).
    expect(funnelTable(rows, 'village', names).map((r) => r.key)).toEqual(['b', 'c', 'a']);
    expect(funnelTable([fc('2026-10', [1]), fc('2026-12', [1]), fc('2026-11', [9])], 'month', new Map()).map((r) => r.key)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(funnelTable([fc('9', [1]), fc('10', [1]), fc('2', [9])], 'broadcast', new Map()).map((r) => r.key)).toEqual(['10', '9', '2']);
  });

  it('lists every worker group in order, with zeros for a group with no alerts', () => {
    const g = groupTable([fc('returnee', [3, 3]), fc('all', [10, 9])]);
    expect(g.map((r) => r.key)).toEqual(['all', 'returnee', 'home_work', 'priority', 'none']);
    expect(g.map((r) => r.label)).toEqual(['全部', '返乡人员', '想做家庭作坊活', '重点帮扶户', '不属于以上']);
    expect(g[2]!.counts.alerted).toBe(0);
    expect(g[0]!.counts.delivered).toBe(9);
  });

  it('writes durations for people', () => {
    expect(fmtDuration(null)).toBe('—');
    expect(fmtDuration(-5)).toBe('—');
    expect(fmtDuration(45)).toBe('45秒');
    expect(fmtDuration(900)).toBe('15分钟');
    expect(fmtDuration(5400)).toBe('1.5小时');
    expect(fmtDuration(172_050)).toBe('2天');
    expect(fmtDuration(30 * 86_400)).toBe('30天');
  });
});

describe('periods', () => {
  // Wednesday 2 December 2026, 10:00 Beijing.
  const now = new Date('2026-12-02T02:00:00Z');

  it('counts Beijing days and weeks', () => {
    expect(mondayOf(now)).toBe('2026-11-30');
    // Sunday 23:30 Beijing is still the week before.
    expect(mondayOf(new Date('2026-11-29T15:30:00Z'))).toBe('2026-11-23');
    const week = periodRange({ period: 'week' }, now);
    expect(week.from.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-12-02T16:00:00.000Z');
    const last = periodRange({ period: 'last_week' }, now);
    expect([last.from.toISOString(), last.to.toISOString()]).toEqual(['2026-11-22T16:00:00.000Z', '2026-11-29T16:00:00.000Z']);
    const thirty = periodRange({ period: '30d' }, now);
    expect(thirty.from.toISOString()).toBe('2026-11-02T16:00:00.000Z');
    expect(thirty.label).toBe('近30天（2026-11-03 至 2026-12-02）');
  });

  it('takes dates both included, and falls back to 90 days with a sentence on junk', () => {
    const r = periodRange({ from: '2026-11-01', to: '2026-11-30' }, now);
    expect(r.period).toBe('custom');
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
    for (const bad of [{ from: '2026-13-45' }, { from: '2026-02-30' }, { from: '2026-12-01', to: '2026-11-01' }, { to: '昨天' }]) {
      const x = periodRange(bad, now);
      expect(x.error, JSON.stringify(bad)).toContain('日期要写成');
      expect(x.period).toBe('90d');
    }
    expect(periodRange({ period: 'nonsense' }, now).period).toBe('90d');
  });

  it('gives a weekly summary last week unless a past Monday is named', () => {
    expect(weekRange(undefined, now).monday).toBe('2026-11-23');
    expect(weekRange('2026-11-16', now).label).toBe('2026-11-16 至 2026-11-22');
    expect(weekRange('2026-11-17', now).monday).toBe('2026-11-23'); // a Tuesday
    expect(weekRange('2027-01-04', now).monday).toBe('2026-11-23'); // the future
  });
});

describe('weekly summary', () => {
  it('says each step with its change from the week before and the openings that hired most', () => {
    const medians = { ...emptyMedians(), applied: 1800, hired: 2 * 86_400 };
    const s = weeklySummary({
      week: '2026-11-23 至 2026-11-29',
      station: '元阳县新街镇就业站',
      total: fc('all', [120, 110, 40, 20, 8, 6, 2], medians),
      previous: fc('all', [100, 95, 30, 20, 10, 0, 0]),
      openings: [funnelRow(fc('1', [80, 0, 0, 0, 2]), new Map([['1', '1003 缝纫工']])), funnelRow(fc('2', [40, 0, 0, 0, 6]), new Map([['2', '1004 采摘工']]))],
    });
    expect(s.lines).toEqual([
      '发出招工通知120条（比上周多20），送达110条（91.7%）。',
      '工人回复40人次，报名20人（与上周持平），录用8人（比上周少2）。',
      '到岗6人，确认拿到工资2人。',
      '从收到通知到报名，一半的人用时不超过30分钟。',
      '从报名到录用，中位用时2天。',
      '录用最多的岗位：1004 采摘工（6人）、1003 缝纫工（2人）。',
    ]);
    const quiet = weeklySummary({ week: 'w', station: 's', total: fc('all', []), previous: fc('all', [3]), openings: [] });
    expect(quiet.lines).toEqual(['本周没有发出招工通知。']);
  });
});

describe('注销 by text (docs/outcomes.md)', () => {
  const read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
  const NOW = new Date('2026-11-29T02:00:00Z');
  const subscriber: WorkerView = { status: 'active', skills: ['缝纫'], place: { code: '532528102', label: '元阳新街镇' }, pausedUntil: null, phone: '13800000001', wechatOpenId: null, channel: 'sms' };
  const step = (state: DialogState, text: string, w: WorkerView = subscriber) => converse(state, read(text), w, NOW);

  it('opts out at once and asks 回1确认注销全部资料 in the same one-segment reply', () => {
    for (const word of ['注销', '注 销', '注销资料', '注销我的全部资料', '删除我的资料', '注销账号']) {
      const s = step(IDLE, word);
      expect(s.actions, word).toEqual([{ type: 'opt_out' }]);
      expect(s.reply?.kind, word).toBe('erase_offer');
      expect(s.state, word).toEqual({ step: 'erase_confirm' });
    }
    const text = renderMessage('erase_offer', {}, {}).text;
    expect(text).toContain('已退订');
    expect(text).toContain('回1确认注销全部资料');
    expect(smsLength(`【归雁就业】${text}`)).toBeLessThanOrEqual(70);
    expect(smsLength(`【归雁就业】${renderMessage('erased', {}, {}).text}`)).toBeLessThanOrEqual(70);
  });

  it('erases on 1, and anything else leaves the question and is read as usual', () => {
    const asked: DialogState = { step: 'erase_confirm' };
    const optedOut = { ...subscriber, status: 'opted_out' as const };
    for (const yes of ['1', '确认', '确认注销']) expect(step(asked, yes, optedOut)).toMatchObject({ actions: [{ type: 'erase' }], reply: { kind: 'erased' }, state: IDLE });
    // Another text after 注销: an opted-out worker gets silence, as after any opt-out.
    expect(step(asked, '岗位', optedOut)).toMatchObject({ actions: [], reply: null, state: IDLE });
    // A new subscription still works.
    expect(step(asked, '订阅缝纫新街', optedOut).actions[0]).toMatchObject({ type: 'subscribe' });
    // 1 without the question is not an erasure.
    expect(step(IDLE, '1', optedOut).actions).toEqual([]);
  });

  it('keeps longer texts with 注销 opt-outs only, and an opted-out worker who texts 注销 is asked once more', () => {
    expect(step(IDLE, '注销订阅')).toMatchObject({ actions: [{ type: 'opt_out' }], reply: { kind: 'unsubscribed' } });
    expect(step(IDLE, 'TD')).toMatchObject({ actions: [{ type: 'opt_out' }], reply: { kind: 'unsubscribed' } });
    const again = step(IDLE, '注销', { ...subscriber, status: 'opted_out' });
    expect(again).toMatchObject({ actions: [], reply: { kind: 'erase_offer' }, state: { step: 'erase_confirm' } });
    expect(again.throttleKey).toBe('注销');
    // An unknown number: recorded as an opt-out, nothing asked (no data to erase, no texts to strangers).
    expect(step(IDLE, '注销', { ...subscriber, status: 'unknown' })).toMatchObject({ actions: [{ type: 'opt_out' }], reply: null });
  });
});
