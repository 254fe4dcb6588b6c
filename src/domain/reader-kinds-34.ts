/**
 * Round 34 (issue #14; docs/reader.md "Round 34: the second red team"). Kinds a second red team's stop-line texts showed
 * (tests/fixtures/redteam2-texts.jsonl, the half the round could read), kept apart from the shared rules so that rounds
 * merge cleanly; reader-rules.ts asks `readKinds34` first, before Round 30's and Round 32's hooks.
 *
 * Not stops (a false opt-out silences a worker who wanted work), each yielding to a stop said in its own words:
 * - a stop someone else wants, asked how on their behalf (邻居叫我问一下 她不想收了要咋个弄, 我爸让我问 他以后不想收了回什么):
 *   help — the one writing relays a question, the third person's phone is not this one;
 * - someone's stop quoted and refused (我老公叫我退订 我偏不, 我妈说叫我取消 我就不): unknown;
 * - a stop negated (千万别把我退了, 可别给我取消了, 别删我的号码; dont unsubscribe me, do not remove me, dont stop sending):
 *   unknown (not resume, which the wide model may overrule into an unclear stop);
 * - one employer's postings refused after a wrong (那家厂黑心 扣押金 别再给我推他家的了, 别再发3021的了 那个老板骗人): report;
 *   without a wrong (别发他家的了): unknown — one employer is not the service;
 * - one kind refused in English (stop sending night shift ones, no more far away jobs): unknown, as 不要夜班的 is;
 * - a stop denied and what is wanted said (不是不想收 是想要近一点的 有没有建水的, 不是不要发 是太远了 能不能发蒙自的): the place or
 *   skill change, else the list;
 * - work found and a pause said (我找到活了 先暂停一下 干不长再找你们, 找到工作了 先停一停 干不下去再说): pause — the worker
 *   names a return, work found alone stays an unclear stop;
 * - one job left and another asked (那个活我不干了 给我换一个): the list;
 * - one opening declined and a kind asked for next time (这个就算了 下回有绣花的再叫我): the skill said, else unknown;
 * - wages during a stoppage asked (停工了还有工资没得, 放假了有没有工资): unknown — 停 of the work, not of the messages.
 * Stops:
 * - a stop reaffirmed against a doubt (谁说我不退订了 我就是要退, 谁说我不要退 赶紧退掉): sure;
 * - the number deleted as a clause of its own after a refusal (谁让你们发的 我不要 删了我的号码): sure;
 * - a polite question that asks to stop (能不能以后不再发给我了, 可不可以别再给我发了): sure, unless a kind, a time or how
 *   often narrows it (能不能不要发那么早, 能不能别发夜班的);
 * - 取订 (取消订阅 shortened) and 取 alone: 取订 sure, 取 an unclear stop (alerts pause and the bot asks);
 * - 📵 or 🔕 alone (no phones, the bell off): an unclear stop; beside a sign that forbids (🛑📵) a sure one.
 */
import { PAUSE_CUE_RE } from './reader-pause.js';
import type { Intent } from './reader-types.js';

/** What the hook reads: a part of reader-rules.ts's `Clues`. */
export interface Clues34 {
  normalized: string;
  reading: string;
  compact: string;
  code: string | null;
  hasPlace: boolean;
  skills: readonly string[];
}

export interface Kind34 {
  intent: Intent;
  unclear?: boolean;
}

// Words that ask to stop in any case (the text outside a not-stop's own span is tested for them; Round 37 shares them).
export const STOP_WORDS_RE =
  /td|退订|拒收|注销|删(?:号|掉我|了我|除我)|再也|永远|以后都|以后也(?:不|别|莫)|(?:不要|别|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推)|(?<![a-z])(?:stop|unsubscribe|unsub)(?![a-z])/;

const RELATIVE =
  '(?:婆娘|姑妈|姨妈|舅舅|叔叔|阿姨|大姐|大哥|表哥|表姐|表妹|老倌|老伴|老婆|老公|媳妇|男人|妹妹|姐姐|哥哥|弟弟|我姐|我哥|我弟|我妹|妹夫|姐夫|妈妈|我妈|老妈|爸爸|我爸|老爸|儿子|女儿|孙子|孙女|家里人|家人|别人|人家|朋友|同事|工友|邻居|老乡|亲戚|他|她|他们|她们)';

// --- not stops ---

