/**
 * Round 30 (issue #14; docs/reader.md "Round 30"). Kinds the red team's stop texts (data/eval/stopprobe-blind.jsonl)
 * and the blind set fresh28 showed, kept apart from the shared rules so that rounds merge cleanly; reader-rules.ts asks
 * `readKinds30` first, before Round 29's hook.
 *
 * Stops another rule read first:
 * - a threat if the sending goes on, said as a condition (如果你们还继续发 我就去投诉, 要是再推 我就打12315): the report
 *   rule took the 投诉/举报 of the threat for a complaint about an employer;
 * - a refusal closing a text after the worker said they will not come back (不回来了 你们不用再发): the resume rule
 *   read 回来了 … 再发 as an event over;
 * - the number itself refused (不要往这个号上发, 别给这个号码推了) — a shared phone, an office's: the words between
 *   the refusal and the sending hid it.
 *
 * Refusals of one thing sent, which are no stop (the service goes on; what the worker refuses is a preference):
 * - the old place's work, after a move (我搬到X了 以前那边的活不要发了): update_place with the new place, unknown without;
 * - work by what it asks of the body (要站一天的活别发, 要爬高的莫推 我腰不好): unknown — no field of the worker holds it;
 * - a form of the text (不要发拼音的, 英文的别发): unknown — the alerts are in characters already;
 * - one opening (这个岗位莫通知我了, 刚才那个活不用发了): unknown — each opening is sent once;
 * - 别发 said to an employer (老板别发假工资条骗人 …): the report it is;
 * - a stop refused with the wish to go on (别取消全部的推送 我还要): resume, as 别停 我还要 reads.
 */
import type { Intent } from './reader-types.js';
import { isReport } from './reader-report.js';

/** What the hook reads: a part of reader-rules.ts's `Clues`. */
export interface Clues30 {
  compact: string;
  reading: string;
  code: string | null;
  hasPlace: boolean;
}

// The refusal of the sending: 不要发, 别再推, 不用再通知我.
const REFUSE = '(?:不要|别|莫要|莫|不用|甭|不消得|不消|不必|勿)(?:再)?(?:给我|跟我)?(?:发|推|推送|通知|联系)(?:我|给我|来|过来)?';
// Words that refuse everything: with them the older rules read the text.
const EVERYTHING_RE = /td|退订|拒收|注销|拉黑|删|取消订阅|再也|永远|以后都|以后也(?:不|别|莫)|全部|所有|统统|什么都|啥都|哪样都|一律|一样都/;

// --- Stops.

// 如果你们还继续发 我就打12315举报, 要是再推 我就去投诉你们: the sending going on (再, 还, 继续, 老是 … before 发/推 with
// nothing but 给我 between — 还不发工资 is an employer's), then what the worker will do.
const GOES_ON = '(?:再|还|又|继续|还要|还在|老是|总是|一直|天天|还敢|再敢)+(?:给我|给我们|往我这|跟我)?(?:发|推|打电话|打来|骚扰)(?!工资|钱|工钱|货)';
const CONDITIONAL_THREAT_RE = new RegExp(
  `(?:如果|要是|假如|若是|万一|你们|你)[^,.!?]{0,6}?${GOES_ON}[^]{0,12}?(?:我|老子)?(?:就|便|马上|肯定|一定)(?:要|会|去)?[^,.!?]{0,6}?(?:举报|报警|投诉|告你|告你们|起诉|打110|打12345|打12315|12315|12345)`,
);
// Asked, not threatened: 如果还发 我要怎么投诉.
const ASKED_RE = /怎么|咋个|咋|如何|哪里|哪点|吗|么|呢|\?|能不能|可不可以/;

// 不回来了, 回不来了, 不回去了: away for good — no event that will be over.
const NOT_COMING_BACK_RE = /(?:不回来|回不来|不回去|回不去|不回家|不回老家|不打算回来|不会回来|不再回来)(?:了|啦|咯)/;
// The refusal closing the text.
const REFUSAL_AT_END_RE = new RegExp(`(?:你们|就|也)*${REFUSE}(?:了|啦|咯|吧|嘛|哈|啊)*$`);

