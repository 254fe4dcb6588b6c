import { beforeAll, describe, expect, it } from 'vitest';
import { PERTURBATIONS } from '../../scripts/reader-perturbations.js';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

// Issue #14 (docs/reader.md "Texts that name a stop and are none"): two kinds of text held a stop word
// and were read as sure opt-outs, silently unsubscribing a worker who asked for the opposite. The
// texts below are our own, of every style (dialect 莫/不要/莫要/甭/不消, typos, spaces, voice run-ons,
// relatives); none comes from an evaluation set.
let read: (text: string) => ReadMessage;
beforeAll(() => {
  read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
});

// Each text as written, and changed the way people change texts (no punctuation, commas, a space
// between every character, thanks or a greeting around it): never a sure opt-out.
const ways = (text: string): string[] => [text, ...PERTURBATIONS.map((p) => p.apply(text))];

// 1. An earlier stop told, and coming back asked for, or how to.
const COMING_BACK = [
  '之前说了不要发，现在又想要了，咋个弄',
  '上次说莫发 现在又要了',
  '以前退订了 现在想重新要',
  '我前段时间回了TD 现在想再收',
  '之前说莫要发了 现在又想要了 咋个整',
  '上回我讲了不要发 这下又想收了',
  '前几天回了退订 现在后悔了 想重新收',
  '我之前发了T 现在还想收招工信息',
  '去年说了别发了 今年又要出去打工了 咋个重新订',
  '之前说了甭发了 现在想再收 咋个搞',
  '上个月说了不消发了 现在又要找活了 重新给我发嘛',
  '前阵子叫你们别发了 这下又想收了 可以不',
  '前面说了不要 现在想要了',
  '以前说不要发是因为忙 现在闲了 又可以发了',
  '上次拒收了 现在想收',
  '之前回复了退订 现在又想订阅了',
  '之前不要发的 现在又要了 帮我恢复一下',
  '之前说不要发 现在能继续发吗',
  '之前退订了 现在又想收到',
  '之前说了不要发 现在又想要了 不要发夜班的就行',
  '现在又想要了 之前说不要发的 你们继续发嘛',
  '我之前跟你们说不要发了，现在家里的事忙完了，又想出去做活了，还能重新发给我不',
  // voice run-ons, spaces, typos (退定, 从新, 有 for 又)
  '之前说了不要发现在又想要了咋个弄',
  '上次说莫发现在又要了',
  '上 次 说 莫 发 现 在 又 要 了',
  '以 前 退 订 了 现 在 想 重 新 要',
  '以前退定了 现在想从新要',
  '上次说莫发了 现在有想要了',
  '前段时间回了td 现在想再收',
  // relatives
  '我妈之前说不要发了 现在她又想要了',
  '上次我老公帮我回了TD 现在我又想收了',
  '我爸前几天说莫发 现在他又想要了 咋个弄',
];

// ... but the last wish counts, and messages complained of as still coming are a stop.
const STILL_A_STOP = [
  '之前要的 现在不要了 别发了',
  '之前退订了 后来又订了 现在又不要了',
  '之前退订了 后来又想收 现在又不要了 退订',
  '上次退订了 现在又想要了 算了还是不要了',
  '之前说了不要发 现在也不要',
  '之前说了不要发 我现在不想再收了',
  '上次说了不要发 你们还发',
  '之前说了莫发 怎么又发了',
  '以前就说了不要发了 还要发 烦死了',
  '上次说了莫发 现在又要发 烦不烦',
  '以前说了不要发 你们又要发给我',
  '上次说了不要发 现在继续发 什么意思',
  '之前说了不要发 现在重新发来了',
  '前两天说了不要发 结果又发来了',
  '之前说别发 现在又发了 赶紧退订',
  '之前说了不要发 再发我就投诉了',
  '之前说了不要发 我要重新说一遍 不要发',
  '我都说了不要了',
  '前几天退订了 现在还在发',
  '之前说不要发 你们又要继续发吗',
  '之前退订了 重新订的那个也退掉',
  '昨天说了不要发 今天又收到 你们是不是想再发',
  '前几天说了莫发 这两天又收到几条',
  '以前订过 现在不需要了 不要发了',
];

describe('an earlier stop told, and the wish to come back', () => {
  it.each(COMING_BACK)('%s: a resume or a new subscription, never a stop', (text) => {
    const r = read(text);
    expect(['resume', 'subscribe']).toContain(r.intent);
    expect(r.optOut).toBeNull();
  });

  it.each(COMING_BACK.flatMap(ways))('%s: never a sure opt-out, however typed', (text) => {
    expect(read(text).optOut).not.toBe('sure');
  });

  it.each(STILL_A_STOP)('%s: still a stop', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });

  it.each(['以前退订了 现在又想要了 不过这周先别发', '之前说了莫发 现在又想要了 过完年再发'])('%s: the sending put off after the wish, a pause', (text) => {
    expect(read(text).intent).toBe('pause');
  });
});

