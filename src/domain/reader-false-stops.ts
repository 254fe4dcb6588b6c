import { findSkills } from './skills.js';

/**
 * Two kinds of text that hold a stop word and ask for the opposite (issue #14, docs/reader.md "Texts
 * that name a stop and are none"). A false opt-out silently unsubscribes a worker who wanted more
 * messages, so reader-rules.ts asks these before isOptOut. Pure, on the compact reading text.
 */

// ---------------------------------------------------------------------------------------------
// 1. An earlier stop, told, and the wish to come back: 之前说了不要发 现在又想要了 咋个弄, 上次说莫发
// 现在又要了, 我前段时间回了TD 现在想再收. The stop is the past's (a time word before it, in the same
// stretch of time); the wish is now. The last wish counts: 之前退订了 后来又订了 现在又不要了 is a stop.

// When the stop was said. 原来 and 本来 are left out: 原来的技能 is the record, not a time.
const PAST_TIME = '上次|上回|之前|以前|先前|早先|当时|那时候?|那会儿?|刚才|刚刚|头先|昨天|前天|前几天|前两天|前些天|前段时间|前一段时间?|前些日子|前阵子|前一阵子?|去年|上个?月|上个?星期|上个?礼拜|上周|那天|早上|前面';
// A later time word ends the past stretch: 之前要的 现在不要了 is a stop said now.
const NOW_TIME = '现在|如今|后来|这下|今天|目前|眼下|这会';
// The stop as it was said: every spelling of TD and the dialect refusals (莫发, 莫要了, 不消发).
const PAST_STOP =
  'td|退订|退定|退丁|退掉|退了|退出|取消|拒收|删(?:掉|了)|(?:不要|别|莫要|莫|甭|不消|不用)(?:再)?(?:给我|跟我)?(?:发|推)|不要了|莫要了|不需要了|不想(?:再)?收|不收了|停发|(?<=[说讲](?:了|过)?)(?:不要|莫要|不想要|不需要)|(?<=[回发按打](?:了|过)?(?:个)?)(?:t|r|n|0000)(?![a-z0-9])';
const PAST_STOP_RE = new RegExp(`(?:${PAST_TIME})(?:(?!${NOW_TIME})[^,.!?]){0,8}?(?:${PAST_STOP})`, 'g');
// The wish to come back, or how to (想重新要, 想再收, 又要了, 咋个恢复).
const COME_BACK_RE =
  /又想|又要(?!发|给我发|来发)|又需要|又可以|想要了|想再|再收|再要|再订|再接|想收|还想|还是想|还是要(?!发|退)|重新|从新|再次(?:订|收|接|要)|恢复|继续(?:收|发|接|要|订)|开回来|打开|开通|要回来|接着(?:收|发|要)|要收|想订|又订|现在要(?!退|取消|删)|现在想要|现在需要|又愿意/g;
// ... not a wish when negated just before it (不想再收, 不要再收, 莫想收).
const NEGATED_BEFORE_RE = /(?:不|别|莫|没|甭)(?:想|要|用|需要|再|会)?$/;
// Messages still coming, complained of (之前说了不要发 你们还发, 现在重新发来了, 继续发 什么意思): a stop,
// never a wish (重新给我发嘛 asks).
const STILL_SENT_RE =
  /(?:还|又|照样|照常|一直|老是|总是|继续|重新|接着)(?:在|是|要|来)?(?:给我|跟我)?(?:发|推)(?:了|来|过来|着|个不停)|(?:还|又|照样|照常|一直|老是|总是|咋还|怎么还|为啥还|为什么还|怎么又|咋又|咋个还|咋个又)(?:在|是|老是|一直|继续|天天|要|来)?(?:给我|跟我)?(?:发|推)(?!嘛|吧|哈|给我吧)|(?:为什么|为啥|怎么|咋个|咋)(?:还|又)(?:能|会|在|是)?(?:收到|收|接到|发)|(?:你们|你)(?:怎么|咋个|咋)?(?:还|又|一直|老是|总是)(?:要|在|是)?(?:继续)?(?:给我)?(?:发|推)(?!嘛|吧|哈|给我吧)|(?:还|又|照样|仍然|依然|一直)(?:能|会|在|是)?(?:收到|接到|收着)|发来了|发过来了|收到了|什么意思|怎么回事|搞什么|干什么|干嘛|投诉|举报|骚扰|(?<!麻)烦|骗|拉黑|屏蔽|报警|有完没完/;
