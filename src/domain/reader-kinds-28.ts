/**
 * Round 28 (issue #14; docs/reader.md "Round 28: conditional refusals and 终止"). Two families, kept apart from the
 * shared rules so that rounds merge cleanly; reader-rules.ts asks `readEarly28` before the phrasings it would
 * otherwise misread, reader-opt-out.ts asks `isTerminated`, and message-reader.ts `keptUnderCondition` for the
 * skills of a change read here.
 *
 * 1. A refusal limited by a condition on the alert (没活就别发了, 没有合适的就不用发, 不是缝纫的活就别发了): guiyan
 *    sends an alert only when an opening matches the worker (src/domain/matching.ts `evaluate`), so "when there is none, send none"
 *    asks for what already happens — no stop. The condition names a skill (不是缝纫的就别发: only that skill, as
 *    只要缝纫的活 reads), a place (不是蒙自的就别发: only there) or nothing (没活就别发了: unknown; subscribe when
 *    the text also asks to be told when there is work, 有活再通知我).
 * 2. 终止 and 中止 (terminate): a stop when their object is the service, the subscription or the messages, or when
 *    the word stands alone as a command (终止, 请中止吧); 终止合同 and questions about it are left.
 */
import type { Intent } from './reader-types.js';
import { findSkills } from './skills.js';

/** What the hooks read: a part of reader-rules.ts's `Clues`. */
export interface Clues28 {
  compact: string;
  reading: string;
  code: string | null;
  placesIn?: (part: string) => boolean;
}

// ---------------------------------------------------------------------------------------------
// 1. Conditional refusals.

// The refusal of sending, closing its clause: 就别发了, 不用发, 莫推了, 那就不要通知了.
const REFUSAL = '(?:那就|就|那|你们|也|都)*(?:别|莫|莫要|不要|不用|甭|不消得|不消|不必|勿|不需要)(?:再)?(?:给我|跟我)?(?:发|推|推送|通知|打扰|发给我|发信息|发短信)(?:来|过来|给我)?(?:了|啦|咯|吧|嘛|啊|哈|哦|噢|喔|嘞)*';
// The refusal ends its clause (the text is compact, its separators gone): the end, or what opens another clause —
// not a kind refused after it (没活就别发夜班的).
const CLAUSE_END = '(?=$|有|我|等|你|谢|再|那|但|不过|只|要|如果|现在|以后)';
// What may close the condition before the refusal: 的话, 了, 的时候, then 就/那就.
const COND_TAIL = '(?:的话|了|的时候|时|呢)?(?:的话)?';
// "When there is none": 没活, 没有合适的, 没得活路, 冇工作 — optionally what is missing named (没有缝纫的活).
const NONE_RE = new RegExp(`(?<![有还])(?:要是|如果|假如)?(?:没有|没得|莫得|没|冇|无)(?:有)?([^,.!?\\s没]{0,8}?)(?:的)?(?:活|活路|活计|工作|事做|岗位|零工|单子)?${COND_TAIL}(?=${REFUSAL}${CLAUSE_END})`, 'u');
// "When it is not fit" or "not X": 不合适的, 不对口的活, 不是缝纫的活, 不是蒙自的.
const NOT_FIT_RE = new RegExp(`(?<![是要])(?:要是|如果|假如)?(?:(不合适|不适合|不对口|不中意|不好|看不上)(?:我|我们)?|不是([^,.!?\\s]{1,8}?))的(?:活|活路|活计|工作|岗位|零工|信息|短信)?${COND_TAIL}(?=${REFUSAL}${CLAUSE_END})`, 'u');
// Words that leave nothing unnamed: a condition about whether there is a fit one (合适, 好) names no skill.
const FIT_WORDS_RE = /^(合适|适合|对口|好|中意|好的|合适的|满意|相应|对应|需要)?$|^我(想|要|能|会)?(要|做|干)?$/;
// A stop said beside the condition: the stop words, permanence, everything refused, work given up or found.
const STOP_BESIDE_RE = /(这个?|此|该)(手机)?(号|号码|手机|电话)|发错|错人|打错|td|退订|退出|拒收|取消|删|注销|拉黑|屏蔽|永久|永远|再也|以后都|以后也|从今|今后|什么都|啥都|哪样都|统统|全部|一律|所有|都不要|不(再)?(找|干|做|打)(工作|活|活路|工)?了|不需要(工作|找工作)|找到|有(工作|活|活路)了(?!再|就|才|[^,.!?]{0,3}(通知|告诉|喊|叫|发|说|联系))|烦|骚扰|没用|没意思|没兴趣|不想|不需要/;
// "Tell me when there is work": 有活再通知我, 有活了再发, 有合适的再发, 有工作就告诉我.
const ASK_WHEN_THERE_IS_RE = /(?<![没冇不])有(了)?((合适|适合|对口|好)的?(活|活路|工作|岗位)?|(活|活路|工作|事做|岗位|零工))(了)?(的话|的时候)?(就|再|才)?(给我|跟我)?(发|推|通知|告诉|喊|叫|联系|说)/;