// 2. One skill taken off that the worker cannot do (or named alone): a change of skills, whose skills
// are those kept (none named: the worker is shown the menu), never the one taken off.
const SKILL_TAKEN_OFF: [string, string[], string[]][] = [
  ['我不会裁剪，帮我删掉', [], ['裁剪']],
  ['缝纫我不会 帮我去掉', [], ['缝纫']],
  ['编织那个删了 我只会包装', ['包装'], ['编织']],
  ['把采摘去掉', [], ['采摘']],
  ['我不会裁剪 帮我删掉 我只会缝纫', ['缝纫'], ['裁剪']],
  ['裁剪我搞不来 麻烦帮我去掉', [], ['裁剪']],
  ['电焊我整不来 帮我拿掉', [], ['焊工']],
  ['我做不来编织 你们帮我删了吧', [], ['编织']],
  ['编织我不得会 帮我删了', [], ['编织']],
  ['我没学过裁剪 帮我删掉', [], ['裁剪']],
  ['采摘帮我去掉', [], ['采摘']],
  ['帮我把采摘删掉', [], ['采摘']],
  ['把采摘那项划掉 只要包装', ['包装'], ['采摘']],
  ['我只会包装 编织不会 帮我去掉编织', ['包装'], ['编织']],
  ['会缝纫 不会裁剪 帮我把裁剪删掉', ['缝纫'], ['裁剪']],
  ['那个包装的我不会 麻烦删一下', [], ['包装']],
  ['我不会裁剪 帮我取消', [], ['裁剪']],
  ['裁剪不会 取消掉', [], ['裁剪']],
  ['缝纫我干不了了 眼睛不好 帮我去掉', [], ['缝纫']],
  ['我不会裁剪 你们把它删了', [], ['裁剪']],
  ['我不会裁剪 帮我删掉 谢谢', [], ['裁剪']],
  ['那个裁剪我不会的 给我删了嘛', [], ['裁剪']],
  // voice run-ons, spaces, typos (逢纫 for 缝纫, 踩摘 for 采摘)
  ['我不会裁剪帮我删掉', [], ['裁剪']],
  ['缝纫我不会帮我去掉嘛我只会包装', ['包装'], ['缝纫']],
  ['我 不 会 裁 剪 帮 我 删 掉', [], ['裁剪']],
  ['逢纫我不会 帮我去掉', [], ['缝纫']],
  ['把踩摘去掉', [], ['采摘']],
  // relatives
  ['我妈不会缝纫 帮她删掉', [], ['缝纫']],
  ['我老公不会开叉车 把叉车那个去掉', [], ['叉车']],
  ['帮我爸把电焊删了 他不会', [], ['焊工']],
];

// The worker (or the number, the name, the details) taken off, or the service not understood: a stop.
const REMOVAL_STOPS = [
  '帮我删掉',
  '把我删掉',
  '帮我把号删掉',
  '把我的名字删掉',
  '把我的信息删了',
  '删掉我',
  '帮我删了吧 我不会',
  '不会弄 帮我删了',
  '我不会用 帮我删掉',
  '我不会弄这个 帮我删掉',
  '我老了 不会 帮我删掉',
  '我看不懂 帮我删掉',
  '我不会打字 帮我删掉',
  '我不打工了 帮我删掉',
  '我不会裁剪 把我删了吧',
  '缝纫我不会 帮我把号码删掉',
  '我不会裁剪 帮我删掉 别再发了',
  // 不会 of the future (won't), or work in general: the worker leaving.
  '我不会进厂了 帮我删掉',
  '我不会去厂里了 帮我删了',
  '不会再去打工了 帮我删掉',
  '我不会种地了 帮我删掉',
  '普工我不会 帮我删掉',
  '不想做缝纫了 也不想找工作了 帮我删掉',
];

describe('one skill the worker cannot do, taken off', () => {
  it.each(SKILL_TAKEN_OFF)('%s: a change of skills, keeping %j', (text, kept, removed) => {
    const r = read(text);
    expect(r.intent).toBe('update_skills');
    expect(r.optOut).toBeNull();
    for (const s of kept) expect(r.skills).toContain(s);
    for (const s of removed) expect(r.skills).not.toContain(s);
  });

  it.each(SKILL_TAKEN_OFF.flatMap(([text]) => ways(text)))('%s: never a sure opt-out, however typed', (text) => {
    expect(read(text).optOut).not.toBe('sure');
  });

  it('follows 取消裁剪 只留缝纫 (a skill taken off, the one kept read)', () => {
    expect(read('取消裁剪 只留缝纫')).toMatchObject({ intent: 'update_skills', skills: ['缝纫'] });
  });

  it.each(REMOVAL_STOPS)('%s: still a sure opt-out', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });
});
