/**
 * Round 36 (issue #14; docs/reader.md "Round 36"). Kinds the development sets fresh34 and fresh35 showed outside the
 * questions about an opening's terms (another round's), kept apart from the shared rules so that rounds merge cleanly;
 * reader-rules.ts asks `readKinds36` first, before Round 34's hook.
 *
 * - reports the report reader misses: wages stopped (厂里把工资停了, 停发工资半年了); fire exits blocked or doors locked
 *   on the workers (安全出口堆满了货, 逃生门锁起了, 把我们锁在车间里); long hours with no overtime pay (天天干十三个钟头
 *   没有加班费; 有没有加班费 asks); an interview at a private place that makes the worker uneasy (喊我晚上去他屋头面试
 *   心里发毛); a fee with its amount demanded to interview or start (面试先交八十块体检费 正常不) — without an amount the
 *   question is help (面试要交体检费吗);
 * - help: how applying or an interview works asked with no code (报名要本人到场吗, 可以叫我老公帮我报不, 报了名要等几天, 面试要带
 *   户口本不); a phone number asked
 *   for to ask someone (有没有个电话 我想找个人问问);
 * - applications: a code applied to for a relative, relayed (我爹说报3310, 她叫我帮她报4021) — and a rule's application
 *   with its code beside 报 is not overruled by the wide model (`applyStands36`); one application withdrawn for another
 *   named as the one meant (取消报名4410 报错了 想报的是4401);
 * - status: an application's code and the days waited (2210报了五天了 还没人联系); which opening was applied to, not
 *   remembered (我报的是3301 还是3310 想不起来了); the worker's own place or skill asked to be checked (帮我看下我订的地点对不对);
 * - a resumption: farm work told as done in a clause of its own and the sending asked for again (苞谷掰完了 有活再发给我);
 * - a stop refused and the sending wanted (我不想退订 我还要收; 我不要 退掉 stays a stop);
 * - (who signed the worker up, asked — 我没订过 是哪个帮我订的 — stays an unclear stop, as before Round 36: the lead's review
 *   found a sealed set's stop among them; a worker who never asked for the alerts is asked, with the alerts held);
 * - a skill stopped and another put in its place (停 缝纫 改 包装): the skill change;
 * - a move back home (我从个旧搬回老家绿春了): the place change;
 * - news of an application that took, with the start of work (报上了 后天去上班 谢谢): nothing asked (unknown).
 */
import type { Intent } from './reader-types.js';

/** What the hook reads: a part of reader-rules.ts's `Clues`. */
export interface Clues36 {
  reading: string;
  compact: string;
  code: string | null;
  hasPlace: boolean;
  skills: readonly string[];
}

// Words that ask to stop in any case: with them the text is read by the older rules.
const STOP_WORDS_RE =
  /td|退订(?!了?吗)|拒收|注销|拉黑|删(?:号|掉|了|除)|再也|永远|以后都|以后也(?:不|别|莫)|(?:不要|别|莫|不用|甭|不消)(?:再)?(?:给我)?(?:乱)?(?:发|推|打扰)|(?<![a-z])(?:stop|unsubscribe)(?![a-z])|骚扰|烦死|滚/;

const NUM = '[0-9一二两三四五六七八九十百几半]';

// --- reports ---

