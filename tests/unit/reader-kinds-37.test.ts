import { describe, expect, it } from 'vitest';
import { noStop, sureStop, unclearStop, testReader } from '../helpers/reader.js';

// Round 37 (docs/reader.md "Round 37: the third red team"): the kinds the third red team's dev half showed, in words of our
// own (not the set's); the near misses must keep their reading. Every text that is no stop is checked for optOut null,
// every stop for a sure one, or an unclear one (alerts stop at once and the bot asks) where the stop is only implied.
const read = testReader();

describe('a threat said on the condition that the sending does not stop: a sure stop', () => {
  it.each(['不给我退订我就去投诉', '再不停我就打12315', '还不取消 我就去报警', '你们要是不停掉 我明天就去工信部投诉', '再不给我停 马上打12345'])('%s', sureStop);
  it.each([
    ['老板不退押金我就报警', 'report'],
    ['不给工资我就去劳动局告他', 'report'],
  ])('%s (an employer threatened) is no stop', (text, intent) => noStop(text, intent));
});

describe('an angry question whether it can stop, the messages named: a sure stop', () => {
  it.each(['你们这些骚扰短信能不能停', '垃圾信息可不可以停掉'])('%s', sureStop);
  it('能不能停一个月 stays a pause', () => noStop('能不能停一个月', 'pause'));
});

describe('a stop asked for a relative: a sure stop', () => {
  it.each(['帮我爹退一下 他眼睛不好', '替我外婆停掉 她九十了', '给我老妈退了吧 她用不来'])('%s', sureStop);
  it.each(['帮我妈退押金', '替我哥取消一下报名'])('%s (what is returned or cancelled named) is no stop', (text) => noStop(text));
});

describe('the staff told to do it themselves: a sure stop', () => {
  it.each(['你们直接给我退了', '不晓得回哪样 你们干脆帮我取消掉'])('%s', sureStop);
  it('你直接帮我退押金 is no stop', () => noStop('你直接帮我退押金'));
});

describe('a changed life: sure with the stop said, unclear alone', () => {
  it.each(['考上编制了 这个就取消吧', '回学校上学了 用不上了', '跟厂里签了五年的合同 用不上了'])('%s', sureStop);
  it.each(['我去当兵了', '考上大学了', '自己开了个馆子 不出来了'])('%s', unclearStop);
  it.each([
    ['考上大学了 暑假想打工 有没有', 'list_jobs'],
    ['退休了 还能干保安不', 'list_jobs'],
  ])('%s (work asked) is no stop', (text, intent) => noStop(text, intent));
});

describe('取消 cut short to 取: unclear alone, sure with a no-use reason', () => {
  it.each(['取了吧', '帮我取掉'])('%s', unclearStop);
  it.each(['没得用 给我取掉', '用不着帮我取了'])('%s', sureStop);
  it.each(['取钱了没', '取快递', '1240那个我不去了 帮我取消掉'])('%s is no stop', (text) => noStop(text));
});

describe("don't call on me any more (莫喊我了): unclear, sure with 以后", () => {
  it.each(['莫喊我了', '别叫我了 我不想去'])('%s', unclearStop);
  it.each(['以后莫喊我了'])('%s', sureStop);
  it('one opening refused (这个活莫喊我了 太远) is no stop', () => noStop('这个活莫喊我了 太远'));
  it('a time said (莫喊我了 下个月再说) is a pause', () => noStop('莫喊我了 下个月再说', 'pause'));
});

describe("a number whose owner died or that changed hands: unclear", () => {
  it.each(['这是我外公生前的号', '我爸去年过世了 这个是他的号', '这个号早就卖了', '卡是我刚办的 前面是谁的不晓得'])('%s', unclearStop);
  it.each(['我爸去世了 我来接着找活', '我换号了 新号是13912345678'])('%s is no stop', (text) => noStop(text));
});

