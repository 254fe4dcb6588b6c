/**
 * Round 31 (issue #14; docs/reader.md "Round 31: fresh29"). Kinds the blind set fresh29 showed — workers who ask, for
 * lists, about their applications, to apply — kept apart from the shared rules so that rounds merge cleanly;
 * reader-rules.ts asks `readKinds31` right after Round 29's hook.
 *
 * - lists: the rest asked about after what is not wanted (除了服装厂 别的还有哪样); the skills said and what fits them
 *   asked (我会包装也会分拣 有哪些适合我的); where a kind of work is, asked first (哪里有摘果的, 哪点在招采茶的) — they
 *   read as changes or sign-ups;
 * - applications without a code: an opening pointed at and "count me in" (那个绣花的算我一个, 包装那个加我一个);
 * - status: an opening's code and whether it took the worker (1003那个厂收我了没, 1003要我了没有); several applied for
 *   and which one took (我报了两个 哪个成了); whether the application went in (是报上了吧, 报成了没, in pinyin baoshang
 *   mei); whether an application given up was taken off (取消了没有 我上次说的1003不去了);
 * - resumes: the sending asked for again for oneself or a relative (麻烦重新给她发, 重新给我推嘛); a stop taken back with
 *   the sending wanted (还是发给我吧 不退了, 不退订了 继续发);
 * - reports: a relative or the worker bullied or beaten at work (我姐在车间被欺负了), overtime with no pay for it
 *   (天天加班到半夜 不加钱), children under age at work (未成年的娃娃也在厂里干活, 厂里用童工);
 * - stops: the sending asked "can you" to be stopped (可以停掉不嘛, 能不能停掉), as 可以退订不 is.
 */
import type { Intent } from './reader-types.js';
import { findSkills } from './skills.js';

/** What the hook reads: a part of reader-rules.ts's `Clues`. */
export interface Clues31 {
  compact: string;
  code: string | null;
  skills: string[];
}

// Words that ask to stop in any case: with them the text is read by the older rules.
const STOP_WORD_RE = /td|退订(?!了)|拒收|注销|拉黑|删|再也|永远|以后都|以后也(?:不|别|莫)|(?:不要|别|莫|不用|甭|不消)(?:再)?(?:给我)?(?:发|推)|骚扰|烦死/;

// 除了服装厂 别的还有哪样, 除开缝纫 其他还有什么活: the rest asked about after what is not wanted.
const BESIDES_RE =
  /除(?:了|开|去)[^,.!?]{1,10}?(?:以外|之外)?(?:,|\s)*(?:别的|其他|其它|另外|还有别的|还有其他)(?:的)?(?:活|活路|工作|厂|岗位)?(?:还)?(?:有(?:哪样|什么|啥|啥子|哪些|没有|没得|吗|不|没)|哪样|什么|啥|啥子|哪些)(?:活|活路|工作|厂|岗位|事做)?(?:吗|呢|嘛|没有|没得)?$/;
// 我会包装也会分拣 有哪些适合我的, 会开叉车 有没有合适的: the skills said, and what fits them asked.
const FITS_ME_RE =
  /(?:有(?:哪些|什么|啥|啥子|哪样|没有|没得|莫得|冇)|哪些|哪样|什么)(?:是|活|工作|岗位)?(?:适合|合适|对口)(?:我|我们|她|他|我妈|我爸)?(?:的|做的|干的)?(?:活|活路|工作|岗位)?(?:吗|呢|嘛|没|没有|没得|不)?$/;
// 哪里有摘果的, 哪点在招采茶的, 哪儿有要缝纫工的: where a kind of work is, asked first.
const WHERE_FIRST_RE =
  /^(?:请问|问下|问一下|想问下|想问一下)?(?:你们)?(?:这边|那边|附近)?(?:哪里|哪点|哪儿|哪边|哪块|什么地方|哪个地方|啥地方|哪些地方)(?:还)?(?:有|在招|招|要|收)[^,.!?]{1,10}?(?:的|活|活路|工作|工|人)(?:吗|呢|嘛|没得|没有|不)?$/;
// 摘果的哪里有, 缝纫的活哪点有: the kind said first and where asked after.
const WHERE_AFTER_RE = /^[^,.!?]{1,8}(?:的|活|活路|工作)(?:哪里|哪点|哪儿|哪边|什么地方)(?:有|在招|招)(?:吗|呢|嘛)?$/;

// 那个绣花的算我一个, 这个采茶的加我一个, 2041那个算我一份: an opening pointed at and "count me in" — the kind of work alone
// (编竹子的也算我一个, 算我一个 会砌砖) is a sign-up, as before.
const COUNT_ME_IN_RE = /(?:算|加|报|带|添)(?:上)?我(?:一个|一份|一下|一个人)(?:嘛|吧|哈|啊|哦)?$|(?:算我|我也算)(?:一个|一份)/;
const POINTED_RE = /(?:那个|这个|那家|这家|那份|这份|那批)[^,.!?]{0,8}的|[0-9]{3,6}/;

