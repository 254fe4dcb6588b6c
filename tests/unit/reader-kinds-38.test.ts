import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// Round 38 (docs/reader.md "Round 38: reports told as stories"; src/domain/reader-kinds-38.ts): reports told as a story of
// what happened, without 举报 or 投诉, by kind — in texts of our own, not the development set's — and the near misses that
// stay out (a question, a worry, a preference, the worker's own fault, how to complain, a stop).
const read = testReader();

const REPORTS: Record<string, string[]> = {
  'the payer gone, in dialect': ['工头溜了 工钱还欠着我们', '包工头跑求了 电话也关机', '老版跑球了 工钱一分没结', '厂门都锁起了 工资没得发了 老板人影子都不见'],
  'a promise of the post or the alert, and its contrary on going': [
    '通知上说有宿舍 到厂了根本没得住的地方',
    '短信里讲包车接送 去到了要自己打车',
    '岗位3307写的是包装 去了喊我去卸货',
    '网上说管两顿饭 进厂以后饭钱要自己出',
    '招工的说有车接 我们去了压根没得车',
    '群里讲管住 来了以后住宿要自己租',
    '视频里说是摘苹果 到了叫我们去挖地',
  ],
  'a post that was never real': ['打电话问了 人家说从来就没招过工', '到了那个地址 根本没有这个厂', '去到那里 人家说从来不招人'],
  'an old rate cut': ['以前讲好一天一百八 后来只给一百二', '本来说一斤茶叶五块 结账只算三块', '开始说一件两块 到头来只算一块二'],
  'children at work': [
    '车间里有两个小姑娘才十四岁 天天上夜班',
    '工地上有个娃才十五岁 在搬砖',
    '那几个还不满十六岁的 老板叫他们说十八',
    '老板用了几个十四岁的娃娃',
    '才十四五岁的小娃在砖厂做',
  ],
  'someone who claims to be us and asks for money': [
    '有人说他是你们的客服 叫我扫码交三百押金',
    '自称归雁工作人员 让我先转两百块才给安排',
    '冒充你们归雁的人叫我交八百块报名费',
    '说是你们平台的 要我先打五百块保证金',
  ],
  "a middleman's cut": ['工头每个人每天抽我们三十块', '中介把我们工资吃了一半', '带班的每天从我们工钱里抽二十', '被中介吃了一千块差价', '中介扣了我们三成'],
  'pay owed in initials or pinyin': ['gz tuo le liang ge yue', 'gongqian qian wo 3 ge yue le', 'gq hai mei fa', 'gongzi yizhi tuo zhe'],
  'work past sleep or rest': ['叫我们连续干 三天三夜都没得睡', '喊我一个人看机器 一夜都没得合眼', '逼我们通宵干 一天一夜都没得睡觉', '不让休息 连着干了十六个钟头'],
  'confinement and pyramid selling': ['去了才晓得是传销 天天关起来上课', '手机被收了 不让出门 天天有人看着', '被骗进了传销 出不去', '我们被锁在里头上课 手机也收了'],
  'money handed over, the taker gone': ['交了五百块中介费 现在人找不到了', '钱交了以后 电话就打不通了'],
  'protective gear withheld, harm done; pesticide': [
    '打磨不给护目镜 眼睛红了好几天',
    '喷漆没得口罩 天天头晕',
    '电焊不给面罩 眼睛痛得睁不开',
    '剪枝的手套都不发 手都划烂了',
    '刚喷过农药就叫我们进大棚干活',
    '叫我们打农药 口罩都没得',
  ],
  'a dormitory entered at night, the lock left broken': ['有男的半夜摸进女工宿舍', '宿舍门锁坏了半个月 没人修', '组长晚上闯进女工宿舍'],
  "made to pay for the employer's loss": ['机器坏了叫我赔两千', '东西被老板说有毛病退回来 料钱还要我们自己赔'],
  'no severance': ['做了十年 厂倒闭了 补偿一分都没有', '在这个厂干了六年 关门了 一分赔偿都不给'],
  'a thing promised that never came': ['说好的班车 一早上没来', '讲好的车 到现在都没来接', '答应的宿舍 到现在还没安排'],
  'work done, the money refused or not sent': ['做了五天 说我不合适 钱也不结', '钱到现在还没打过来'],
  'papers taken': ['老板把我们的身份证收起了', '老板娘把我的身份证锁在抽屉里'],
  "pay cut by the employer's word": ['老板说这个月效益不好 工资减半', '厂里又把单价降了'],
  'our own alert at fault': ['同一条岗位发了三遍给我', '你们发的短信是乱码 看不懂', '一样的招工信息 一天发了四次', '收到的都是一串问号'],
};

