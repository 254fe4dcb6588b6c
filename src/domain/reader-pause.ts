import type { PauseLength } from './reader-types.js';
import { CN_DIGIT } from './reading-text.js';

/**
 * Pause and resume in the message reader (message-reader.ts): the patterns that ask for a
 * pause or its end, how long a pause is (暂停15天, 过完年再说, 收完烤烟), and when it ends.
 */

// … and a span the refusal holds for (三个月不要发, 这两个月莫发): not 发了三个月 不要再发 (Round 23+).
export const PAUSE_CUE_RE =
  /先|暂时|暂且|这几天|这段时间|这阵子|这个月|最近|过几天|过段时间|过一段时间|晚点|晚些|以后再|之后再|后再|再说|等[^,.!?]{0,10}(再|后|完|了)|过完年|过了年|过年|年后|春节|农忙|忙完|几天|(过|停|等|暂停|歇|休息)[^,.!?]{0,2}[0-9一二两三四五六七八九十半几]+个?(天|周|星期|礼拜|月)|(?<![0-9一二两三四五六七八九十半几])[0-9一二两三四五六七八九十半几]+个?(天|周|星期|礼拜|月)(以后|之后|后|再|才)|(?<![0-9一二两三四五六七八九十半几]|[发收订推做干]了?)[0-9一二两三四五六七八九十半几]+个?(天|周|星期|礼拜|月)(内|之内|以内|里)?(先|就)?(不要|别|莫|不用|不消|甭)(?!再)|个把月|下个?月|下个?(周|星期|礼拜)|明年|回来|(收|烤|摘|栽|种|割|挖|掰)完|月底|年底|节后|过节|暂停|这周|这个?星期|这个?礼拜|本周|本月|今天|明天|这两天|这一阵|今年|till|until|nextweek|nextmonth|fornow|awhile|for(?:a|one|two|three|[0-9]+)(?:day|week|month)/;
// 烟叶收完了 又可以做活了, 我妈出院了 可以接着收了: the event waited for is over, said as news in
// a clause of its own, and the sending asked to go on — a resume, not a pause until it (又发嘛
// asks; a bare 又发 may complain).
export const EVENT_OVER_RESUME_RE =
  /(?:(完了|好了|出院了|回来了|回家了|到家了|过了|结束了|忙完了|收完了|病好了|开学了|坐完月子了|满月了|(过完|忙完|忙过|忙好|收完|过了)[^,.!?\s]{1,4}了)(啦|咯)?[\s,.!?]+[^,.!?]{0,14}?(又可以|又能|可以接着|接着(收|发|接收|推|通知)|继续(收|发|接收|推|通知)|可以(再|重新)?(给我|给我们)?(收|发|接收|推)(短信|信息|消息|通知|活|活路|工作|岗位)?(了|啦)|重新(发|收|接收|推)|恢复|又(给我|给我们)?(发|推|通知)(吧|嘛|哈|咯|噻)+$|再(给我|给我们)?(发|推|通知)(吧|嘛|了|啦|哈|咯|噻)*$)|(?:完了|好了|出院了|回来了|过了|结束了|忙完了|收完了|病好了|开学了)(?:啦|咯)?(?:你们|您|你们就|那就|就)?(?:可以(?=接着|继续))?(?:又可以|又能|可以接着|接着(?:收|发|接收|推|通知)|继续(?:收|发|接收|推|通知)|又(?:给我|给我们)?(?:发|推|通知)(?:吧|嘛|哈|咯|噻)+$))/;

// 出去打两个月工 回来接着发, 忙完秋收再接着推: the sending asked to go on once an event still to come is
// over — a pause until it (Round 22b); with the event told as over (回来了 接着发) it is a resume.
export const GO_ON_AFTER_EVENT_RE =
  /(回来|回家|到家|出院|病好|开学|放假|过完年|过完节|过了年|年后|(?<!了)[忙收摘栽插割挖掰打干做]完(?!了)[^,.!?\s了]{0,4})(以后|之后|后)?(再|就)?(接着|继续)(给我)?(发|推|通知|接收|收)/;