// 厂里把工资停了, 停发工资半年了, 工资停发三个月了: wages stopped (停工了还有工资没得 asks about a stoppage).
const WAGES_STOPPED_RE = /停(?:发|了|掉)(?:我们|大家)?(?:的)?(?:工资|工钱)|(?:工资|工钱)(?:都|也|就|一直)?(?:停发|停了|断了|停掉了)|把(?:工资|工钱)(?:给)?停(?:了|掉|发)/;
// 安全出口堆满了货, 消防通道堵起了, 逃生门锁起了, 没有消防通道, 把我们锁在车间里: the way out blocked or locked.
const EXIT_BLOCKED_RE =
  /(?:消防|安全|逃生|紧急)(?:通道|出口|门|楼梯)[^,.!?]{0,6}(?:堵|锁|封|挡|占|堆|关死|焊死)|(?:没有|没得|莫得|冇得)(?:消防通道|安全出口|逃生门|逃生通道|紧急出口|灭火器)|(?:消防通道|安全出口|逃生门|逃生通道|紧急出口|灭火器)(?:都|也)?(?:没有|没得|莫得|冇得)(?!吗|么|呢)|锁在(?:车间|厂|厂房|工地|宿舍|里面|屋)|(?:门|大门|车间门|厂门)[^,.!?]{0,3}(?:锁着|锁起|锁死|反锁|焊死)[^,.!?]{0,6}$/;
// 后门用铁链子锁起 万一着火咋个办, 宿舍门从外面反锁 出不去, 通道全是货 着火跑不脱: a door locked or a way blocked, and the
// fear of not getting out.
const LOCKED_OR_BLOCKED_RE = /(?:门|通道|楼梯|出口)[^,.!?]{0,8}(?:锁起|锁着|锁死|锁上|反锁|堵|堆满|全是货|封)/;
const TRAPPED_RE = /着火|失火|起火|火灾|跑不|出不去|逃不|出不来/;
// Fire or exits named, for the locked-door clause beside them (消防通道堵起了 门还锁着).
const EXIT_WORDS_RE = /消防|安全出口|逃生|着火|失火|火灾|跑不出/;
// 天天干十三个钟头 没有加班费, 加班从来没得加班费: overtime with no pay for it (有没有加班费 asks).
const NO_OVERTIME_PAY_RE = /(?<!有)(?:没有|没得|莫得|冇得|不给|没给|不发|没发|不算|拿不到|一分)(?:过)?(?:一分)?加班(?:费|钱|工资)|加班(?:费|的钱)?(?:从来|一直|都|也)?(?:不给|没给|不算|没有|没得|莫得)(?!吗|么|呢)/;
// 喊我晚上去他屋头面试 心里发毛: an interview at a private place, and the worker uneasy.
const PRIVATE_INTERVIEW_RE = /面试|见面|谈工作|看人/;
const PRIVATE_PLACE_RE = /他家|她家|他屋|她屋|屋头|家头|家里|宾馆|酒店|旅馆|旅社|房间|ktv|私下|晚上|半夜|车上/;
const UNEASE_RE = /怪|不对劲|不对头|害怕|怕|不放心|不敢|担心|吓人|发毛|可疑|不正常|不安全|骗/;
// 面试先交八十块体检费, 上班前要交三百服装费 正常不: a fee with its amount demanded to interview or start.
const FEE_WITH_AMOUNT_RE = new RegExp(
  `(?:面试|报名|上班|进厂|入职|去之前|体检)[^,.!?]{0,6}(?:要|得|先|还要|必须)?(?:交|收|给|出|付)[^,.!?]{0,3}${NUM}+(?:块|元|百|千|十)[^,.!?]{0,3}(?:钱|费|体检费|服装费|押金|报名费|介绍费|培训费|保证金)?`,
);

// --- help ---

// 报名要本人到场吗, 可以叫我老公帮我报不, 报了名要等几天, 报名要带户口本不: how applying works, asked with no code.
const HOW_APPLYING_RE =
  /^(?:请问|问下|问一下|想问下|想问一下|我想问下?)?(?:报名|报个名|报了名|报名了|报完名|去面试|面试)(?:的时候|时|以后|之后|后|完)?(?:要|可以|能|得|需要|用|是不是|要不要|必须|还要|一定要|等|多久|好久)/;
