import { describe, expect, it } from 'vitest';
import { sureStop, testReader } from '../helpers/reader.js';

// Round 36 (docs/reader.md "Round 36"): the kinds fresh34 and fresh35 showed outside the questions about an opening's
// terms, in words of our own (not the sets'); the near misses must keep their reading. Every text that is no stop is
// checked for optOut null, every stop for a sure one (or an unclear one where the text is unclear).
const read = testReader();

const reads = (text: string, intent: string): void => {
  const r = read(text);
  expect(r.intent, text).toBe(intent);
  if (intent !== 'unsubscribe') expect(r.optOut, text).toBeNull();
};

describe('reports the report reader missed', () => {
  it.each([
    '工地把我们的工资停了两个月了',
    '老板说没钱 停发工资到现在',
    '车间工资一直停发 快半年了',
    '仓库的安全出口全堆满了纸箱',
    '逃生楼梯被锁死了 出事咋个跑',
    '晚上上班把我们锁在车间里面',
    '厂里连个消防通道都没得',
    '一个礼拜干七天 从来没得加班费',
    '天天加班到十一点 加班费一分都不给',
    '招工的叫我半夜去宾馆面试 我有点怕',
    '那个老板非要我去他屋头谈工作 感觉不对头',
    '进厂要先交两百块服装费 这个正常不',
    '报名先交一百块报名费 是不是骗人的',
    '楼梯口的门拿链子锁着 起火了哪个跑得掉',
    '晚上宿舍门被反锁 我们出不来',
    '厂房里灭火器也没得',
  ])('%s: report', (text) => reads(text, 'report'));
  it.each([
    ['停工了还发工资不', 'unknown'],
    ['面试要交体检费吗', 'help'],
    ['工资停发了 不要再给我发短信了', 'unsubscribe'],
    ['我家的门锁坏了', 'unknown'],
    ['下了一夜雨 山上的路冲断了', 'unknown'],
  ])('%s keeps its reading (%s)', (text, intent) => reads(text, intent));
});

describe('how applying works, asked with no code: help', () => {
  it.each(['报名要本人到场吗', '可以叫我老公帮我报名不', '报完名以后要等几天', '报名要带户口本不 我的找不到了', '有没有个电话 我想找个人问问', '去面试要不要穿工作服', '留个你们站上的电话 我想咨询点事'])('%s', (text) =>
    reads(text, 'help'),
  );
  it.each([
    ['报名3310', 'apply'],
    ['我要报名 我会缝纫', 'subscribe'],
  ])('%s keeps its reading (%s)', (text, intent) => reads(text, intent));
});

describe('applications', () => {
  it.each([
    ['我爹说报3310 他会砌墙', '3310'],
    ['我妈叫我帮她报4021 她眼睛不好', '4021'],
    ['取消报名4410 报错了 想报的是4401', '4401'],
    ['不是5120 我要的是5102', '5102'],
    ['我是草坝的 我家姑娘过年回来 想在家门口找个活 帮她报一个3107 她叫李芬', '3107'],
  ])('%s: apply %s', (text, code) => {
    reads(text, 'apply');
    expect(read(text).code).toBe(code);
  });
  it.each([['取消报名4410', 'unknown']])('%s keeps its reading (%s)', (text, intent) => reads(text, intent));
});

describe('status', () => {
  it.each([
    ['2210报了五天了 咋个还没人联系', '2210'],
    ['不是讲好会打电话的吗 4102报了一个星期了', '4102'],
    ['我报的是3301 还是3310 想不起来了', '3301'],
  ])('%s: status, code %s', (text, code) => {
    reads(text, 'status');
    expect(read(text).code).toBe(code);
  });
  it.each(['帮我看下我订的地点对不对', '我登记的技能是哪样 我忘了'])('%s: status', (text) =>
    reads(text, 'status'),
  );
  it.each(['谁给我订的 不要了 退掉', '哪个帮我订的 为哪样天天给我发', '我没订过 谁让你们发的 别发了'])('%s stays a stop', (text) => {
    expect(read(text).intent, text).toBe('unsubscribe');
  });
  it('我没订过 alone stays an unclear stop', () => expect(read('我没订过')).toMatchObject({ intent: 'unsubscribe', optOut: 'unclear' }));
});

describe('a resumption after farm work told as done', () => {
  it.each(['苞谷掰完了 有活再发给我', '烤烟烤完了 又给我发嘛', '秧栽好了 有活路再发'])('%s: resume', (text) => reads(text, 'resume'));
  it.each(['等谷子收完了再发', '谷子还没收完 收完了再发给我', '收完烤烟再发'])('%s stays a pause', (text) => reads(text, 'pause'));
});

describe('a stop refused and the sending wanted: resume', () => {
  it.each(['我不想退订 我还要收', '没说要取消 我还想找活', '我不要取消 我还要', '别把我退了 我还在找活路'])('%s', (text) => reads(text, 'resume'));
  it.each(['我不要 取消掉', '我不要了 退订'])('%s stays a stop', sureStop);
});

describe('changes', () => {
  it('停 缝纫 改 包装: the skill change', () => {
    reads('停 缝纫 改 包装', 'update_skills');
    expect(read('停 缝纫 改 包装').skills).toContain('包装');
  });
  it('停掉木工 换成泥瓦工: the skill change', () => reads('停掉木工 换成泥瓦工', 'update_skills'));
  it('停了包装 换分拣: the skill change', () => reads('停了包装 换分拣', 'update_skills'));
  it.each([
    ['我从个旧搬回老家绿春了', '绿春'],
    ['已经搬回老家金平住了', '金平'],
  ])('%s: the place change to %s', (text, place) => {
    reads(text, 'update_place');
    expect(read(text).places[0]?.name).toContain(place);
  });
  it('停电了 改天再说 is no skill change', () => expect(read('停电了 改天再说').intent).not.toBe('update_skills'));
});

describe('skills', () => {
  it('驾驶叉车和卡车: forklift and driving', () => expect(read('我会驾驶叉车和卡车').skills).toEqual(expect.arrayContaining(['叉车', '驾驶'])));
  it('开叉车: the forklift alone', () => expect(read('我会开叉车').skills).toEqual(['叉车']));
  it('他以前看过大门: guarding', () => expect(read('帮我爸报个名 3310 他以前看过大门').skills).toContain('保安'));
  it('看过门口的通知: no guarding', () => expect(read('看过门口的通知了').skills).not.toContain('保安'));
});

describe('news of an application that took: unknown', () => {
  it.each(['报上了 后天去上班 谢谢', '录上了 下周一去报到'])('%s', (text) => reads(text, 'unknown'));
  it.each([['报上了没有', 'status']])('%s keeps its reading (%s)', (text, intent) => reads(text, intent));
});

describe('news of a job that also says the alerts are done with (lead review)', () => {
  it.each(['面试通过了 后天上班 谢谢你们 以后就不麻烦了', '录取了 下个月就去上班 以后不用给我发了'])('%s stays a stop', (text) => {
    expect(read(text).intent, text).toBe('unsubscribe');
  });
});
