import { describe, expect, it } from 'vitest';
import { testReader } from '../helpers/reader.js';

// The kinds a twenty-sixth blind set found (docs/reader.md "Round 26: fresh26"), each tested in words of our own:
// none of these texts is in the set.
const read = testReader();

describe('stops: the number unbound, the service ended', () => {
  it.each(['解绑', '帮我解绑一下', '把我的号码解绑了吧', '解除绑定 谢谢', '终止服务', '你们的服务给我结束掉', '服务停用吧', '这个服务我不用了 不要你们的服务了', '关了吧', '你们关掉嘛'])('%s: a sure stop', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('sure');
  });

  it.each(['解绑银行卡怎么弄', '怎么解绑', '服务什么时候结束', '不要结束服务 我还要找活', '关了没有', '厂关了吧'])('%s: no sure stop', (text) => {
    expect(read(text).optOut).not.toBe('sure');
  });

  it.each(['这个号换人用了', '号码换主人了', '这个号码现在别人在用'])('%s: the number passed on, an unclear stop', (text) => {
    const r = read(text);
    expect(r.intent).toBe('unsubscribe');
    expect(r.optOut).toBe('unclear');
  });
});

describe('sign-ups: "when there is work, tell me", and the worker\'s own terms', () => {
  it.each([
    '会砌墙 住开远 有活路通知一声',
    '我爸会开拖拉机 石屏的 有合适的活跟我讲一下',
    '我想订一个 有啥子活都给我说一声 住蒙自',
    '会保洁 五十多了 收的话喊我一声 个旧',
    '会煮饭 要人的话就通知我 住建水',
    '不挑活 给钱就干 住在弥勒',
    '啥都不嫌累 有活就去 我在开远',
    '看门守夜的活 七十岁要不要 要就通知我 开远',
    '有活了发个短信给我 会开车',
    '有活了打个电话给我',
    '有工作了给我发个短信',
    '有了活就发给我',
    '招人了发个消息给我',
  ])('%s: subscribe', (text) => {
    expect(read(text).intent).toBe('subscribe');
  });

  it.each([
    ['今天有没有活 发给我看一下', 'list_jobs'],
    ['有什么活 说一下', 'list_jobs'],
    ['要不要人 不要就算了', 'list_jobs'],
    ['有活路通知一声 不然就退订', 'unsubscribe'],
  ])('%s: %s, no standing sign-up', (text, want) => {
    expect(read(text).intent).toBe(want);
  });
});

it('我要了 给我发: 要了 of the worker, no standing sign-up by this rule', () => {
  expect(read('我要了 给我发').source).not.toBe('rule');
});

describe('lists: where the work is asked last, a works still hiring, other kinds', () => {
  it.each(['我找工作 哪点有', '活路在哪里才有', '打零工 哪儿有', '草坝那边的厂还招不招人', '那家工厂还缺不缺人', '其他工种还有没有 除了搬砖', '别的活还有吗 除了采摘', '工作 哪儿 有 蒙自', '除了搬运 还有哪样活', '除了采茶以外 还有什么工作'])('%s: list_jobs', (text) => {
    expect(read(text).intent).toBe('list_jobs');
  });

  it.each(['倒闭的那个厂还要不要人'])('%s: a works in the news, no list', (text) => {
    expect(read(text).intent).not.toBe('list_jobs');
  });
});

describe('status: an application\'s outcome by its code, one\'s own pause and record', () => {
  it.each(['3105那个有结果没', '报名2208的 有回音没得', '我暂停到几号', '我的暂停什么时候结束', '我的工种登记的是哪些', '我登记的地址写的是什么', '我那个暂停还有几天'])('%s: status', (text) => {
    expect(read(text).intent).toBe('status');
  });

  it.each([
    ['我报的那个厂 到底收不收我嘛 你们帮我问问', 'status'],
    ['前天报了那个名 成了没有 帮我催一下', 'status'],
    ['我报了名 到底要我不 你们帮我问问嘛', 'status'],
    ['我家那个报的厂 要不要他 你们问一下', 'status'],
    ['报了3305 有消息没 帮我催催', 'status'],
    ['我想报那个 帮我问一下', 'apply'],
  ])('%s: the fate asked, "ask them for me" after it', (text, want) => {
    expect(read(text).intent).toBe(want);
  });

  it.each([
    ['暂停到下个月', 'pause'],
    ['3105那个包住吗', null],
  ])('%s: no status', (text, want) => {
    const r = read(text);
    if (want) expect(r.intent).toBe(want);
    else expect(r.intent).not.toBe('status');
  });
});

describe('resumes: a pause asked before, the sending wanted now', () => {
  it.each(['之前叫你们先别发 现在又要了', '上次让你们暂停 现在可以发了', '前几天喊你们停一下 现在想收了'])('%s: resume', (text) => {
    expect(read(text).intent).toBe('resume');
  });

  it.each(['上次叫你们停 现在还在发 退订'])('%s: still a stop', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });
});

