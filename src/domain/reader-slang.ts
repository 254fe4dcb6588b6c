/**
 * Chat slang of younger workers, put back into the words the rules know (docs/reader.md "Round 27: fresh27").
 * Applied to the reading text (message-reader.ts, after reading-text.ts's toReading), so every rule after it
 * reads the plain words; the text as sent stays on the reading as `normalized`. Pure.
 *
 * - 8 and 表 for 不 and 不要 (8 is ba, 表 is biao, 不要 run together): 8要再发了, 8用发了, 表再发了 are 不要再发了 …
 *   only before a word of sending or receiving, so a code, a wage or a time (8要报名, 8号发工资, 表格) is kept.
 * - 岗 for 岗位 after 的, 个, 份 (开叉车的岗, 有没有夜班的岗): 站岗, 上岗, 下岗 are other words and keep theirs.
 * - 有…没 for 有没有 with the work asked for between (蒙自有电子厂没, 附近有搬砖的活没): the question the rules
 *   know; 有人联系我没 (whether one was called back) has no work word and keeps its form.
 * - English words for where one lives before the place (location 蒙自, my address 个旧 …): 地址.
 * - 移除 (remove, the word of apps' menus) is 删除: 移除我的号码, 移除缝纫 read as 删除 does.
 */

// 8 or 表 where 不 or 不要 stands, before what is sent (发, 推, 收, 打扰); 不要 is what 表 contracts.
const EIGHT_FOR_NOT_RE = /(?<![0-9a-z.])8 ?(?=(要|用|想|需要)(再|在)?(给我|跟我)?(发|推|收|打扰|联系|烦)|(再|在)(给我)?(发|推)(了|啦|咯|$|\s))/g;
const BIAO_FOR_NOT_WANT_RE = /(?<=^|[\s,.!?])表(?=(再|在)?(给我)?(发|推|打扰|烦)(了|啦|咯|$|[\s,.!?]))/g;
// 岗 for 岗位 (开叉车的岗, 一个岗, 好点的岗).
const GANG_FOR_POST_RE = /(?<=[的个份])岗(?![位亭哨楼])/g;
// 有X厂没, 有活路没 → 有没有X厂: the work word ends what is asked for, 没 closes the clause.
// (Run on into a comparison, 有电子厂没跟东莞那种一样的, the 没 still closes the question; 有活没跟我说 is a statement.)
const HAVE_WORK_NOT_RE = /有((?:[^有没,.!?\s]{0,8}?)(?:厂|活|活路|工作|岗位|事做|班上|工地|车间|招工|招人))(?:没|冇)(?=$|[\s,.!?]|啊|呀|嘛|哦|嘞|(跟|和|像)[^,.!?\s]{0,8}(一样|那种|那样|差不多))/g;
// location 蒙自, my address: 个旧, new location: 草坝.
const PLACE_WORD_RE = /(?<![a-z])(?:(?:my|new|change|changed|update)\s?)?(?:location|address|adress|addr|loc)(?:\s?(?:is|to|now|:))*(?![a-z])/g;

/** The reading with younger workers' chat slang put back into plain words. */
export function fromSlang(reading: string): string {
  return reading
    .replace(EIGHT_FOR_NOT_RE, '不')
    .replace(BIAO_FOR_NOT_WANT_RE, '不要')
    .replace(GANG_FOR_POST_RE, '岗位')
    .replace(HAVE_WORK_NOT_RE, '有没有$1')
    .replace(PLACE_WORD_RE, '地址 ')
    .replace(/移除/g, '删除');
}