const APPLYING_BY_OTHER_RE = /(?:可以|能|能不能|可不可以)(?:叫|让|喊|请)?[^,.!?]{0,5}(?:帮我|替我|代我|代替我|帮忙)(?:报|报名)/;
const QUESTION_RE = /吗|么|不$|不[,.!?\s]|没$|没有$|没得$|呢|啥|什么|哪样|咋个|怎么|多久|好久|几天|几号|还是|哪些|要不要|能不能|可不可以|是不是|\?/;
// 有没有个电话 我想找个人问问, 给个电话 我问一下: a phone number asked for, to ask someone.
const PHONE_TO_ASK_RE = /(?:有没有|有没得|有莫得|有冇|给个|给我个|留个|发个|告诉我)(?:个|一个)?(?:办公室|你们的|你们|站上|客服)?(?:电话|联系电话|号码|联系方式|客服)[^]{0,12}(?:问|咨询|打听)/;

// --- applications ---

const RELATIVE =
  '(?:他|她|我爹|我爸|我妈|我娘|我老公|我老婆|我媳妇|我婆娘|我男人|我姐|我哥|我弟|我妹|我女儿|我儿子|我姑娘|我家姑娘|我家女儿|我家儿子|老倌|老伴|亲戚|邻居)';
// 我爹说报3310, 她叫我帮她报4021, 他讲要报1208: a code applied to for a relative, relayed.
const RELAYED_APPLY_RE = new RegExp(`${RELATIVE}(?:说|讲|喊|叫|让|要)(?:我)?(?:帮(?:他|她)|给(?:他|她)|替(?:他|她))?(?:要)?(?:报|报名|报个名)(?:一个|个)?[0-9]{3,6}`);
// 取消报名4410 报错了 想报的是4401, 2041不对 应该报2014: one withdrawn, the one meant named after.
const MEANT_CODE_RE = /(?:想|要|该|应该|本来要|本来想|其实想|其实要|改|重新)(?:报|报名)(?:的是|的|名)?(?:是)?[0-9]{3,6}|我(?:想|要)的是[0-9]{3,6}/;
const WITHDRAWN_OR_WRONG_RE = /取消|报错|不对|搞错|弄错|按错|不去|不报|不是/;
// 帮她报一个2051, 报2052, bm2052: a code beside a word of applying.
const CODE_BESIDE_APPLY_RE = /(?:报|报名|报个名|bm)(?:一个|个|一下)?[0-9]{3,6}|[0-9]{3,6}(?:报名|报个名)/;

/** A rule's application the wide model must not overrule (帮她报一个2051 in a long story read as a sign-up): the code stands beside 报. */
export function applyStands36(compact: string): boolean {
  return CODE_BESIDE_APPLY_RE.test(compact) && !/取消|不去|不报|撤/.test(compact);
}

// --- status ---

// 2210报了五天了 还没人联系, 报1003都一个星期了: an application's code and the days waited.
const WAITED_RE = new RegExp(`(?:[0-9]{3,6}(?:那个|这个)?(?:报|报名)(?:了|过)?|(?:报|报名)(?:了)?[0-9]{3,6})(?:都|已经|有)?${NUM}+(?:个)?(?:天|星期|礼拜|周|月)(?:了)?`);
// 帮我看下我订的地点对不对, 我登记的技能是哪样: the worker's own record asked to be checked.
const OWN_RECORD_RE =
  /(?:我|我们)(?:订|登记|填|报|留|写)(?:的|了的)(?:地方|地址|地点|位置|村子|乡镇|技能|工种|活|手艺|信息|资料)[^,.!?]{0,4}(?:对不对|对吗|对不|对没|是不是|有没有错|错没错|错了没|是哪|是什么|是啥|是哪样)/;
// 我报的是3301 还是3310 想不起来了, 忘了报的哪个 帮我查下: which opening the worker applied to, not remembered.
const WHICH_APPLIED_RE =
  /(?:报的是|报了)[^]{0,8}还是[^]{0,12}(?:记不得|记不清|忘了|不记得|搞不清|想不起|查)|(?:记不得|记不清|忘了|不记得|想不起)[^]{0,6}(?:报的|报了)(?:是)?(?:哪个|哪一个|哪家|哪些|什么|啥)/;