// Busy now, send later (Round 25): the end of a busy spell, with the spell named or not (忙过这阵子,
// 忙完这段时间, 忙好了), or the spell said as now (这段时间忙 过后, 现在太忙了 … 忙完) — a pause until it is over,
// of no fixed length. Not 帮忙; 忙完了 可以发了 (the spell told as over, in a clause of its own) is a resume.
export const BUSY_SPELL =
  '(?<!帮)忙(?:完|过|好)(?:了)?(?:这|那)?(?:一)?(?:阵子?|段时间|段日子|段|几天|两天|些天|些日子|一阵子?)?(?:了)?(?:以后|之后|后)?' +
  '|(?:这几天|这两天|这些天|这段时间|这段日子|这阵子?|这一阵子?|最近|近来|现在|目前|这个月|这两个月)(?:太|很|好|特别|比较|有点|实在)?忙(?:得很|不过来|死了|得要命)?(?:了|啊|哦)?[,.!?\\s]*(?:过后|以后|之后|过了|完了|过段时间|过些天|过阵子|等忙完|忙完了?|忙过了?)';
// A busy spell longer than the day (忙过这阵子, 这段时间忙, 太忙了, 忙不过来): "忙完再说" after it puts off the
// alerts, not only the talk (a bare 忙完再说 or 在忙 等下再说 is "later today": LATER_RE, unknown).
export const BUSY_SPAN_RE =
  /(?<!帮)忙(?:完|过|好)(?:了)?(?:这|那)(?:一)?(?:阵|段|几天|两天|些)|(?:这几天|这两天|这些天|这段时间|这段日子|这阵子?|这一阵|最近|近来|这个月|这两个月)(?:太|很|好|特别|比较|有点|实在)?忙|(?:太|特别|实在)忙|忙得很|忙不过来|忙死了/;
// Pauses: a word for it, or a time or event after which to start again.
const PAUSE_EVENT =
  '过完年|过了年|过年后|过年以后|过年|年后|春节后|春节过后|过完春节|过了春节|元宵节?后|(?:正月|元宵)(?:初[一二三四五六七八九十]|十五|十六|半)?(?:节)?(?:过完|过了|以后|之后|后)|(?:火把节|十月年|长街宴|端午节?|中秋节?|国庆节?|清明节?|泼水节|开街节|苦扎扎|昂玛突)(?:过完|过了|以后|之后|后)|' + BUSY_SPELL + '|农忙完|农忙|过阵子|过一阵子?|过些天|过些日子|过段日子|过些时候|这几天忙|这段时间忙|最近忙|等[^,.!?]{1,10}|以后|之后|过段时间|过一段时间|过几天|过两天|晚点|晚些时候|下个?月|下个?(?:周|星期|礼拜)[一二三四五六日天1-7]?|月底|年底|明年|回来|回家|出院|节后|过节|(?:收|烤|摘|栽|种|割|挖|掰|薅)完[^,.!?]{0,4}|[^,.!?]{1,8}?(?:过完|过了|完了|结束)|(?<![0-9一二两三四五六七八九十半几])[0-9一二两三四五六七八九十半几]+个?(?:天|周|星期|礼拜|月)(?:以后|后|之后)?';
export const PAUSE_RE = new RegExp(
  `(明天|后天|大后天)(再|才)(发|说|联系|通知|推)|暂停|暂挺|站停|暂亭|停几天|停一段|停一下|停一阵|停一停|停会儿|停一会|歇几天|歇一段|歇一下|歇会儿|歇一歇|歇一阵|歇阵子|歇段时间|歇两天|歇些天|休息一阵|休息一段时间|休息几天|缓一阵|停阵子|缓一下|缓一缓|缓几天|缓两天|先停|zanting|过\\s*([0-9]+|[一两二三四五六七八九十几]+)\\s*个?(天|周|星期|礼拜|月)\\s*(再|才)|停\\s*([0-9]+|[一二两三四五六七八九十半几]+)\\s*个?(天|周|星期|礼拜|月)|(${PAUSE_EVENT})了?(再|才)(说|发|联系|找|看|打工|上班|通知|推|订|要|接收|收|给我发|来|讲|做)|(${PAUSE_EVENT})(再|才)?(联系|通知|发给?我|给我发|找我|喊我)|先(不要|别|莫|不用|不消|停)[^,.!?]{0,4}(发|推|通知|联系)|先不(再)?(给我)?(发|推|通知)(?!工资|钱)|(这几天|这段时间|这阵子|这个月|最近|暂时)(不要|别|莫|不用|不消|先别|先不要)(再)?(给我)?(发|推|通知|联系)|暂时不(要|用|需要|找|收)`,
);
// 回复推送: 回复 (reply) typed for its homophone 恢复 before a word for sending.
export const RESUME_RE =
  /^(重新)?(开启|开通|打开|开起)(推送|通知|短信|提醒)?(吧|嘛|了|啊)?$|^(那就|就)?(再|重新)(开|打开|开起)(起来|吧|嘛|了|啊)*$|(现在|那就|又)(可以|能)(再|重新)?(开|打开)(了|啦|吧|嘛)|^继续$|^回复(推送|发送|通知|接收|发短信|发信息)(吧|嘛|了|啊)?$|(可以|能|又能)(继续|再|重新)给(我|她|他|我们|他们|她们|俺)(发|推|通知)|恢复|恢服|取消暂停|不暂停|暂停结束|结束暂停|解除暂停|huifu|继续(发|推送|推|接收|通知|订阅|收)|重新(发|推送|接收|开始|通知)|可以(再)?发了|(又|再)可以|开始发|接着发|打开推送|又想(找|打工|上班)|继续找|(回来|忙完|过完年|收完[^,.!?]{0,3})了[^,.!?]{0,6}(发|推|通知|找活|找工作)|(还是|还|又)(要|想)(收|接收)|(?<!不)可以(再|重新)?(给我)?发(短信|信息|消息|通知)?(了|啦)|发吧$|照常发|(?<!不|别|莫|不要|不用|不需要|不消)(又|再)(给我)?发|继续接收|开通/;