// 不要往这个号上发, 别给这个号码推了, 莫往我这个手机发: the number refused as where the alerts go.
const NUMBER_REFUSED_RE =
  /(?:不要|别|莫要|莫|不用|甭|不消|勿|不能)(?:再)?(?:往|给|向|朝|对|到)(?:我)?(?:这个|这|此|本|我的|我这个)(?:手机)?(?:号|号码|手机号|手机号码|电话号码|电话|手机)(?:上|里)?(?:发|推|打|传)/;

// --- Refusals of one thing.

// 以前那边的活不要发了, 原来住的地方的别推了, 老家那边的莫发: the old place's work.
const OLD_PLACE_RE = new RegExp(
  `(?:以前|原来|之前|原先|先前|老家)(?:住的|在的|做的|待的)?(?:那边|那里|那块|那儿|那点|那个地方|地方|那个村|那个乡)(?:的)?(?:活|活路|活计|工作|岗位|招工|信息|短信)?(?:的)?(?:就|都|也|你们)*${REFUSE}`,
);
// 要站一天的活别发, 要爬高的莫推, 天天扛重的不要发: work by what it asks of the body.
const BODY_DEMAND_RE = new RegExp(
  `(?:要|得|需要|天天|整天|一天到晚)?(?:站一天|站一整天|站着|站很久|久站|蹲着|蹲一天|跪着|弯腰|爬高|登高|高空|扛|背重|抬重|搬重|重的|太重|熬夜|下水|下井|冷库|晒太阳|淋雨|喝酒|陪酒)[^,.!?]{0,5}?的(?:活|活路|活计|工作|岗位|厂)?(?:的)?(?:就|都|也|你们)*${REFUSE}`,
);
// 不要发拼音的, 拼音的别发, 别发英文 我看不懂: the form of the text refused.
const FORM = '(?:拼音|英文|英语|字母|外语|繁体|繁体字|乱码|链接)';
const FORM_REFUSED_RE = new RegExp(`${REFUSE}(?:那种|这种|那些)?${FORM}(?:的|字)?|${FORM}(?:的|字)?(?:就|都|你们)*${REFUSE}`);
// 这个岗位莫通知我了, 刚才那个活不用发了: one opening — not 那个招工的 (the service), nor 这种活 (a kind: unclear), nor
// 这个活 (a kind as often as an opening: a stop as before).
const ONE_OPENING_RE = new RegExp(
  `(?:^|[^那些种样])(?:(?:这个|这条|这家)(?:岗位|招工岗位)|(?:刚才|刚刚|刚发的|刚才发的|上面)(?:那个|这个)(?:岗位|活|活路)?)(?:的)?(?:就|你们|以后)*${REFUSE}(?:了|啦|咯|吧|嘛|哈|啊)*(?=$|[^的])`,
);
// 老板别发假工资条骗人: an employer told not to send what they send.
// Workers also call the service 老板 (老板别发了 is a stop): what follows 发 must be something of the employer's, not the
// end of the clause nor the messages.
const EMPLOYER_TOLD_RE = /(?:老板|老板娘|厂里|厂长|工头|包工头|领班|组长|中介|那个厂|那家厂|公司)(?:你|你们)?(?:就|也)?(?:不要|别|莫|不准|不许|不能)(?:再)?(?:给我|给我们|跟我)?(?:发|推)(?!了|啦|咯|吧|嘛|[,.!?\s]|$|[^,.!?]{0,6}(?:短信|信息|消息|通知|招工|招聘|岗位|活))/g;

/** The text with 别发 said to an employer taken out: reader-report.ts reads no stop in it. */
export function withoutEmployerTold(compact: string): string {
  return compact.replace(EMPLOYER_TOLD_RE, '|');
}

/** 如果你们还继续发 我就打12315举报: a threat, which reader-report.ts must not take for a report. */
export function isConditionalThreat(compact: string): boolean {
  const at = compact.search(CONDITIONAL_THREAT_RE);
  return at >= 0 && !ASKED_RE.test(compact.slice(at));
}

// 别取消全部的推送 我还要, 不要停掉 我还要收: a stop refused, and the wish to go on (别退订我 我还要找工作 reads as before:
// unknown or a sign-up, as the fixtures label it).
const STOP_REFUSED_RE = /^(?:请|你们|千万)?(?:不要|别|莫|不用|千万别|甭)(?:帮我|给我|把我)?(?:的)?(?:取消|停掉|关掉|停)(?:掉)?(?!我(?!的))[^,.!?]{0,8}?(?:我还要|还要|我要|继续发|接着发|要收|还想收)/;

