// How a reading's intent is scored against a text's labels, shared by reader:check, reader:probe and
// tests/unit/reader-eval.test.ts (docs/reader.md "Scoring: the finer readings of list_jobs").
//
// `details` (one opening's full terms: 1003包吃住吗, 那个缝纫的管饭不) and `wage_query` (what a kind of work pays here:
// 缝纫多少钱一天) are finer readings of a question about openings, which the blind writers' brief labels `list_jobs`
// ("asking what work/openings there are, or about an opening's details or terms"). Where the labels include list_jobs,
// either is right; where they do not (unknown alone, a report), neither is. `npm run parse` reports the reader's own
// intent, unmapped: this is the scorers' rule, not the reader's output.

/** The reader's intents that count as a given label's, beyond the label itself. */
export const FINER_READINGS: Readonly<Record<string, readonly string[]>> = { list_jobs: ['details', 'wage_query'] };

/**
 * Questions about one opening's terms that earlier sets labelled unknown, before the lead's decision of Round 35 (docs/reader.md
 * "Round 35") that such a question reads `details` (with its code, or null for the opening last alerted) — the reply is the
 * opening's full terms, which answers each. Listed one by one, as reader-eval.test.ts lists the reports labelled before the
 * report intent, so that no other unknown text can become `details` unnoticed; a `details` reading of these counts.
 * (fresh4–fresh10 and worker-texts.jsonl; 1024在哪点 is also CONFLICTS8's: fresh-texts labels its kind list_jobs. 1024那个是做哪样的,
 * "job detail question", was added in Round 35b, when what the opening pointed at is became a question of its terms.)
 */
export const TERMS_BEFORE_THE_DECISION: ReadonlySet<string> = new Set([
  '1024在哪点',
  '1024那个是做哪样的',
  '1024工资多少',
  '60岁了还要不要',
  '一个月休几天',
  '不是 我问的是工资多少',
  '你们发工资吗',
  '几点上班',
  '几点上班 有没得车接',
  '加班多不多',
  '加班费咋个算 是不是两班倒',
  '包吃住不',
  '包吃住吗',
  '工资咋个算 计件还是月薪',
  '工资多少',
  '工资是按月发还是按天发',
  '我不是要退订，我问1024要不要女的',
  '我五十了还要不要',
  '老板不管吃吗',
  '老表 那个厂在哪点嘛 我找不到',
  '要不要体检',
  '车费报不报',
  '这个厂在哪点',
  '那个厂在哪点',
  '那个厂是做哪样的',
  '那个服装厂包不包吃',
  '那个服装厂包吃住不',
]);

/**
 * Whether a reading's intent is right for a text labelled with `labels` (any one of them); `text`, when given, lets a text of
 * TERMS_BEFORE_THE_DECISION count a `details` reading.
 */
export function intentMatches(labels: readonly string[], intent: string, text?: string): boolean {
  if (labels.includes(intent) || labels.some((l) => FINER_READINGS[l]?.includes(intent) ?? false)) return true;
  return intent === 'details' && text !== undefined && TERMS_BEFORE_THE_DECISION.has(text);
}
