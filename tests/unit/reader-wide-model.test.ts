import { describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, overrule } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { classifyWide } from '../../src/domain/reader-model.js';
import { testReader } from '../helpers/reader.js';

/**
 * Round 33 (docs/reader.md "Round 33: the wide model over the rules"): where the wide model is near certain of another
 * reading than a rule's, overrule() decides whether the reader takes it. The policy protects the stop line first.
 */
const clues = (compact: string, more: { skills?: string[]; hasPlace?: boolean } = {}) => ({ compact, skills: more.skills ?? [], hasPlace: more.hasPlace ?? false });

describe('a stop the rules are sure of', () => {
  it('yields to a report when no stop word is said (拉黑了那个老板 他还欠我两千)', () => {
    expect(overrule(clues('拉黑了那个老板的微信他还欠我两千'), { intent: 'unsubscribe' }, 'report')).toEqual({ intent: 'report', source: 'model' });
  });
  it.each(['老板不给工资td', '老板拖欠工资退订', '骗子别再发了'])('keeps its stop beside a report when a stop word is said: %s', (compact) => {
    expect(overrule(clues(compact), { intent: 'unsubscribe' }, 'report')).toBeNull();
  });
  it.each(['help', 'list_jobs', 'unknown', 'resume', 'pause', 'status', 'apply'] as const)('never yields to %s', (best) => {
    expect(overrule(clues('有没有不要发的办法'), { intent: 'unsubscribe' }, best)).toBeNull();
  });
  it('yields to a sign-up or a change only when it names what it asks (取消原来的地址 alone stays a stop)', () => {
    expect(overrule(clues('取消原来的地址'), { intent: 'unsubscribe' }, 'update_place')).toBeNull();
    expect(overrule(clues('取消原来的地址换成个旧', { hasPlace: true }), { intent: 'unsubscribe' }, 'update_place')).toEqual({ intent: 'update_place', source: 'model' });
    expect(overrule(clues('刚才回错了不是td是dy包装', { skills: ['包装'] }), { intent: 'unsubscribe' }, 'subscribe')).toEqual({ intent: 'subscribe', source: 'model' });
    expect(overrule(clues('不是td'), { intent: 'unsubscribe' }, 'subscribe')).toBeNull();
  });
});

describe('a stop the model sees and the rules missed', () => {
  it('stops alerts and asks: an unclear stop, never a sure one', () => {
    expect(overrule(clues('我今年六十八了做不动喽你们莫再发来了'), { intent: 'pause' }, 'unsubscribe')).toEqual({ intent: 'unsubscribe', source: 'model', unclear: true });
    expect(overrule(clues('进厂了在昆明上班你们这些招工的用不着了'), { intent: 'list_jobs' }, 'unsubscribe')).toEqual({ intent: 'unsubscribe', source: 'model', unclear: true });
  });
  it.each([
    ['help', '我妈的号她看不懂'],
    ['status', '我昨天退订了好了没'],
    ['unknown', '这个岗位莫通知我了'],
    ['subscribe', '不需要找活了吗'],
    ['list_jobs', '以后都不发了？'],
  ] as const)('is no stop over a rule that read %s, or a question: %s', (rule, compact) => {
    expect(overrule(clues(compact), { intent: rule }, 'unsubscribe')).toBeNull();
  });
});

describe('everything else', () => {
  it('never makes an application (1024还招吗, 取消报名1003)', () => {
    expect(overrule(clues('1024还招吗'), { intent: 'list_jobs' }, 'apply')).toBeNull();
    expect(overrule(clues('取消报名1003'), { intent: 'unknown' }, 'apply')).toBeNull();
  });
  it('leaves sign-up, resumption and changes to the rules, which the conversation tells apart by registration', () => {
    for (const [rule, best] of [['subscribe', 'update_place'], ['subscribe', 'resume'], ['update_skills', 'subscribe'], ['resume', 'update_skills']] as const) {
      expect(overrule(clues('南沙镇'), { intent: rule }, best)).toBeNull();
    }
  });
  it('keeps a pause over a resumption (回来接着发吧 waits for the return)', () => {
    expect(overrule(clues('回来接着发吧'), { intent: 'pause' }, 'resume')).toBeNull();
  });
  it("keeps what a rule read as nothing asked, except a wrong reported", () => {
    expect(overrule(clues('那个搬运的活我不要了'), { intent: 'unknown' }, 'update_skills')).toBeNull();
    expect(overrule(clues('车间里热死了又没得风扇'), { intent: 'unknown' }, 'report')).toEqual({ intent: 'report', source: 'model' });
  });
  it('takes the model across other intents (想找个不用识字的活 asks for a list)', () => {
    expect(overrule(clues('想找个不用识字的活'), { intent: 'subscribe' }, 'list_jobs')).toEqual({ intent: 'list_jobs', source: 'model' });
    expect(overrule(clues('老板看到我报名没有'), { intent: 'apply' }, 'status')).toEqual({ intent: 'status', source: 'model' });
  });
});

describe('the reading', () => {
  const read = testReader();
  it('notes where the wide model disagrees with a rule, and says whose reading it is', () => {
    const got = read('想找个不用识字的活');
    expect(got.disagreement).toMatchObject({ rule: 'subscribe', model: 'list_jobs' });
    expect(got.disagreement?.p).toBeGreaterThanOrEqual(0.99);
    expect(got).toMatchObject({ intent: 'list_jobs', source: 'model' });
  });
  it('notes a disagreement it did not act on, and keeps the rule', () => {
    // A place alone signs up a new phone; the wide model, sure it moves a registered worker, is not let decide.
    const got = read('沙甸街道');
    expect(got).toMatchObject({ intent: 'subscribe', source: 'rule', disagreement: { rule: 'subscribe', model: 'update_place' } });
  });
  it('overrules nothing when built with the overruling off', () => {
    const rulesOnly = createMessageReader({ places: createPlaceIndex(loadDivisions()), modelOverRule: 2 });
    expect(rulesOnly('想找个不用识字的活')).toMatchObject({ intent: 'subscribe', source: 'rule', disagreement: { model: 'list_jobs' } });
  });
  it('has no disagreement where both agree', () => {
    expect(read('TD').disagreement).toBeUndefined();
    expect(read('订阅 缝纫 新街').disagreement).toBeUndefined();
  });
  it('is a wide model trained on more than the small one, and sure of plain texts', () => {
    expect(classifyWide('不要再发了 退订').intent).toBe('unsubscribe');
    expect(classifyWide('有没有缝纫的活').intent).toBe('list_jobs');
  });
});