// --- resumptions ---

// 苞谷掰完了 有活再发给我, 烟收完了 有活又发给我嘛: farm work told as done in a clause of its own, the sending asked again.
const FARM_DONE_RE = /(?:收|栽|种|插|掰|摘|烤|割|挖|打|忙|采|剥)(?:完|好)了(?:啦|咯)?[\s,.!?]+/;
const SEND_AGAIN_RE = /(?:有活|有活路|有工作|有事做)?(?:你们)?(?:再|又|接着|继续|重新)(?:给我)?(?:发|推|通知)(?:给我|我)?(?:吧|嘛|哈|咯|噻|了|啦)*$/;
const STILL_WAITING_RE = /等|还没|没有|没得|要|快|才|以后|之后|后再|再说/;

// 我不想退订 我还要收, 我不要取消 我还要: a stop refused and the sending wanted.
const STOP_REFUSED_WANTED_RE =
  /^(?:我)?(?:不要|不想|不|没说要|没想|没有要|没说|别|莫)(?:给我|帮我|把我)?(?:退订|取消|退|停)(?:了|掉)?[\s,.!?]*(?:我)?(?:还要|还想要|还想收|还要收|要收|还在找|还想找|继续|接着)/;

// --- changes ---

// 停 缝纫 改 包装, 缝纫停了 换成包装: a skill stopped and another put in its place.
const SKILL_SWAP_RE = /(?:^|[\s,.!?])(?:停|停掉|停了|不要|去掉|删掉)\s*\S{1,6}\s*(?:改|换)(?:成|为|做)?\s*\S{1,6}$/;
// 我从个旧搬回老家绿春了: a move back home.
const MOVED_BACK_RE = /搬回|搬(?:回)?(?:到)?老家|回老家(?:住|了)/;

// --- news ---

// 报上了 后天去上班 谢谢, 录上了 明天报到: an application that took, with the start of work.
// Words that tell the service it is no longer needed: with them the news of a job is a stop's reason, not news.
const DONE_WITH_ALERTS_RE = /不用|不要|不需要|别|莫|不麻烦|麻烦不|退|取消|停|td|不发|少发/;
const TOOK_RE = /(?:报上了|录上了|录取了|被录了|被录用了|要我了|收我了|面试过了|通过了)/;
const STARTS_WORK_RE = /(?:今天|明天|后天|下周|下个星期|马上|过两天|[0-9一二三四五六七八九十]+号)?(?:就)?(?:去)?(?:上班|报到|上工|进厂)(?:了)?/;

export interface Kind36 {
  intent: Intent;
}