/** Reads 15, 十五, 两, 半 and 二十 as numbers; null for 几 (a few), which is no length. */
function readNumber(text: string): number | null {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (text === '半') return 0.5;
  if (/几/.test(text)) return null;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch in CN_DIGIT) {
      current = CN_DIGIT[ch] ?? 0;
    } else {
      return null;
    }
  }
  return total + current || null;
}

const UNIT_DAYS: Record<string, number> = { 天: 1, 日: 1, 周: 7, 星期: 7, 礼拜: 7, 月: 30, 年: 365 };

export function readPause(said: string): PauseLength | null {
  // 十月年 (the Hani new year) is a festival, not ten months.
  const compact = said.replace(/十月年/g, '节');
  if (/过完年|过了年|过年后|过年以后|过年再|过年回来|年后|春节后|春节以后|过完春节|等过年|正月(初[一二三四五六七八九十]|十五|十六|半)?(节)?(过|后|以后|之后)|元宵(节)?(过|后)|明年/.test(compact)) {
    return { until: 'after_spring_festival' };
  }
  if (/个把月|一个多月/.test(compact)) return { days: 30 };
  if (/^(明天|明日)|[^0-9]明天再/.test(compact)) return { days: 1 };
  if (/后天再/.test(compact)) return { days: 2 };
  if (/^今天(先|就)?(不|别|莫)(要|用)?(发|推)/.test(compact)) return { days: 1 };
  if (/下个?月|nextmonth/.test(compact)) return { days: 30 };
  if (/下个?(周|星期|礼拜)|nextweek/.test(compact)) return { days: 7 };
  // The rest of this week, whatever day it is: the pause ends on Monday.
  if (/thisweek|这周|这个?星期|这个?礼拜|本周/.test(compact)) return { until: 'end_of_week' };
  if (/today|tomorrow/.test(compact)) return { days: 1 };
  const english = /(a|one|two|three|four|five|six|[0-9]+)(day|week|month)s?/.exec(compact);
  if (english?.[1] && english[2]) {
    const n = /^[0-9]+$/.test(english[1]) ? Number(english[1]) : ['a', 'one', 'two', 'three', 'four', 'five', 'six'].indexOf(english[1]) || 1;
    return { days: Math.max(1, n * (english[2] === 'day' ? 1 : english[2] === 'week' ? 7 : 30)) };
  }
  // 十月份以前, 8月底, 9月中, 三月再发: a month of the calendar (its number straight before 月, then 份, 底, 初, a
  // day, before/after or 再), not a count of months (三个月); 两月 and 几月 are counts or questions.
  const month = CALENDAR_MONTH_RE.exec(compact);
  if (month?.[1]) {
    const n = readNumber(month[1]);
    if (n !== null && n >= 1 && n <= 12) return { month: n, edge: /^(底|末|过|完)/.test(month[2] ?? '') ? 'end' : /^中/.test(month[2] ?? '') ? 'mid' : 'start' };
  }
  const m = /((?<![0-9])[0-9]+|(?<![零〇一二两三四五六七八九十百半几])[零〇一二两三四五六七八九十百半几]+)(?:个|多个|来个)?多?(天|日|周|星期|礼拜|月|年)/.exec(compact);
  const n = m?.[1] ? readNumber(m[1]) : null;
  const unit = m?.[2] ? UNIT_DAYS[m[2]] : undefined;
  if (n !== null && unit !== undefined) return { days: Math.max(1, Math.round(n * unit)) };
  // Events without a date get the time they usually take, so alerts come back on their own:
  // a harvest or the tobacco season about a month, the end of the month about two weeks, a
  // festival a week, being away or in hospital two weeks. 恢复 ends any of them earlier.
  for (const [re, days] of EVENT_PAUSES) if (re.test(compact)) return { days };
  return null;
}