// A stop said after the wish: the last one counts.
const STOP_AFTER_RE = /(?:不|别|莫|甭)(?:要|想|用|需要)?(?:了|啦|咯)$|不要了|不想要|算了|(?:不|别|莫|甭)(?:要|用)?(?:再)?(?:给我)?(?:发|推)|td|退(?!休|钱|款|货)|取消|删|拒收/;

// ... unless it only puts the sending off (这周先别发, 过完年再发): a pause, with nothing that ends for good.
const PAUSE_AFTER_RE = /先|暂时|暂停|这周|这个?星期|这个?礼拜|这几天|这两天|这段时间|这阵子|过完|过了|等|再说|再发|下个?月|下周|下个?星期|年后|忙完/;
const KIND_REFUSED_RE = /(?:不要|别|莫要|莫|甭|不用)(?:再)?(?:给我)?(?:发|推)(?!垃圾|短信|信息|消息|这种|这些|那些)[^了,.!?]{1,6}?的(?:活|工作|岗位)?/g;
const FOR_GOOD_RE = /td|退(?!休|钱|款|货)|取消|删|拒收|永远|永久|再也|以后都|算了|不想要|不要了/;

/** The text after the last wish to come back that is not negated (the past stops blanked), or null. */
function afterLastWish(told: string, wishes: readonly RegExp[]): string | null {
  let end = -1;
  for (const re of wishes) {
    for (const m of told.matchAll(re)) if (!NEGATED_BEFORE_RE.test(told.slice(0, m.index))) end = Math.max(end, m.index + m[0].length);
  }
  return end >= 0 ? told.slice(end) : null;
}

/**
 * Whether a stop stands although a wish to come back is said: 'stop' when the messages are complained
 * of as still coming (为什么还能收到) or a stop is said after the wish (之前退订了 后来又想收 现在又不要了),
 * 'pause' when what follows the wish only puts the sending off (这周先别发), null when the wish is the
 * last word. The wish is the last of COME_BACK_RE's words or of the caller's (开玩笑, 发错).
 */
export function stopStands(compact: string, alsoComeBack?: RegExp): 'stop' | 'pause' | null {
  if (STILL_SENT_RE.test(compact)) return 'stop';
  const told = compact.replace(PAST_STOP_RE, (m) => '|'.repeat(m.length));
  const rest = afterLastWish(told, [COME_BACK_RE, ...(alsoComeBack ? [new RegExp(alsoComeBack.source, 'g')] : [])]);
  // (… 现在又想要了 不要发夜班的就行: a kind refused narrows what is sent, it stops nothing.)
  if (rest === null || !STOP_AFTER_RE.test(rest.replace(KIND_REFUSED_RE, '|'))) return null;
  return PAUSE_AFTER_RE.test(rest) && !FOR_GOOD_RE.test(rest) ? 'pause' : 'stop';
}

/**
 * Whether a stop said before is told (any stop word after a time word of the past) and coming back
 * asked for; the caller asks stopStands whether a stop or a pause said after the wish still counts.
 */
export function pastStopTakenBack(compact: string): boolean {
  const told = compact.replace(PAST_STOP_RE, (m) => '|'.repeat(m.length));
  return told !== compact && afterLastWish(told, [COME_BACK_RE]) !== null;
}