// 这个活我不要 工资太低, 那个包装厂的不去了 别的有就发, 这个就算了 下个再通知: one opening declined in the first clause,
// a reason or the others wanted after — nothing to stop and no list asked (这个活我不要了 reads so already); not 那个招工的
// (the service) and not with the sending refused after it.
const ONE_DECLINED_RE = /^(?:这个|那个|这家|那家)(?:[^,.!?\s]{0,4}?(?:活|岗位|厂|工作|活路))?(?:的)?(?:我)?(?:就)?(?:不要|不去|不干|不做|算了)(?:了|啦|咯)?(?:[,.!?\s]|$)/;
const OTHERS_WANTED_OR_REASON_RE = /(?:下个|下一个|别的|其他的?|其它的?|另外的?)[^,.!?]{0,4}(?:再|就)(?:通知|发|推|说|告诉)|工资|工钱|太远|太累|太低|太少|不合适|不要人|招满|去过/;

// --- fresh28's kinds.

// 上回报的名 厂里咋个不打电话来, 前天报了那个 怎么还没人联系: one's own application said by when (not 我), and the word
// that has not come — Round 29's NO_WORD_YET_RE wants 我 before 报.
const APPLIED_WHEN_RE = /^(?:上回|上次|之前|前几天|前天|昨天|那天|上个月|上星期|上周)(?:我)?(?:报|报名|报过名|报了名|申请)(?:了|过)?(?:的名|的|名)?/;
const NO_WORD_RE = /(?:咋个|咋|怎么|为什么|为啥)(?:还|都|一直)?(?:不|没|没有)(?:人)?(?:打电话|来电话|联系|通知|回话|回复|叫我|喊我)/;
// 我还在暂停吗, 现在还是停着的不: one's own pause asked about.
const OWN_PAUSE_ASKED_RE = /^(?:我)?(?:现在)?(?:还在|还是|是不是还在|是不是还)(?:暂停|停着|停)(?:中|的|着)?(?:吗|没|不|么|嘛|呢|哦)$/;
// 现在还会给我发不, 以后还会推吗: whether the sending goes on, asked.
const STILL_SENT_ASKED_RE = /^(?:现在|以后|你们|那)?(?:还)(?:会|能)(?:给我|跟我)?(?:发|推|通知)(?:短信|信息|消息|岗位)?(?:不|吗|么|没|没有)$/;
// 我的报名 查下, 我的申请帮我看一下: one's own application looked up, the verb after it.
const LOOK_UP_AFTER_RE = /^(?:我的|我们的)(?:报名|申请)(?:情况|结果)?(?:帮我|麻烦|请)?(?:查|看|查询)(?:一下|下|查|看|一哈|哈)?(?:嘛|吧|呢)?$/;
// 赶完这批货之前不要发 忙不过来, 栽完秧以前莫推: no sending before a piece of work is done (Round 29 has dates and
// festivals, the refusal ending the text): a pause. Read on the reading, whose separators end the refusal's clause, or
// run together with the busy reason after it (赶完这批货之前不要发忙不过来) — not a kind refused (…之前不要发夜班的).
const WORK_DONE_BEFORE_RE = new RegExp(
  `(?:赶完|忙完|收完|做完|干完|搞完|弄完|种完|栽完|摘完|割完|出院|坐完月子|考完)[^,.!?\\s]{0,6}?(?:以前|之前|前)(?:都|先|就|暂时)?${REFUSE}(?:了|啦|哈|嘛|吧)*(?=$|[,.!?\\s]|忙|没空|没时间|太|事多|活多)`,
);
// 从外面回来了 有活计再发给我: back, and the alerts asked for when there is work — a resume (the pause rule read 再发).
const BACK_RE = /(?:回来了|回家了|到家了|回来啦|回到家了|回来咯)/;
const SEND_WHEN_WORK_RE = /有(?:合适的)?(?:活|活路|活计|工作|事做|岗位)(?:了)?(?:就|再)(?:给我)?(?:发|推|通知|告诉)/;
// 女工被老板欺负, 被工头骂了 我要告: mistreated by the employer's people — a report.
const MISTREATED_RE = /被(?:老板|老板娘|工头|包工头|领班|组长|主管|厂长|师傅|管理|厂里的人)[^,.!?]{0,4}?(?:欺负|打了|打我|骂|骚扰|占便宜|动手|摸)/;