describe('reports told as stories, by kind', () => {
  for (const [kind, texts] of Object.entries(REPORTS)) {
    it.each(texts)(`${kind}: %s`, (text) => {
      expect(read(text).intent).toBe('report');
    });
  }
});

describe('money handed over and the worker blocked: a report, no stop', () => {
  it.each(['我转了一千过去 然后就把我拉黑了', '交了三百块押金 他就把我微信拉黑了'])('%s', (text) => {
    const r = read(text);
    expect(r.intent).toBe('report');
    expect(r.optOut).toBeNull();
  });
  it('blocking asked of us stays a stop', () => {
    expect(read('你们把我拉黑吧').intent).toBe('unsubscribe');
  });
});

describe('how to complain, with no wrong told: help', () => {
  it.each(['举报电话多少', '去哪里可以投诉老板', '怎么反映问题', '要是老板不给钱怎么办', '如果被骗了找哪个', '万一遇到黑中介该找谁'])('%s', (text) => {
    expect(read(text).intent).toBe('help');
  });
  it.each(['主管老是骂人 怎么投诉', '我要举报老板拖欠工资', '工钱被扣了一半 想问哪里能反映'])('a wrong told beside it stays a report: %s', (text) => {
    expect(read(text).intent).toBe('report');
  });
  it.each(['投诉你们的电话是多少', '再发就举报', '怎么举报你们'])('a complaint about our texts stays a stop: %s', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
});

describe('near misses stay out', () => {
  it.each([
    '这个厂会不会跑路哦',
    '听说有的中介要抽成 你们这里抽不抽',
    '中介抽几个点',
    '工头一天拿二十',
    '短信上说有宿舍 到了在哪里住',
    '你们说包车接送 几点在哪里等',
    '十五岁可以去厂里上班不',
    '厂里招十五岁的吗',
    '我儿子才十六岁 有没有适合他的活',
    '传销是什么意思',
    '交了押金以后会退吗',
    '面罩要自己带吗',
    '我自己不小心把手割了 没得事',
    '怪我自己迟到了 扣了五十',
    '工资太低 不想做了',
    '厂要倒闭了 有没有补偿',
    '以前说一天一百五 现在还是吗',
    '三天三夜没睡了 赶工 明天休息',
    '我交了话费 电话还是打不通',
    '同一个岗位能报两次吗',
    '说好的班车几点来',
    '工资减半的话我就不去了',
    '把我的身份证拿去复印了',
    '要把身份证收起来吗',
    '做了一个月 钱还没结吗',
  ])('%s', (text) => {
    expect(read(text).intent).not.toBe('report');
  });
  it('the worker\'s own fault named by the boss is still a wrong', () => {
    expect(read('手被压了 老板不管 硬说是我自己不小心').intent).toBe('report');
  });
  it.each(['天天发同样的 烦死了 别发了', '一天发好几条 烦不烦'])('the same alert again, with annoyance, stays a stop: %s', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
  it('a report that asks to stop stays a stop, the report kept', () => {
    const r = read('工头跑球了 工钱没给 TD');
    expect(r.intent).toBe('unsubscribe');
    expect(r.alsoReport).toBeDefined();
  });
});
