import type { Intent } from './reader-types.js';
import { WORK_WORD_RE } from './reader-kinds-35.js';

/**
 * Two questions about openings (docs/honest-posts.md), read apart from the other rules so the
 * reader's own files stay as they are; message-reader.ts asks here after its verdict.
 * - `details`: 详情1003, xq1003, 1003详情, 查看1003: the full terms of one opening. A code alone
 *   (1003) is read `unknown` with its code kept, as before (a year or a count looks the same);
 *   the conversation takes it for `details` when no question is open (isLoneCode).
 * - `wage_query`: 缝纫 工价, 缝纫多少钱一天, 采茶一天多少钱, 工价: what a kind of work pays around
 *   here (the wage benchmark). 工资多少 alone stays what it was (a question of no opening). A wage question
 *   names work, a skill or a work word (Round 35): 今天猪肉多少钱一斤 is none.
 * Pure.
 */

/** 详情, 详细, xq (xiangqing), 查看, 看看: words asking for an opening's details, before or after its code. */
const DETAIL_WORD = '(?:详情|详细|细节|具体情况|xq|xiangqing|xiang qing|查看|看看|看下|看一下)';
const DETAILS_BEFORE_RE = new RegExp(`^(?:请|我要|我想)?${DETAIL_WORD}(?:编号|号)?([0-9]{3,6})(?:号)?(?:的)?(?:详情|岗位|情况)?$`);
const DETAILS_AFTER_RE = new RegExp(`^(?:编号)?([0-9]{3,6})(?:号)?(?:的)?${DETAIL_WORD}$`);

/** What a kind of work pays: 工价, 多少钱一天, 一天多少钱, 一个月多少, 一件多少钱, 什么价, 行情. */
const WAGE_ASK_RE = /工价|(?:多少钱?|几多钱|好多钱|啥价|什么价)(?:一天|一个月|一月|一件|一斤|一个)|(?:一天|一个月|一月|一件|一斤|每天|每月|每件)(?:多少钱?|几多钱|好多钱|给多少|能挣多少|能拿多少)|(?:工资|工钱)行情|行情(?:怎么样|如何|咋样)/;
/** A wage question that is about something else: a report (没给工价), a refusal (工价太低不做). */
const NOT_WAGE_ASK_RE = /没给|不给|欠|扣|拖|太低|太少|不做|不干|不去|退订|别发|不要发/;

/** Readings a question of details or wages may replace: what the other rules made of the words around the code or skill. */
const REPLACEABLE: ReadonlySet<Intent> = new Set<Intent>(['unknown', 'apply', 'subscribe', 'confirm']);

/**
 * `details` or `wage_query` when the text asks one, else null. `compact` is the reading without
 * spacing and punctuation; `intent` the verdict of the other rules (a stop, a pause or a report
 * always stays what it is).
 */
export function readDetailsOrWage(compact: string, intent: Intent, hasSkill = false): { intent: 'details'; code: string } | { intent: 'wage_query' } | null {
  if (!REPLACEABLE.has(intent)) return null;
  const asked = DETAILS_BEFORE_RE.exec(compact) ?? DETAILS_AFTER_RE.exec(compact);
  if (asked?.[1]) return { intent: 'details', code: asked[1] };
  if (compact.length <= 30 && WAGE_ASK_RE.test(compact) && !NOT_WAGE_ASK_RE.test(compact) && !/[0-9]{3,6}|有没有|有没得|招|岗位|找/.test(compact) && (hasSkill || WORK_WORD_RE.test(compact))) return { intent: 'wage_query' };
  return null;
}

/** A code and nothing else (1003): the conversation's `details` when no dialog is open. */
export function isLoneCode(compact: string, code: string | null): code is string {
  return code !== null && compact === code && /^[0-9]{3,6}$/.test(code);
}
