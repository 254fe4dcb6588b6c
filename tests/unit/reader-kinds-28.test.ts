import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Round 28 (docs/reader.md "Round 28: conditional refusals and 终止"): a refusal limited by a condition on the alert
// is no stop, and 终止/中止 is. Words of our own; the near-misses must not change.
const read = testReader();

describe('a refusal limited by "when there is none": no stop', () => {
  it.each([
    '没活就别发了',
    '没活路就莫发了',
    '没有合适的就不用发',
    '没合适的不用发',
    '要是没有合适的活 就不用给我发了',
    '没得合适的 那就不要发',
    '冇工作就别发嘛',
    '不合适的就别发了',
    '不对口的活不用发',
    '不是我要的别发',
    '不是我能做的就不用发了',
    '不适合我的就别推了',
    '没活的时候就别发了',
  ])('%s: unknown, no opt-out', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unknown');
    expect(r.optOut).toBeNull();
  });

  it.each(['有活了再发 没活别发', '没活就别发了 有活再通知我', '有合适的再发 没有就别发了', '没活的话不用发 有活就喊我', '没活就别发 有活了通知我'])(
    '%s: told when there is work — subscribe',
    (text) => {
      const r = read(text);
      expect(r.intent).toBe('subscribe');
      expect(r.optOut).toBeNull();
    },
  );
});

describe('a refusal limited by a skill or a place: that one kept', () => {
  it.each([
    ['不是缝纫的活就别发了', '缝纫'],
    ['不是采摘的就莫推了', '采摘'],
    ['不是搬运的活不用发 谢谢', '搬运'],
    ['没有缝纫的活就别发了', '缝纫'],
  ])('%s: update_skills keeping %s, as 只要…的活 reads', (text, skill) => {
    const r = read(text);
    expect(r.intent).toBe('update_skills');
    expect(r.skills).toEqual([skill]);
    expect(read(`只要${skill}的活`).skills).toEqual([skill]);
  });

  it.each([
    ['不是个旧的就不要发了', '个旧市'],
    ['没有蒙自的活就别发', '蒙自市'],
    ['不是蒙自的就别发了', '蒙自市'],
  ])('%s: update_place %s', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('update_place');
    expect(r.places[0]?.name).toBe(place);
  });

  it.each(['不是我要的活就别发了', '不是我想做的就不用发'])('%s: a wish, not whose the number is — no stop', (text) => {
    expect(read(text).intent).not.toBe('unsubscribe');
  });

  it.each(['太远的别发', '夜班的就莫发了', '工资低的不用发'])('%s: a condition with nothing to keep — unknown, as before', (text) => {
    expect(read(text).intent).toBe('unknown');
  });
});

describe('near-misses: stops that stay stops', () => {
  it.each([
    '我不找了 别发了',
    '找到活了 不用发了',
    '以后都别发了',
    '什么都别发了',
    '没活就别发了 以后都别发了',
    '没活就别发了 我不找了',
    '不是缝纫的都不要发了 统统不要',
    '我没时间 别发了',
    '没用 别发了',
    '没事别发了',
    '没活就别发了 退订',
    // Whose the number is, or a wrong recipient: no condition on the alert (the lead, after the merge read a
    // wrong-number stop as a conditional refusal).
    '这个号不是我的 不要发了',
    '手机不是我的了 别再发',
    '不是本人的 莫发了',
    '你们发错人了 不是我的 就别发了',
    '号码不是他的 不用发了',
  ])('%s: still a stop', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).not.toBeNull();
  });
});

describe('终止, 中止: a sure stop when the service is ended or the word stands alone', () => {
  it.each(['终止', '中止', '终止吧', '请终止', '麻烦终止一下', '终止掉', '终止服务', '中止订阅', '终止订阅', '终止短信', '中止短信', '终止推送', '终止发送', '终止你们的服务', '中止发短信', '麻烦把推送终止掉'])(
    '%s: a sure stop',
    (text) => {
      const r = read(text);
      expect(r.intent).toBe('unsubscribe');
      expect(r.optOut).toBe('sure');
    },
  );

  it.each(['不要终止', '别中止我的订阅', '终止了吗', '怎么终止', '终止合同', '合同终止了', '工厂中止生产了', '终止以后还能订吗', '服务终止了吗'])('%s: no stop', (text) => {
    expect(read(text).intent).not.toBe('unsubscribe');
  });
});

describe('T 0 D: no keypad slip (0 neighbours no letter key)', () => {
  it.each(['T 0 D', 'T0D'])('%s: not read as TD', (text) => {
    expect(read(text).optOut).not.toBe('sure');
  });
});
