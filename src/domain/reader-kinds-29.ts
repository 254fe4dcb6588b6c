/**
 * Round 29 (issue #14; docs/reader.md "Round 29: fresh25"). Kinds the blind set fresh25 showed, kept apart from the
 * shared rules so that rounds merge cleanly; reader-rules.ts asks `readKinds29` first, beside Round 27's hook.
 *
 * - stops: a threat if the sending goes on, said without 我/就 (再发报警了, 还发投诉你们): reader-rules.ts `THREAT_RE`
 *   wants 我 or 就 between, so 再发 alone was taken for a resume;
 * - pauses: no sending before a date (十月份以前不要发, 过年之前别发): the alerts are wanted after it, as
 *   十月份以后再发 already reads — not a stop (a false opt-out);
 * - status: whether the sending stopped, asked with 嘛 (好久没收到了 是不是停了嘛); one's own application and the call or word that has not come (我报的那个厂咋个还不打电话来); one's own
 *   application looked up (查下我的报名); whether the works applied to takes people, with 我…报的 before it
 *   (我上个月报的那个包装厂到底要不要人嘛) — not a works asked about now (那个厂要不要人);
 * - skills: a skill learnt or had, with "put it in" (现在会质检了 加进去, 把电焊也写进去): update_skills;
 * - reports: papers held back by the employer (身份证被收了 不还给我, 老板扣着我的身份证); food and lodging promised and
 *   not so when there (说包吃住 去了住的是猪圈一样的, 讲好管饭 结果天天吃不饱); 举报 by its initials (JB 2047);
 * - 恢复 and 暂停 typed with a character of the same shape (恢愎, 暂亭): `SHAPE_ALIKE_29_RE`, asked by message-reader.ts.
 */
import type { Intent } from './reader-types.js';
import { findSkills } from './skills.js';

/** What the hook reads: a part of reader-rules.ts's `Clues`. */
export interface Clues29 {
  compact: string;
  code: string | null;
}

// Words that ask to stop in any case: with them the text is read by the older rules.
const STOP_WORD_RE = /td|退订|拒收|注销|拉黑|删|取消|再也|永远|以后都|以后也(?:不|别|莫)/;

// 再发报警了, 还发就投诉, 再推告你们: the sending going on, and what the worker will do then, with nothing between
// but 就/可/真的 — reader-rules.ts THREAT_RE has the forms with 我/老子/的话.
const BARE_THREAT_RE =
  /(?:再|还|又|还敢|再敢)(?:给我)?(?:发|推)(?:短信|信息|消息)?(?:过来|来)?(?:就|可|真的?|马上)?(?:去|要)?(?:报警|举报|投诉|告你|告你们|打110|打12345|打12315|起诉)/;

// 十月份以前不要发, 过年之前别发, 15号前莫推: a date or an event, before it no sending.
const BEFORE_DATE = '(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:月份?|月底|月初|号|日)|过年|春节|国庆|中秋|端午|火把节|十月年|收完[^,.!?]{0,3}|农忙(?:完|过)?';
const NOT_BEFORE_RE = new RegExp(
  `(?:${BEFORE_DATE})(?:以前|之前|前)(?:都|先|就|暂时)?(?:不要|别|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推|通知)(?:了|啦|哈|嘛|吧)*$`,
);

// 我报的那个厂咋个还不打电话来, 报了名的那家怎么还没人联系: one's own application and the word that has not come.
const OWN_APPLICATION = '(?:我|我们|我家)[^,.!?]{0,8}?(?:报|报名|报过名|申请)(?:了|过)?(?:的|名的)(?:那个|那家|这个|这家)?';
const NO_WORD_YET_RE = new RegExp(
  `${OWN_APPLICATION}[^,.!?]{0,8}?(?:咋个|咋|怎么|为什么|为啥|咋还|怎么还)(?:还|都|一直)?(?:不|没|没有)(?:人)?(?:打电话|来电话|联系|通知|回话|回复|回信|叫我|喊我|给我回)`,
);
// 我上个月报的那个包装厂到底要不要人嘛: the works applied to, whether it takes people.
const TAKES_PEOPLE_RE = new RegExp(`${OWN_APPLICATION}[^,.!?]{0,8}?(?:到底|究竟|还)?(?:要不要|收不收|要没要|收没收)(?:人|我)`);
// 查下我的报名, 帮我查查申请, 看一下我报名的情况: one's own application looked up.
const LOOK_UP_RE = /^(?:帮我|麻烦|请)?(?:查|看|查询|问)(?:一下|下|查|看|一哈|哈)?(?:我|我们)(?:的|报的)?(?:报名|申请)(?:情况|结果|状态|进度|咋样了?|怎么样了?)?(?:了|呢|嘛|吧)?$/;