// 邻居叫我问一下 她不想收了要咋个弄: a question relayed for someone else about how to stop.
// (Whoever asks: 托我问一下, 让我帮她问 need no word for who.)
const RELAYED_ASK_RE = new RegExp(`(?:叫我|让我|喊我|要我|托我|请我)(?:帮(?:她|他|忙))?问|${RELATIVE}[^,.!?]{0,3}问(?:一下|一哈|下|问|你们|我)?`);
const THIRD_NOT_WANTING_RE = /(?:她|他|他们|她们|人家)(?:以后|现在)?(?:不想|不要|不需要|不用)(?:再)?(?:收|接|要)?(?:了)?/;
const HOW_ASKED_RE =
  /(?:怎么|咋个|咋|如何|怎样|该怎么|要怎么)(?:弄|办|整|搞|退|做|操作|取消)|(?:回|发|回复)(?:什么|啥|哪个|哪样|啥子)(?:字|字母)?|回哪个/;
const OWN_WISH_TO_STOP_RE = /我(?:也|自己)?(?:要|想|就要)(?:退|取消|停)|帮我退|给我退|我也不要|我也不想/;

// 我老公叫我退订 我偏不: a stop quoted, then refused.
const QUOTED_STOP_RE = new RegExp(`(?:${RELATIVE}[^,.!?]{0,6}说|(?:叫|让|喊|要|劝)我)[^,.!?]{0,10}?(?:不要|别|莫|退订|td|取消|退|停|删)`);
const REFUSED_AFTER_RE = /^[^,.!?]{0,4}[,.!?\s]*(?:我|但是我|可是我|不过我)?(?:偏不|偏偏不|就不|才不|偏要收|不听|不干|不退|不取消|没退|不肯)/;

// 千万别把我退了, 可别给我取消了, 别删我的号码: a stop negated.
const NEGATED_STOP_RE =
  /(?:千万|可|你们)?(?:别|不要|莫|甭|不用|不许|不准)(?:把我|给我|帮我|把)?(?:的)?(?:号|号码|电话|手机号|信息|资料|名字)?(?:给)?(?:退订|退了|退掉|取消|取消掉|删了|删掉|删除|删|注销)(?:了|掉)?(?!.*(?:td|退订))/;
// (Words typed apart by commas, dont，unsubscribe，me, are the same words.)
const EN_NEGATED_STOP_RE = /(?:dont|don't|do not|never|pls dont|please dont|please don't)[\s,.]*(?:unsubscribe|unsub|remove|delete|cancel|opt me out|take me off)/;
const EN_DONT_STOP_RE = /(?:dont|don't|do not|never|please dont|please don't)[\s,.]*stop[\s,.]*(?:sending|the|my|texting|messages|alerts)/;

const SLIP_RE = /(?:回|按|发|点|打)错|乱(?:按|点|发)|手滑|不小心|误(?:按|发|点)/;
const compactOf = (s: string): string => s.replace(/[\s\p{P}\p{S}]/gu, '');

// 那家厂黑心 扣押金 别再给我推他家的了: one employer's postings refused.
const ONE_EMPLOYER_REFUSED_RE =
  /(?:别|不要|莫|不用|甭)(?:再)?(?:给我)?(?:发|推)(?:他家|他们家|这家|那家|她家|这个厂|那个厂|这厂|那厂|这个老板|那个老板|[0-9]{3,6})(?:的)?(?:了|啦)?|(?:他家|他们家|这家|那家|那个厂|这个厂|[0-9]{3,6})的(?:就)?(?:别|不要|莫|不用)(?:再)?(?:给我)?(?:发|推)/;
const WRONG_RE = /骗|黑心|押金|欠|不给钱|不给工资|没给|克扣|扣(?:钱|工资|押金|身份证)|跑路|拖着|拖欠|坑人|坑|假的/;
const WHOLE_SERVICE_RE = /你们的|所有|全部|都不要|统统|以后都|再也|td|退订/;