// 1003那个厂收我了没, 1003要我了没有, 2041录我没: an opening's code and whether it took the worker.
const TOOK_ME_RE =
  /(?:收|要|录|录用|录取|招)(?:了)?我(?:了)?(?:没有|没得|没|吗|么|不|嘛|莫得)$|(?:收|要|录|录用|录取)(?:上|到)?我(?:了)?(?:没有|没得|没)|(?:shou|yao|luqu|luyong) ?wo(?: ?le)? ?(?:mei(?:you)?|ma|mo)$/;
// 我报了两个 哪个成了, 报了三家 哪家要我了: several applied for, which one took.
const WHICH_TOOK_RE =
  /报(?:了|过)(?:两|几|三|四|2|3|4)(?:个|家|处)[^]{0,8}?(?:哪个|哪家|哪一个|哪一家|哪些)(?:成了|成功|有消息|有信|要我|收我|过了|报上|录|通过|回话)/;
// 是报上了吧, 报成了没, 报进去了没有, 报名成功了吗; baoshang mei in pinyin: whether the application went in.
const WENT_IN_RE =
  /(?:报|报名)(?:上|成|进去|成功|好)(?:了)?(?:吧|没|没有|没得|吗|么|不|嘛|莫得)(?:[^]{0,16})?$|bao ?(?:shang|cheng|jinqu|chenggong)(?: ?le)? ?(?:mei(?:you)?|ma|mo|ba)(?: ?[0-9]{3,6})?$/;
const WENT_IN_AFFIRM_RE = /^(?:我)?(?:已经)?(?:报|报名)(?:上|成|好)了$/;
// 取消了没有 我上次说的1003不去了, 我说的那个不去了 退掉了吗: whether an application given up was taken off.
const WITHDRAWN_ASKED_RE = /(?:取消|撤销|撤|退掉|去掉|删掉)(?:掉)?了(?:没有|没得|没|吗|么|嘛|莫得)/;
const GIVEN_UP_RE = /(?:不去|不报|不做|不干|不要)了|报名|[0-9]{3,6}/;

// 麻烦你们重新给她发, 重新给我推嘛, 又想做了 重新发给我妈: the sending asked for again.
const SEND_AGAIN_RE =
  /重新(?:给|帮|跟)(?:我|她|他|我们|我妈|我爸|我老公|我老婆|她们|他们)?(?:发|推|通知)(?:短信|信息|消息)?(?:吧|嘛|哈|啊|了|呀|嘞|起来|一下)*$/;
// 还是发给我吧 不退了, 不退订了 继续发: a stop taken back, the sending wanted.
const STOP_TAKEN_BACK_RE = /(?:不|不想|莫|不用)(?:退|退订|取消|停)了/;
const KEEP_SENDING_RE = /还是(?:给我)?(?:发|推)|(?:发|推)给我(?:吧|嘛|哈)|继续(?:给我)?(?:发|推)|接着(?:给我)?(?:发|推)|照常(?:发|推)/;

// 我姐在那个车间被欺负了, 在厂里被组长打了, 老板骂我们 动手打人: bullied or beaten at work.
const WORKPLACE = '(?:车间|厂里|厂头|厂子|工地|工厂|老板|组长|班长|主管|线长|工头|拉长|领班|管事的)';
const BULLIED_RE = new RegExp(
  `${WORKPLACE}[^,.!?]{0,8}?(?:被|给|遭)(?:人|他们|老板|组长|班长|主管|线长|工头|领班)?(?:欺负|打(?![卡扫包电印针折工])|殴打|揍|骂|性骚扰|摸)|(?:被|给|遭)${WORKPLACE}(?:的人)?(?:欺负|打(?![卡扫包电印针折工])|殴打|揍|骂|性骚扰)`,
);
// 天天加班到半夜 不加钱, 加班不给钱, 加班都是白干: overtime with no pay for it.
const UNPAID_OVERTIME_RE =
  /加班[^,.!?]{0,8}?(?:[,.!?\s])*(?:又|也|都|还)?(?:不加钱|不给钱|没钱|没得钱|莫得钱|不算钱|白干|白做|没有加班费|没加班费|不给加班费|加班费(?:都)?(?:不给|没给|没有|莫得|没得))/;
// 未成年的娃娃也在厂里干活, 厂里用童工: children under age at work.
const CHILD_LABOUR_RE =
  /(?:用|招|雇|请|有)(?:了)?(?:童工|未成年)|童工(?:在|也在)|(?:未成年|没成年|不满(?:16|18|十六|十八)岁?|十[二三四五]岁|初中生|小学生)[^,.!?]{0,8}?(?:厂里|车间|工地|厂头|厂子)[^,.!?]{0,3}?(?:干活|上班|做工|做活|打工|做事)/;
// 未成年能不能进厂, 加班给钱吗: asked before going, not told — no report.
const ASKED_RE = /(?:吗|么|嘛)$|可以[^,.!?]{0,10}(?:不|没|没有)$|有没有|有没得|给不给|算不算|能不能|可不可以|可以吗|行不行|要不要|会不会/;