/** Round 36's kinds, or null: the older rules read the text. */
export function readKinds36(c: Clues36): Kind36 | null {
  const { compact, reading, code } = c;
  const stopWords = STOP_WORDS_RE.test(compact);

  // A stop refused and the sending wanted.
  if (STOP_REFUSED_WANTED_RE.test(compact)) return { intent: 'resume' };
  if (stopWords) return null;

  // Reports.
  if (WAGES_STOPPED_RE.test(compact)) return { intent: 'report' };
  if (EXIT_BLOCKED_RE.test(compact) && (EXIT_WORDS_RE.test(compact) || !/[?？]|吗|不$/.test(compact))) return { intent: 'report' };
  if (LOCKED_OR_BLOCKED_RE.test(compact) && TRAPPED_RE.test(compact)) return { intent: 'report' };
  if (NO_OVERTIME_PAY_RE.test(compact)) return { intent: 'report' };
  if (PRIVATE_INTERVIEW_RE.test(compact) && PRIVATE_PLACE_RE.test(compact) && UNEASE_RE.test(compact)) return { intent: 'report' };
  if (FEE_WITH_AMOUNT_RE.test(compact)) return { intent: 'report' };

  // Applications.
  if (code !== null && RELAYED_APPLY_RE.test(compact)) return { intent: 'apply' };
  if (code !== null && MEANT_CODE_RE.test(compact) && WITHDRAWN_OR_WRONG_RE.test(compact)) return { intent: 'apply' };

  // Status.
  // (报名 2047 一天几个钟头: 一天 there is the working day asked about, not the days waited — lead's review after Round 35b.)
  if ((WAITED_RE.test(compact) && !/一天(?:几|多少|做|干|上|给|能)|钟头|小时|几点/.test(compact)) || WHICH_APPLIED_RE.test(compact)) return { intent: 'status' };
  if (OWN_RECORD_RE.test(compact)) return { intent: 'status' };

  // Help.
  if (code === null && c.skills.length === 0 && (HOW_APPLYING_RE.test(compact) || APPLYING_BY_OTHER_RE.test(compact)) && QUESTION_RE.test(reading)) return { intent: 'help' };
  if (code === null && PHONE_TO_ASK_RE.test(compact)) return { intent: 'help' };
  if (code === null && /(?:面试|报名|上班|进厂)[^,.!?]{0,6}(?:要|得|还要)(?:交|给|出)[^,.!?]{0,6}(?:费|钱)/.test(compact) && QUESTION_RE.test(reading)) return { intent: 'help' };

  // A resumption after farm work.
  const done = FARM_DONE_RE.exec(reading);
  if (done && SEND_AGAIN_RE.test(reading.slice(done.index + done[0].length).replace(/\s/g, '')) && !STILL_WAITING_RE.test(reading.slice(0, done.index))) return { intent: 'resume' };

  // Changes.
  // (停掉养殖 换种植: the skill stopped is dropped from the skills by the negation reader; the one put in its place stays.)
  if (c.skills.length >= 1 && SKILL_SWAP_RE.test(reading)) return { intent: 'update_skills' };
  if (c.hasPlace && MOVED_BACK_RE.test(compact) && !/吗|么|不$|没有$|没$/.test(compact)) return { intent: 'update_place' };

  // News of an application that took.
  // Not when it also says the alerts are done with (面试通过了 后天上班 以后就不麻烦了: the stop rules' reading stands).
  if (TOOK_RE.test(compact) && STARTS_WORK_RE.test(compact.slice(compact.search(TOOK_RE))) && !QUESTION_RE.test(compact.replace(/谢谢|感谢/g, '')) && !DONE_WITH_ALERTS_RE.test(compact)) return { intent: 'unknown' };
  return null;
}

// Vehicles named in a list after a driving word (驾驶叉车和货车, 会开叉车也会开卡车): the second is driving (驾驶).
const LISTED_VEHICLE_RE = /(?:开|驾驶|驾)[^,.!?]{0,6}(?:和|跟|、|也|还|以及|或者|\/)(?:会开|开)?(?:大)?(?:货车|卡车|客车|大车|面包车|小车|轿车|三轮车|拖拉机|出租车|挖机|挖掘机|铲车|渣土车|农用车)/;

/** 驾驶叉车和货车: a vehicle listed beside the forklift is driving (驾驶) as well. */
export function withListedVehicles36(compact: string, skills: string[]): string[] {
  return skills.includes('叉车') && !skills.includes('驾驶') && LISTED_VEHICLE_RE.test(compact) ? [...skills, '驾驶'] : skills;
}

// 一直下雨 路断了, 停电了 网也断了: a road, power, water or the signal cut is no wrong done by an employer (断了 of a grievance is
// pay cut off); taken out before the model may call a text a report.
const CUT_OFF_RE = /(?:路|桥|公路|电|水|网|信号|电话|车)(?:都|也|又|被|给)?(?:冲|挖|压|停)?断(?:了|掉了)/g;
export function withoutCutOffs36(compact: string): string {
  return compact.replace(CUT_OFF_RE, '|');
}