describe('changes: 添 a skill, 技术 changed, a move told', () => {
  it.each([
    ['再添一个煮饭', ['厨师']],
    ['帮我添上电焊', ['焊工']],
    ['技术换成保洁', ['保洁']],
    ['手艺改成开叉车', ['叉车']],
  ])('%s: update_skills', (text, skills) => {
    const r = read(text);
    expect(r.intent).toBe('update_skills');
    for (const s of skills) expect(r.skills).toContain(s);
  });

  it.each([
    ['我们搬了 开远', '开远'],
    ['我家搬走了 现在 个旧', '个旧'],
    ['我住石屏了 以前是建水', '石屏'],
    ['我们村搬迁了 新地方叫大屯', '大屯'],
    ['易地搬迁到新安所了', '新安所'],
  ])('%s: update_place', (text, place) => {
    const r = read(text);
    expect(r.intent).toBe('update_place');
    expect(r.places[0]?.name ?? '').toContain(place);
  });

  it.each(['搬了一天砖 蒙自'])('%s: work, no move', (text) => {
    expect(read(text).intent).not.toBe('update_place');
  });
});

describe('help: which words to send', () => {
  it.each(['找工作要回哪几个字', '订阅该发什么字'])('%s: help', (text) => {
    expect(read(text).intent).toBe('help');
  });
});

describe('reports: money held back pleaded against, pieces underpaid, other work than the post said', () => {
  it.each([
    '凭什么扣我工钱 我又没迟到',
    '不要扣我的押金嘛 我没弄坏东西',
    '摘了80斤 老板只算50斤',
    '绣了20双鞋垫 只给了12双的钱',
    '说的是包装 去了叫我们扛水泥',
    '招聘写的是采茶 到了那边让我们挖地',
    '背了50筐 只记了30筐',
    '说是进厂包装 去了叫我们去工地搬砖',
    '招的是保洁 去了要我们上夜班',
    '做了十天 只算七天',
    '你们帮我要一下工钱嘛 老板躲着我',
    '帮我问问老板 工钱什么时候给 都两个月了',
    '我妈在地里摔伤了 老板不认账',
  ])('%s: a report', (text) => {
    expect(read(text).intent).toBe('report');
  });

  it.each(['押金会不会扣', '招的是摘芒果 去了要带什么吗', '摘80斤能给多少钱', '摘了50斤 才给了50斤的钱', '做了十五天 只算了十五天', '老板躲雨去了', '工钱什么时候给', '说是摘芒果 去了要我们做'])('%s: asked, no report', (text) => {
    expect(read(text).intent).not.toBe('report');
  });
});

describe('skills: produce ripe for picking, small parts assembled', () => {
  it.each([
    ['石榴该摘了 要人不', '采摘'],
    ['芒果快摘了 招人吗', '采摘'],
    ['在家拼小配件的活有没有', '组装'],
  ])('%s: %s', (text, skill) => {
    expect(read(text).skills).toContain(skill);
  });

  it.each(['葡萄要摘完了', '芒果快摘好了'])('%s: the picking over, no skill', (text) => {
    expect(read(text).skills).not.toContain('采摘');
  });
});

describe('codes: numerals and characters mixed', () => {
  it.each([
    ['报2零4一', '2041'],
    ['bm 3一0五', '3105'],
    ['报名 七2零8', '7208'],
    ['报 1 一 0 二', '1102'],
  ])('%s: %s', (text, code) => {
    expect(read(text).code).toBe(code);
  });

  it('1 2 3 4, numerals alone typed apart, stays a menu answer', () => {
    expect(read('1 2 3 4').code).toBeNull();
  });

  it.each(['干了3一5天', '电话1三8'])('%s: no code', (text) => {
    expect(read(text).code).toBeNull();
  });

  it.each(['麻烦0000一下', '0000一下嘛'])('%s: the stop, 一下 no digit', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });

  it('1003一起报 keeps the code', () => {
    expect(read('1003一起报').code).toBe('1003');
  });
});

describe('skills given up beside the new one', () => {
  it.each([
    ['做不成绣花了 改成保洁', ['保洁'], '刺绣'],
    ['干不来砌墙了 改成看门', ['保安'], '泥瓦工'],
    ['我爸不砌墙了 腰不好 改成看大门', ['保安'], '泥瓦工'],
  ])('%s: %s kept', (text, kept, dropped) => {
    const r = read(text);
    expect(r.intent).toBe('update_skills');
    for (const s of kept) expect(r.skills).toContain(s);
    expect(r.skills).not.toContain(dropped);
  });

  it.each([['会绣花 不砌墙 住蒙自', '刺绣']])('%s: a bare 不 without 了 keeps the others', (text, skill) => {
    expect(read(text).skills).toContain(skill);
  });
});

describe('都会做 of the people with the work named after it', () => {
  it.each([
    ['她们都会做米线', '食品加工'],
    ['几个妇女都能做豆腐 住元阳', '食品加工'],
  ])('%s: %s alone, no 普工', (text, skill) => {
    const r = read(text);
    expect(r.skills).toContain(skill);
    expect(r.skills).not.toContain('普工');
  });

  it.each(['我都会做', '哪样活都会做 住蒙自'])('%s: any work, 普工', (text) => {
    expect(read(text).skills).toContain('普工');
  });
});