// 可以停掉不嘛, 能不能停掉, 可以停了不: the sending asked, "can you", to be stopped — a stop, as 可以退订不 and 可不可以停掉嘛
// are (after Round 30's retrain the model left the first unknown and read the second as a resume); not 暂停 (a pause), and
// not whether it has stopped (停了没, 是不是停了: status).
const CAN_YOU_STOP_RE =
  /^(?:请问)?(?:你们)?(?:现在)?(?:可以|能|能不能|可不可以|可否|能否)(?:帮我|给我|帮忙|帮我们)?(?:停|停掉|停了|关掉|关了|退掉|退了)(?:发|推|短信|信息|推送|消息)?(?:了)?(?:不|吗|嘛|么|啊)*$/;

export function readKinds31(c: Clues31): Intent | null {
  const { compact, code } = c;
  if (CAN_YOU_STOP_RE.test(compact)) return 'unsubscribe';
  if (STOP_WORD_RE.test(compact)) return null;
  // Stops taken back before anything else reads their 退 or 取消.
  if (STOP_TAKEN_BACK_RE.test(compact) && KEEP_SENDING_RE.test(compact) && !/押金|钱|货|衣服/.test(compact)) return 'resume';
  if (BULLIED_RE.test(compact) || ((UNPAID_OVERTIME_RE.test(compact) || CHILD_LABOUR_RE.test(compact)) && !ASKED_RE.test(compact))) return 'report';
  if (code && TOOK_ME_RE.test(compact)) return 'status';
  if (WHICH_TOOK_RE.test(compact)) return 'status';
  if (WENT_IN_RE.test(compact) && !WENT_IN_AFFIRM_RE.test(compact) && !/怎么|咋个|咋|如何|要不要|能不能|可不可以/.test(compact)) return 'status';
  if (WITHDRAWN_ASKED_RE.test(compact) && GIVEN_UP_RE.test(compact)) return 'status';
  if (!code && BESIDES_RE.test(compact)) return 'list_jobs';
  if (!code && c.skills.length > 0 && FITS_ME_RE.test(compact)) return 'list_jobs';
  if (!code && c.skills.length > 0 && (WHERE_FIRST_RE.test(compact) || WHERE_AFTER_RE.test(compact))) return 'list_jobs';
  if (COUNT_ME_IN_RE.test(compact) && POINTED_RE.test(compact)) return 'apply';
  if (SEND_AGAIN_RE.test(compact) && c.skills.length === 0) return 'resume';
  return null;
}

// 你们那个1003我不去了 以后也别发了: an opening given up by its code, then every alert refused — the stop keeps the code
// of the opening given up (message-reader.ts: a stop's code is otherwise none).
const CODE_GIVEN_UP_RE = /([0-9]{3,6})(?:那个|这个|那家|的)?(?:厂|活|岗位)?(?:我)?(?:就|也)?(?:不去|不报|不要|不做|不干)了/;
export function stopCode31(compact: string, code: string | null): string | null {
  const m = CODE_GIVEN_UP_RE.exec(compact);
  return m && m[1] === code ? code : null;
}

// 发的都是蒙自的 我在屏边, 推来的全是个旧的活: the place of what was sent, which is not the worker's (message-reader.ts puts
// it last among the places read).
export const SENT_PLACE_31_RE = /(?:发|推|寄|收到)(?:给我)?(?:的|来的|过来的)(?:都是|全是|尽是|净是|全部是|老是|总是|都)[^,.!?\s]{1,10}?(?:的|那边的|那点的)(?:活|活路|工作|厂|岗位)?/g;

// 停车场旁边那个组装厂, 学校对面的厂: a landmark (停车场, 学校, 医院 … before 旁边, 附近, 对面, 隔壁, 门口) is no work wanted — 停车场 is a
// guard's post only when it is the work (看停车场). And 把包装改成质检, 缝纫换成包装: the skill replaced is not kept. Asked by
// message-reader.ts on the skills read.
const LANDMARK_RE =
  /(?<![看守管])(?:停车场|学校|中学|小学|医院|卫生院|车站|汽车站|火车站|客运站|加油站|菜市场|农贸市场|市场|超市|广场|公园|政府|派出所|银行|邮局|小区|工业园|园区|路口|桥头)(?:的)?(?:旁边|附近|对面|隔壁|门口|边上|后面|前面)/g;
const REPLACED_RE = /(?:把|将)([^,.!?\s|]{1,6}?)(?:改成|换成|改为|换为|变成|改做|换做)([^,.!?\s|]{1,6})/;
export function withoutLandmarksAndReplaced31(compact: string, skills: readonly string[]): string[] {
  let out = [...skills];
  const rest = compact.replace(LANDMARK_RE, '|');
  if (rest !== compact) {
    const still = findSkills(rest);
    out = out.filter((s) => still.includes(s));
  }
  const replaced = REPLACED_RE.exec(compact);
  if (replaced) {
    const before = findSkills(replaced[1] as string);
    const after = findSkills(replaced[2] as string);
    if (before.length > 0 && after.length > 0) out = out.filter((s) => !before.includes(s) || after.includes(s));
  }
  return out;
}