// The owner of the number (不是我的, 不是他的): 不是我要的 names a wish, and stays a condition.
const OWNER_RE = /^(我|我们|本人|俺|他|她|他们|她们|我家|我本人)$/;

interface ConditionalRefusal {
  /** What the condition names: the missing or required kind, '' for none. */
  named: string;
  /** The text with the condition and its refusal taken out. */
  rest: string;
  /** Whether the condition is about work (没活, 没合适的, 不对口的): 没事 alone is none. */
  work: boolean;
}

function conditionalRefusal(compact: string): ConditionalRefusal | null {
  const none = NONE_RE.exec(compact);
  const m = none ?? NOT_FIT_RE.exec(compact);
  if (!m) return null;
  // NOT_FIT_RE's second group is the X of 不是X的; NONE_RE's first the X of 没有X的 (its first is 不合适 …).
  // 这号不是我的 别发了, 不是本人的: whose the number is, not a condition on the alert — a wrong number is a stop.
  if (m[2] !== undefined && OWNER_RE.test(m[2])) return null;
  const named = m[2] ?? (m[1] !== undefined && !m[1].startsWith('不') ? m[1] : '');
  const after = compact.slice(m.index + m[0].length).replace(new RegExp(`^${REFUSAL}`, 'u'), '');
  // (不是X的, 不合适的 is always about what is sent.)
  const work = none === null || /活|工作|事做|岗位|零工|单子|合适|适合|对口|中意|好/.test(m[0]);
  return { named: FIT_WORDS_RE.test(named) ? '' : named, rest: compact.slice(0, m.index) + '|' + after, work };
}

/**
 * A refusal limited by a condition on the alert: update_skills (the skill named kept), update_place (the place named),
 * subscribe (有活再通知我 beside it) or unknown; null when the text is no such refusal or a stop is said beside it.
 */
export function readConditionalRefusal(c: Clues28): Intent | null {
  const { compact } = c;
  if (c.code !== null || STOP_BESIDE_RE.test(compact)) return null;
  const found = conditionalRefusal(compact);
  if (!found) return null;
  // 没活就别发了 不要再发了: another refusal in the rest, with no condition of its own, is a stop.
  const rest = found.rest.replace(ASK_WHEN_THERE_IS_RE, '|');
  if (/(别|莫|不要|不用|甭|不消|勿)(再)?(给我)?(发|推|通知|打扰)/.test(rest) && !conditionalRefusal(rest.replace(/^\|/, ''))) return null;
  if (found.named !== '') {
    if (skillsIn(found.named).length > 0) return 'update_skills';
    if (c.placesIn?.(found.named)) return 'update_place';
    // 太远的, 夜班的 are read by reader-rules.ts's refusedBefore; 没时间 别发了, 没用 别发了 give a reason to stop,
    // not a condition on the alert.
    return null;
  }
  // 有合适的再发 没有就别发了: the work is named in the ask beside the bare 没有.
  if (!found.work && !ASK_WHEN_THERE_IS_RE.test(compact)) return null;
  return ASK_WHEN_THERE_IS_RE.test(compact) ? 'subscribe' : 'unknown';
}