// stop sending night shift ones, no more far away jobs: one kind refused in English.
const EN_KIND_REFUSED_RE =
  /(?:stop sending|dont send|don't send|no more|not the)\s*(?:me\s*)?(?:the\s*|any\s*)?(?:night|day|late|early|shift|far|far away|faraway|factory|farm|construction|heavy|outside|out of town|weekend|part time|full time|[a-z]+ shift)[a-z ]{0,20}?(?:ones|jobs|job|work|posts|shifts|texts)/;

// 不是不想收 是想要近一点的: a stop denied, what is wanted said.
const STOP_DENIED_RE = /^(?:我)?(?:不是|并不是)(?:说)?(?:不想(?:再)?(?:收|要|接)|不要(?:发|收|了)?|不要你们发|要退订|要退|要取消|想退)(?:了)?[,.!?\s]*(?:而)?是/;

// 我找到活了 先暂停一下 干不长再找你们: work found, a pause named.
const FOUND_WORK_RE = /找到(?:活|工作|事|厂)|找着(?:活|工作)|有活(?:路)?(?:了|干了)|上班了|进厂了/;
const PAUSE_SAID_RE = /(?<!不是|不要|别|不用|不想)(?:先)?(?:暂停|停一停|停一下|停一段|停几天|停一阵)/;
const RETURN_SAID_RE = /再(?:找|来|说|联系|回来|发)|不行(?:再|就)|干不(?:长|下去|惯|了)|回来|到时候/;

// 那个活我不干了 给我换一个: one job left, another asked.
const JOB_LEFT_RE = /(?:那个|这个|现在的|这份)(?:活|工作|厂|活路)?(?:我)?(?:不干了|不做了|干不了|做不了|不去了|辞了)/;
const ANOTHER_ASKED_RE = /(?:给我|帮我|再)?换(?:一个|个|一份|份|一家|家)(?:活|工作|厂)?(?:吧|嘛|呗)?$/;

// 这个就算了 下回有绣花的再叫我: one declined, a kind asked for next time.
const THIS_ONE_DECLINED_RE = /(?:^|[,.!?\s])(?:这个|那个|这回|这次)(?:就)?(?:算了|不去了|不要了|不用了|不合适)/;
const NEXT_TIME_KIND_RE = /(?:下回|下次|以后|今后)有[^,.!?]{1,8}的(?:再|就)(?:叫|喊|通知|发|告诉|联系)/;

// 停工了还有工资没得: wages in a stoppage asked.
const STOPPAGE_WAGES_RE = /(?:停工|停产|放假|歇业|关门)(?:了)?[^,.!?]{0,4}(?:有没有|还有|有)(?:工资|钱|补贴)(?:没得|没有|吗|么|不|没)?$/;

// --- stops ---

// 谁说我不退订了 我就是要退: a stop reaffirmed against a doubt.
const DOUBT_DENIED_RE = /谁说(?:我)?(?:不|没)(?:要|想)?(?:退订|退|取消|td|停)/;
const STILL_WANT_STOP_RE = /我(?:就是|就|偏)要(?:退订|退|取消|td|停)|(?:赶紧|快点|马上)(?:给我)?(?:退订|退掉|退了|取消)/;
// 我不要 删了我的号码: the number deleted, as a clause of its own.
const NUMBER_DELETED_RE = /(?:^|[,.!?\s])(?:把)?(?:我的|我)?(?:号码|号|电话|手机号|电话号码)?(?:删了|删掉|删除)(?:我的)?(?:号码|号|电话|手机号|电话号码|信息|资料)/;
const PHONE_OFF_ONLY_RE = /^[📵🔕🚫⛔❌🛑📱📲📩🙏\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]+$/u;
const POLITE_WORDS_RE = /你好|您好|老板好|谢谢|多谢|感谢|嘛|啊|哈|呀|哦|[\s\p{P}]/gu;
// 能不能以后不再发给我了: a polite question asking to stop.
const POLITE_STOP_RE =
  /^(?:你们|请问|麻烦)?(?:能不能|能否|可不可以|可以|能)(?:以后|今后|从今往后)?(?:不再|不要再|不要|别再|别|莫再|莫)(?:给我)?(?:发|推|发信息|发短信)(?:给我|过来)?(?:了)?(?:吗|不|嘛|呢|么|吧)?$/;

export function readKinds34(c: Clues34): Kind34 | null {
  const { compact, reading } = c;
  const en = reading.toLowerCase();

  // Stops the other rules read as something else.
  if (DOUBT_DENIED_RE.test(compact) && STILL_WANT_STOP_RE.test(compact)) return { intent: 'unsubscribe' };
  // (In the reading, where 我不要 删了我的号码 keeps its clauses apart: run together it would read 不要删.)
  if (NUMBER_DELETED_RE.test(reading) && !/(?:别|不要|莫|甭|不用|千万别)(?:把|给)?(?:我的)?(?:号码|号|电话)?删/.test(reading)) return { intent: 'unsubscribe' };
  // 我不要删了我的号码 run together: as likely 我不要 删了我的号码 (删了, done, is what one asks; 别删 what one forbids) — unclear.
  if (/我不要(?:删了|删掉)(?:我的)?(?:号码|号|电话|手机号)/.test(compact) && !/还要|还在找|继续|别删/.test(compact)) return { intent: 'unsubscribe', unclear: true };
  if (POLITE_STOP_RE.test(compact)) return { intent: 'unsubscribe' };
  if (/^取订(?:阅)?(?:了|吧)?$|^取(?:消)?订阅$/.test(compact)) return { intent: 'unsubscribe' };
  if (compact === '取') return { intent: 'unsubscribe', unclear: true };
  // 📵📵📵, 🔕: no phones, the bell off — likely a stop, said by a sign that may mean other things: unclear (with a sign that
  // forbids beside it, 🛑📵, sure).
  // (A greeting, thanks, a particle or 🙏 around it say nothing more: 你好 📵📵, 📵📵 谢谢.)
  const signs = c.normalized.replace(POLITE_WORDS_RE, '');
  if (PHONE_OFF_ONLY_RE.test(signs) && /[📵🔕]/u.test(signs)) return /[🚫⛔❌🛑]/u.test(signs) ? { intent: 'unsubscribe' } : { intent: 'unsubscribe', unclear: true };

  // Not stops.
  const relayed = RELAYED_ASK_RE.exec(compact);
  if (relayed && HOW_ASKED_RE.test(compact) && (THIRD_NOT_WANTING_RE.test(compact) || /如果|要是|万一|假如|哪天/.test(compact)) && !OWN_WISH_TO_STOP_RE.test(compact))
    return { intent: 'help' };
  const quoted = QUOTED_STOP_RE.exec(compact);
  if (quoted) {
    const after = reading.slice(indexAfter(reading, quoted[0]));
    if (REFUSED_AFTER_RE.test(after) && !STOP_WORDS_RE.test(after.replace(/[\s\p{P}\p{S}]/gu, ''))) return { intent: 'unknown' };
  }
  // (unknown, not resume: the wide model may overrule a resume into an unclear stop, never an unknown.)
  if (EN_DONT_STOP_RE.test(en)) return { intent: 'unknown' };
  if (EN_NEGATED_STOP_RE.test(en)) return { intent: 'unknown' };
  // (In the reading: 我不要 取消掉 run together would read 不要取消掉. A pause or a slip said beside it is read by the older
  // rules: 暂停一个月 别退订我, 别给我退了 我刚才回错了.)
  const negated = NEGATED_STOP_RE.exec(reading);
  // (我不要退掉 run together is as likely 我不要 退掉: left to the older rules unless the worker says they still want work.)
  const ownRefusalFirst = negated !== null && /我$/.test(reading.slice(0, negated.index)) && negated[0].startsWith('不要') && !/还要|还在找|继续|接着|照常|need|want/.test(compact);
  // (A code applied to, 别退订我 报名4410, and the wish to go on, 不要取消我的推送 我还要 (resume), are the older rules' too.)
  if (negated && !ownRefusalFirst && !STOP_WORDS_RE.test(compactOf(reading.replace(negated[0], '|'))) && !PAUSE_CUE_RE.test(compact) && !SLIP_RE.test(compact) && !c.code && !/还要|继续|接着|照常|恢复/.test(compact))
    return { intent: 'unknown' };
  const employer = ONE_EMPLOYER_REFUSED_RE.exec(compact);
  if (employer && !WHOLE_SERVICE_RE.test(compact)) return { intent: WRONG_RE.test(compact) ? 'report' : 'unknown' };
  if (EN_KIND_REFUSED_RE.test(en) && !/(?:all|any more|anymore|everything|unsubscribe)\b/.test(en.replace(EN_KIND_REFUSED_RE, ''))) return { intent: 'unknown' };
  // (Only where a place or a skill is named: 不是不要 是这个月先停一下, 是手机坏了 再发一次 are read by the older rules.)
  if (STOP_DENIED_RE.test(compact) && !/td|退订|再也|以后都/.test(compact.replace(STOP_DENIED_RE, '')) && !PAUSE_CUE_RE.test(compact) && (c.hasPlace || c.skills.length > 0))
    return { intent: c.hasPlace ? 'update_place' : 'update_skills' };
  if (FOUND_WORK_RE.test(compact) && PAUSE_SAID_RE.test(compact) && RETURN_SAID_RE.test(compact) && !STOP_WORDS_RE.test(compact)) return { intent: 'pause' };
  if (!STOP_WORDS_RE.test(compact) && !c.code) {
    if (JOB_LEFT_RE.test(compact) && ANOTHER_ASKED_RE.test(compact)) return { intent: 'list_jobs' };
    if (THIS_ONE_DECLINED_RE.test(reading) && NEXT_TIME_KIND_RE.test(compact)) return { intent: c.skills.length > 0 ? 'update_skills' : 'unknown' };
    if (STOPPAGE_WAGES_RE.test(compact)) return { intent: 'unknown' };
  }
  return null;
}

/**
 * The text as the report reader (reader-report.ts) should see it, asked by message-reader.ts: one employer's postings
 * refused (你们别再发他家的了) is no stop word there, so a fraud named beside it is the report it is.
 */
export function reportView34(compact: string): string {
  const employer = ONE_EMPLOYER_REFUSED_RE.exec(compact);
  return employer && !WHOLE_SERVICE_RE.test(compact) ? compact.replace(ONE_EMPLOYER_REFUSED_RE, '|') : compact;
}

// Where the quoted stop ends in the reading text (spaces and punctuation kept there): the compact match's last character found.
function indexAfter(reading: string, compactMatch: string): number {
  let i = 0;
  for (const ch of compactMatch) {
    const at = reading.indexOf(ch, i);
    if (at < 0) return reading.length;
    i = at + 1;
  }
  return i;
}