describe('a phone kept for someone who does no work: unclear', () => {
  it.each(['这个手机是给我奶奶打电话用的 她又不干活'])('%s', unclearStop);
  it.each([
    ['我老婆不识字 短信我念给她听', 'unknown'],
    ['你们发的信息我帮我妈看', 'unknown'],
  ])('%s (someone reads them for her) is no stop', (text, intent) => noStop(text, intent));
});

describe('giving up, enough, thumbs down: unclear', () => {
  it.each(['算了 不弄了', '老喽 没人要 不看了', '懒得看了', '够了', '👎👎', '唉反正没人要我不搞了'])('%s', unclearStop);
  it.each([
    ['这个不看了 有没有别的', 'list_jobs'],
    ['不看了 直接打电话给我', undefined],
  ])('%s is no stop', (text, intent) => noStop(text, intent));
});

describe('work found and more work asked: the list', () => {
  it.each(['找到活了 不过还想找个晚上做的', '进厂了 但是还想找点周末的活'])('%s', (text) => noStop(text, 'list_jobs'));
  it('找到活了 不用发了 stays a stop', () => expect(read('找到活了 不用发了').intent).toBe('unsubscribe'));
});

describe('near misses read as what they ask', () => {
  it.each([
    ['把押金退给我 交了300没去成', 'report'],
    ['去了那个厂 关着门 一个人都没有', 'report'],
    ['绣好的鞋垫交回去了 工钱还没给', 'report'],
    ['我不做保洁了 做缝纫', 'update_skills'],
    ['不要远的 离建水近点的就行', 'update_place'],
    ['上回说了不要 现在又想要了 能重新订吗', 'subscribe'],
    ['之前讲了不要 现在后悔了 还可以订不', 'subscribe'],
    ['前几天说了不要了 现在后悔了 还能订吗', 'subscribe'],
    ['上回讲不要了 又后悔了 还能再订吗', 'subscribe'],
    ['前些天退订了 想通了 还能订上不', 'subscribe'],
    ['厂里不要我了 帮我再找个', 'list_jobs'],
    ['不要晚班的', 'subscribe'],
    ['关于押金的事', 'help'],
    ['发来的短信全是方块', 'report'],
    ['停电了 手机快没电了', 'unknown'],
    ['先停两个月', 'pause'],
    ['别的厂有没有', 'list_jobs'],
  ])('%s: %s', (text, intent) => noStop(text, intent));
  it('a plea not to be lied to before a question (别骗我 真的包吃住吗) is no report', () => {
    expect(read('别骗我 真的包吃住吗').intent).not.toBe('report');
    noStop('别骗我 真的包吃住吗');
  });
  it('我不做保洁了 改做缝纫 keeps the new kind alone', () => expect(read('我不做保洁了 改做缝纫').skills).toEqual(['缝纫']));
  it('你们是骗子 别骗我了 不要发了 stays a stop', () => sureStop('你们是骗子 别骗我了 不要发了'));
});

describe('a changed life with work asked for is no stop (lead review)', () => {
  it.each(['我退休了 还有活做不', '当兵回来了 有活路没得', '开了个小卖部 还有工作介绍不'])('%s', (text) => {
    const r = read(text);
    expect(r.intent, text).not.toBe('unsubscribe');
    expect(r.optOut).toBeNull();
  });
});

describe('the sending mocked with a rhetorical question is an unclear stop (lead review)', () => {
  it.each(['一天发好几条有意思吗', '老是推这些 烦不烦', '整天发整天发 有啥意思'])('%s', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'unclear' });
  });
  it.each(['每天发的那些活有意思吗 我想去看看', '天天发的活有没有近点的'])('%s is no stop', (text) => {
    expect(read(text).intent, text).not.toBe('unsubscribe');
  });
});

describe('研究生 is no skill (lead review)', () => {
  it.each(['我考上研究生了', '研究生毕业了 想在红河找工作'])('%s', (text) => {
    expect(read(text).skills, text).not.toContain('烤烟');
  });
});