// (The mentions of the whole text leave out a skill after 不是: findSkillMentions reads it as negated, so the part
// named is read alone.)
function skillsIn(part: string): string[] {
  return findSkills(part);
}

/**
 * The skills a conditional refusal keeps (不是缝纫的活就别发了: 缝纫), which the negation reader would drop for its 不是;
 * null when the text is no conditional refusal naming a skill.
 */
export function keptUnderCondition(c: Clues28): string[] | null {
  const found = conditionalRefusal(c.compact);
  if (!found || found.named === '') return null;
  const kept = [...new Set(skillsIn(found.named))];
  return kept.length > 0 ? kept : null;
}

// ---------------------------------------------------------------------------------------------
// 2. 终止, 中止 (terminate).

// The verb with what is ended: the service, the subscription, the messages or their sending.
const TERMINATE_OBJECT_RE = /(终止|中止)(掉)?(你们的?|这个|我的|一下|下)?(服务|订阅|定阅|短信|信息|消息|推送|通知|发送|提醒|业务|推荐|发(短信|信息|消息|给我))|(服务|订阅|定阅|短信|信息|消息|推送|通知)(给我|帮我)?(终止|中止)(掉)?(了|吧|嘛|啊|哈)*$/;
// ... or said alone as a command, with the politeness and particles around it.
const TERMINATE_ALONE_RE = /^(请|麻烦|麻烦你们?|帮我|给我|我要|我想|马上|立即|立刻|你们|直接|就)*(终止|中止)(掉|了)?(吧|嘛|啊|哈|哦|啦|了|谢谢|谢谢你们?|一下)*$/;
// Refused or asked: 不要终止, 别中止我的订阅, 终止了吗, 终止以后还能订吗, 怎么终止 (asked, as 怎么解绑).
const TERMINATE_REFUSED_OR_ASKED_RE = /(不|别|莫|不要|不用|没|没有|不想|不能)(要|想)?(给我|帮我)?(终止|中止)|(终止|中止)[^,.!?]{0,8}(吗|么|没有|没|不|呢|以后|之后|后|会不会|什么意思|是什么|是啥)$|(怎么|咋个|咋|如何|怎样|能不能|可不可以|可以|会不会|是不是)[^,.!?]{0,4}(终止|中止)/;

/** 终止服务, 中止订阅, 终止短信, 终止 alone: a sure stop (docs/reader.md, Round 28). */
export function isTerminated(compact: string): boolean {
  if (TERMINATE_REFUSED_OR_ASKED_RE.test(compact)) return false;
  return TERMINATE_OBJECT_RE.test(compact) || TERMINATE_ALONE_RE.test(compact);
}

// 不要终止, 别中止我的订阅: the stop refused, and nothing else said — the worker stays as they are.
const TERMINATE_REFUSED_RE = /^(请|你们|千万)?(不|别|莫|不要|不用|不能|甭)(要|想)?(给我|帮我)?(终止|中止)(我的|你们的?|这个)?(服务|订阅|定阅|短信|推送|通知)?(了|啊|哦|嘛|哈)*$/;

/** The early hook: a conditional refusal, or 终止 (before 中止订阅 is read as a sign-up for its 订阅). */
export function readEarly28(c: Clues28): Intent | null {
  if (isTerminated(c.compact)) return 'unsubscribe';
  if (TERMINATE_REFUSED_RE.test(c.compact)) return 'unknown';
  return readConditionalRefusal(c);
}