// ---------------------------------------------------------------------------------------------
// 2. One skill taken off that the worker cannot do: 我不会裁剪 帮我删掉, 缝纫我不会 帮我去掉. The
// removal has no object of its own, so it is the skill's; 帮我删掉 alone, or with 号, 名字, 信息, is
// the worker taken off (a stop).

// What a removal takes off when it is the worker or the messages.
const SERVICE_OBJECT_RE =
  /号|电话|手机|短信|信息|消息|推送|通知|订阅|登记|名字|资料|账号|帐号|td|退订|拒收|把我(?!的)|删(?:掉|了|除)?我(?!的|只|会|也|还|是|现在|能|可以|想|要|就|在|不|做|干|学)|全部|统统|所有|都删|再也|永远|以后(?:都|也)|(?:不要|别|莫|甭|不用)(?:再)?(?:给我)?(?:发|推)/;
// Not able to do the work: 不会, 做不来 (搞不来, 整不来: Yunnan), 没学过.
const CANNOT = '(?:不会|不得会|没学过|做不来|搞不来|整不来|干不来|弄不来|做不了|干不了)';
// The removal, with who does it before it (帮我, 麻烦你们, 帮她) and 它 or 那个 as its object.
const REMOVAL = '(?:的|了|啊|哦|嘛|哈)*(?:你们)?(?:麻烦你?|请)?(?:帮我|给我|帮忙|帮她|帮他|帮我们|替我)?(?:把它|把这个|把那个|把这项|这个|那个|它)?(?:删掉|删了|删除|删去|删(?:一)?下|去掉|拿掉|划掉|取掉|撤掉|除掉|勾掉|取消(?:掉)?)';
// 我不会裁剪 帮我删掉, 我妈不会缝纫 帮她去掉: the skill under the negation, then the removal.
const NOT_HAD_THEN_REMOVED_RE = new RegExp(`${CANNOT}([^,.!?]{1,8})${REMOVAL}`);
// 缝纫我不会 帮我去掉, 采摘帮我去掉: after the skill word, who cannot do it, then the removal.
// (缝纫我干不了了 眼睛不好 帮我去掉: why, between the two — no other skill: 会缝纫 不会裁剪 帮我把裁剪删掉.)
const REMOVED_AFTER_SKILL_RE = new RegExp(`^(?:那个|这个|那项|这项|的活|的)?(?:我|他|她|我妈|我爸|我老公|我老婆|我媳妇)?(?:也|都|根本|确实|实在)?(?:(?:${CANNOT})(?:了|的|啊)*([^,.!?]{0,8}?))?${REMOVAL}`);

// 不会 of the future, not of ability: 我不会进厂了, 不会再去打工了 — the worker leaving work (a stop).
const WONT_RE = /^(?:再|去|出去|回|以后)|了(?:帮我|给我|你们|麻烦你?)*$|了$/;
// A kind of work named (普工, 进厂, 厂里 name work in general: 我不会去厂里了 帮我删了 is a stop).
const kinds = (text: string): boolean => findSkills(text).some((s) => s !== '普工');

/** Whether the words after a skill word (compact) take it off: 我不会 帮我去掉, 那个删了, 帮我去掉. */
export function removedAfterSkill(after: string): boolean {
  const m = REMOVED_AFTER_SKILL_RE.exec(after);
  return m !== null && (m[1] === undefined || findSkills(m[1]).length === 0);
}

/** Whether a skill the worker cannot do (or one named) is asked to be taken off, nothing else. */
export function notHadSkillRemoved(c: { compact: string; reading: string; mentions: readonly { name: string; start: number; end: number }[] }): boolean {
  if (SERVICE_OBJECT_RE.test(c.compact)) return false;
  const notHad = NOT_HAD_THEN_REMOVED_RE.exec(c.compact);
  if (notHad && !WONT_RE.test(notHad[1] as string) && kinds(notHad[1] as string)) return true;
  return c.mentions.some((m) => m.name !== '普工' && removedAfterSkill(c.reading.slice(m.end, m.end + 24).replace(/[\s\p{P}\p{S}]/gu, '')));
}