const CALENDAR_MONTH_RE = /(?<![0-9零〇一二两三四五六七八九十百半几个])(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(份底|份末|份初|份中|份|底|末|初|中|[0-9]+[号日]|以前|之前|前|以后|之后|后|过|完|再|才)/;

const EVENT_PAUSES: readonly (readonly [RegExp, number])[] = [
  [/(收|烤|摘|栽|插|割|挖|掰|薅|种)完|农忙|秋收|春耕|烤烟|收烟|收苞谷|收谷子/, 30],
  [/月底|月末/, 15],
  [/(节|中秋|国庆|端午|火把节|十月年|长街宴)(过|完|后|以后)|过(完|了)?(火把节|十月年|长街宴|中秋|国庆|端午|[^,.!?]{0,3}节)/, 7],
  [/回来|出院|病好|回家|坐完月子/, 14],
];

// Chinese New Year (正月初一) dates, Beijing time, from the Purple Mountain Observatory's
// published lunar calendar (as reproduced by the Hong Kong Observatory's Gregorian–lunar
// conversion tables). 元宵 (正月十五) is 14 days later. ICU's chinese calendar (Intl) agrees
// except in 2027 and 2030, where the new moon falls within minutes of Beijing midnight and its
// simpler astronomy puts 正月初一 a day off; the official calendar is the one people keep.
const CHINESE_NEW_YEAR: readonly string[] = [
  '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03',
  '2031-01-23', '2032-02-11', '2033-01-31', '2034-02-19', '2035-02-08',
];
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * When a pause ends: after N days, at 00:00 Beijing time next Monday (end of this week), or at 00:00 Beijing time on the day after the Lantern
 * Festival (元宵) that closes the coming (or current) Spring Festival.
 */
export function resolvePauseUntil(pause: PauseLength, now: Date): Date {
  if ('days' in pause) return new Date(now.getTime() + pause.days * DAY_MS);
  if ('month' in pause) return monthStart(pause, now);
  if (pause.until === 'end_of_week') {
    // 00:00 Beijing time on the Monday after today (a Monday's "this week" ends a week later).
    const beijing = new Date(now.getTime() + BEIJING_OFFSET_MS);
    const midnight = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate()) - BEIJING_OFFSET_MS;
    const daysToMonday = ((8 - beijing.getUTCDay()) % 7) || 7;
    return new Date(midnight + daysToMonday * DAY_MS);
  }
  for (const date of CHINESE_NEW_YEAR) {
    // Midnight Beijing time on the day after 元宵 = New Year's day + 15 days.
    const end = Date.parse(`${date}T00:00:00+08:00`) + 15 * DAY_MS;
    if (end > now.getTime()) return new Date(end);
  }
  // Past the table: the New Year falls between 21 January and 20 February, so 7 March (20
  // February + 15 days) is always after the festival, if up to a month late.
  const beijingYear = new Date(now.getTime() + BEIJING_OFFSET_MS).getUTCFullYear();
  const thisYear = Date.parse(`${beijingYear}-03-07T00:00:00+08:00`);
  return new Date(thisYear > now.getTime() ? thisYear : Date.parse(`${beijingYear + 1}-03-07T00:00:00+08:00`));
}

/**
 * 00:00 Beijing time when a calendar-month pause ends: the month's 1st (start), 15th (mid) or the next month's 1st
 * (end), the next such day to come. Asked within the month itself for its start (十二月以前 in December), the pause is
 * a day: the month the worker waited for has come.
 */
function monthStart(pause: { month: number; edge: 'start' | 'mid' | 'end' }, now: Date): Date {
  const beijing = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const year = beijing.getUTCFullYear();
  if (pause.edge === 'start' && beijing.getUTCMonth() + 1 === pause.month) return new Date(now.getTime() + DAY_MS);
  const at = (y: number): number => {
    const [m, d] = pause.edge === 'end' ? [pause.month + 1, 1] : [pause.month, pause.edge === 'mid' ? 15 : 1];
    return Date.UTC(y, m - 1, d) - BEIJING_OFFSET_MS;
  };
  const end = at(year) > now.getTime() ? at(year) : at(year + 1);
  return new Date(end);
}