// 报名7001 不要押金的吧, BM1406 能包住吗: an application, then a question about the opening's terms — the application
// (the terms are answered with it), as fresh fixtures label them; not a fee demanded (报名1088 去了说要先交押金: a report).
const APPLY_LEAD_RE = /^(?:报名|bm|baoming|报)(?:号)?[0-9]{3,6}(?:号)?/;
const TERMS_ASKED_RE = /^(?:[^,.!?]{0,6}?)(?:押金|包吃|包住|管吃|管住|宿舍|工资|工钱|多少钱|几点|体检|身份证|要不要|包不包)[^,.!?]{0,6}?(?:吗|吧|不|没|么|嘛|\?)$/;
// 有绣花的活计没得 拿回家做那种: whether there is work of a kind, asked in the first clause, the terms after — a list.
const KIND_ASKED_FIRST_RE = /^(?:有)(?:没有|没得)?[^,.!?\s]{1,8}?的(?:活|活计|活路|工作|岗位)(?:没得|没有|吗|不|没|么)(?=[\s,.!?])/;
// 停电了 明天再说, 手机没电了 晚点再看: the phone or the power out, the answer put off — nothing asked of us.
const OUTAGE_LATER_RE = /^(?:家里|这边|我们这)?(?:停电|停水|没电|手机没电|没信号|没网|断网)(?:了|啦)?(?:明天|晚点|等会|等一下|过会|回头)(?:再)(?:说|看|回|聊)(?:吧|嘛|哈)?$/;

export function readKinds30(c: Clues30): Intent | null {
  const { compact } = c;
  if (isConditionalThreat(compact)) return 'unsubscribe';
  if (NUMBER_REFUSED_RE.test(compact)) return 'unsubscribe';
  if (NOT_COMING_BACK_RE.test(compact) && REFUSAL_AT_END_RE.test(compact)) return 'unsubscribe';
  if (STOP_REFUSED_RE.test(compact) && !/td(?![a-z])/.test(compact)) return 'resume';
  if (withoutEmployerTold(compact) !== compact && isReport(compact)) return 'report';
  if (EVERYTHING_RE.test(compact)) return null;
  if (OUTAGE_LATER_RE.test(compact)) return 'unknown';
  const lead = APPLY_LEAD_RE.exec(compact);
  if (lead && c.code && TERMS_ASKED_RE.test(compact.slice(lead[0].length)) && !/不去|不报|取消|算了|先交|交了|骗|扣/.test(compact)) return 'apply';
  if (KIND_ASKED_FIRST_RE.test(c.reading) && !c.code && !new RegExp(REFUSE).test(compact)) return 'list_jobs';
  if ((APPLIED_WHEN_RE.test(compact) && NO_WORD_RE.test(compact)) || OWN_PAUSE_ASKED_RE.test(compact) || STILL_SENT_ASKED_RE.test(compact) || LOOK_UP_AFTER_RE.test(compact)) return 'status';
  if (WORK_DONE_BEFORE_RE.test(c.reading)) return 'pause';
  if (BACK_RE.test(compact) && SEND_WHEN_WORK_RE.test(compact.slice(compact.search(BACK_RE))) && !new RegExp(REFUSE).test(compact)) return 'resume';
  if (MISTREATED_RE.test(compact) && !c.code) return 'report';
  if (ONE_DECLINED_RE.test(c.reading) && !c.code && !/招工|招聘|短信|信息|消息/.test(compact) && !new RegExp(REFUSE).test(compact) && OTHERS_WANTED_OR_REASON_RE.test(compact)) return 'unknown';
  if (OLD_PLACE_RE.test(compact)) return c.hasPlace ? 'update_place' : 'unknown';
  if (BODY_DEMAND_RE.test(compact) || FORM_REFUSED_RE.test(compact) || ONE_OPENING_RE.test(compact)) return 'unknown';
  return null;
}
