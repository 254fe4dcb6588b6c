import type { PlaceCandidate } from './places.js';

/** What the reader makes of a worker's text: the types every part of the reader shares. */

export type Intent =
  | 'subscribe'
  | 'unsubscribe'
  | 'help'
  | 'list_jobs'
  | 'apply'
  | 'pause'
  | 'resume'
  | 'status'
  | 'update_skills'
  | 'update_place'
  | 'confirm'
  /** A report against an employer: unpaid wages, a deposit taken, pay docked, a false post (reader-report.ts). */
  | 'report'
  /** The full terms of one opening: 详情1003, xq1003 (reader-details.ts; a lone 1003 is read unknown and taken for it by the conversation). */
  | 'details'
  /** What a kind of work pays here: 缝纫 工价, 缝纫多少钱一天 (reader-details.ts, the wage benchmark). */
  | 'wage_query'
  | 'unknown';

/** How long a worker asked not to be sent alerts. */
// end_of_week: until 00:00 Beijing time next Monday (这周不要发 asks for the rest of this week).
// month: until a calendar month (十月份以前不要发: 1 October; 8月底再发: 1 September; 9月中: the 15th), the next one to come.
export type PauseLength = { days: number } | { until: 'after_spring_festival' | 'end_of_week' } | { month: number; edge: 'start' | 'mid' | 'end' };

/** What a worker's text says, as far as words alone can tell. */
export interface ReadMessage {
  /**
   * What the text asks for. `confirm` only for an explicit confirmation (确认, 确定, 确认无误);
   * other yes-words (好, 嗯, 收到, 👍) mean something only as the answer to a question, so they
   * read `unknown` with `affirmative` set. Both are `affirmative`, and the conversation treats a
   * `confirm` with no question open exactly as `unknown`.
   */
  intent: Intent;
  /** Canonical skill names, in order of mention. */
  skills: string[];
  /** Places mentioned, in order of mention, the best candidate of each first. */
  places: PlaceCandidate[];
  /** The application code (a job's number), digits only. */
  code: string | null;
  /** Only for the pause intent; null there when no length was given (先别发). */
  pause: PauseLength | null;
  normalized: string;
  /**
   * Bare numbers such as "1 3" or "1,3": answers to a numbered menu. The intent is then
   * unknown, because only the conversation knows what the menu was.
   */
  menuChoices: number[];
  /**
   * For the unsubscribe intent: 'sure' when the words leave no doubt (TD, 退订, 别再发了),
   * 'unclear' when the text may be a request to stop (天天发烦死了, 我没订过): alerts then stop at
   * once and the worker is asked to confirm (回TD退订，回1继续接收). Null for other intents.
   */
  optOut: 'sure' | 'unclear' | null;
  /** 打电话通知 / 语音 ('on'), 不要打电话 ('off'): alerts by phone call or not (reader-voice.ts). */
  voiceCalls?: 'on' | 'off' | null;
  /** A yes-word (好, 可以, 要得, 👍): the answer to a question if a dialog asked one. */
  affirmative: boolean;
  /**
   * Neither the rules nor the model could tell what the text wants: the bot asks a numbered
   * question (回1找工作 2查岗位 3暂停 4退订) instead of guessing. The intent is then unknown.
   */
  clarify: boolean;
  /**
   * One person of a shared phone (docs/shared-phones.md): BM1003 2 applies for person 2, TD 2
   * stops person 2 only. Absent when the text names no one.
   */
  person?: number;
  /** 加一个人: the sender adds another person to their phone (the subscribe dialog for them). */
  addPerson?: true;
  /** Where the reading came from: a rule, the statistical model, or neither. */
  source: 'rule' | 'model' | 'none';
  /**
   * Set where the wide model (Round 33, docs/reader.md) was near certain of another reading than the rules': what
   * each read and how sure the model was, whether or not its reading was taken (source says which was). For review:
   * scripts/reader-disagreements.ts lists them for any set of texts.
   */
  disagreement?: { rule: Intent; model: Intent; p: number };
  /**
   * Set on an opt-out that also reports an employer (老板不给工资 TD, 举报1003 老板骗人 别再发了): the
   * worker is opted out and the case is opened too, with this code (docs/cases.md).
   */
  alsoReport?: { code: string | null };
  /** The text as read: emoji out, pinyin and homophones of known words corrected. */
  reading: string;
}