// 现在会质检了 加进去, 把电焊也写进去: a skill and the wish to have it put in.
const PUT_IN_RE = /(?:加|添|写|记|填|登记|放)(?:进去|进来|到里面|上去|上)(?:嘛|吧|哈|啊|一下)?$/;

// 身份证被收了 不还给我, 老板扣着我的身份证: the worker's papers held back.
const PAPERS = '(?:身份证|证件|户口本|银行卡|工资卡|毕业证|驾驶证|手机)';
const PAPERS_HELD_RE = new RegExp(
  `${PAPERS}(?:被|给)?(?:[^,.!?]{0,4})?(?:收|扣|押|拿|没收)(?:走|着|了|去)+[^]{0,12}?(?:不还|不给|不退|还不给|要不回|拿不回)|(?:扣|押|收)(?:着|了|走)(?:我的|我们的)?${PAPERS}(?:不还|不给|不放)?`,
);
// 说包吃住 去了住的是猪圈一样的: food and lodging promised, and worse when there.
const PROMISED_BOARD_RE =
  /(?:说|讲|讲好|说好|招聘写|上面写|写的)(?:的是|是|的)?(?:包吃住|包吃|包住|管吃住|管吃|管住|管饭|包饭|有宿舍)[^]{0,10}?(?:去了|到了|结果|实际|来了|去到)[^]{0,12}?(?:猪圈|牛圈|吃不饱|吃不好|没得吃|没有吃|没得住|没地方住|睡地上|睡地下|漏雨|好脏|太脏|好差|太差|自己出|自己掏|要钱|收钱)/;

// JB 2047, jubao 3106: the initials of 举报 leading the text, as DY, BM, TD lead theirs, with the opening's code or
// alone — not jb inside chat (你们发的什么jb, the vulgar word), which never leads with a code.
const REPORT_INITIALS_RE = /^(?:jb|jubao)(?:[0-9]{3,6})?$/;

// 好久没收到了 是不是停了嘛: whether the sending has stopped, asked, with the 嘛 that asks in Yunnan speech after it (the
// text without it is status already); not a wish (帮我停了嘛, 我要退订 是不是停了).
const STOPPED_ASKED_RE = /是不是(?:被|给)?(?:你们)?(?:停|退订|退掉|取消|暂停)(?:掉)?了(?:嘛|哦|啊|呀|哇)$/;
const STOP_WISH_RE = /(?:我要|我想|帮我|给我|麻烦|请)(?:退|停|取消)|(?:不要|别|莫|不用)(?:再)?(?:给我)?(?:发|推)|td/;

export function readKinds29(c: Clues29): Intent | null {
  const { compact } = c;
  if (STOPPED_ASKED_RE.test(compact) && !STOP_WISH_RE.test(compact)) return 'status';
  if (REPORT_INITIALS_RE.test(compact)) return 'report';
  if (BARE_THREAT_RE.test(compact) && !/(不|别|莫)(要)?再发/.test(compact)) return 'unsubscribe';
  if (STOP_WORD_RE.test(compact)) return null;
  if (NOT_BEFORE_RE.test(compact)) return 'pause';
  if (NO_WORD_YET_RE.test(compact) || TAKES_PEOPLE_RE.test(compact) || LOOK_UP_RE.test(compact)) return 'status';
  if (PAPERS_HELD_RE.test(compact) || PROMISED_BOARD_RE.test(compact)) return 'report';
  const putIn = PUT_IN_RE.exec(compact);
  if (putIn && !c.code && findSkills(compact.slice(0, putIn.index)).length > 0 && !/群/.test(compact)) return 'update_skills';
  return null;
}

// 恢愎, 恢腹: the 复 of 恢复 typed as a character built on it (愎, 腹, 馥, 蝮, 複), as handwriting input picks them; 暂亭
// for 暂停 likewise — the sound corrector cannot see them (message-reader.ts asks this beside Round 16's SHAPE_ALIKE).
export const SHAPE_ALIKE_29_RE = /恢[愎腹馥蝮複覆]|暂[亭婷葶]/g;
export function shapeAlike29(word: string): string {
  return word.startsWith('恢') ? '恢复' : '暂停';
}

// 我除了车衣服还会烫, 会缝纫 也会烫: 烫 alone after 会, with clothes work named beside it, is ironing (整烫) — the skill
// scanner knows 烫衣服 and 整烫, not the bare verb; not hair or a burn (会烫头发, 会烫伤, 水会烫手). Asked by message-reader.ts.
const BARE_IRON_RE = /会烫(?![头发伤手脚嘴到着死人])/;
export function withIroning29(compact: string, skills: readonly string[]): string[] {
  if (skills.includes('整烫') || !BARE_IRON_RE.test(compact)) return [...skills];
  return skills.includes('缝纫') || /衣服|衣裳|裤子|服装/.test(compact) ? [...skills, '整烫'] : [...skills];
}
