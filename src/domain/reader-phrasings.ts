import { pinyin } from 'pinyin-pro';
import type { Intent } from './reader-types.js';

/**
 * Phrasings whose words the general rules read as something else (docs/reader.md "Round 16e"): an
 * acknowledgement said twice (收到收到 is no question about one's state), a public-service question
 * (医保今年交多少钱) or a free course (不要钱的培训有没有) that is none of ours, "don't hurry me" before
 * news (别催了 明天就去面试), a list asked with a time before it (过完年哪些厂开工要人), the sending asked
 * to go on (孩子开学了 又有空了 继续给我发), work wished for near home with a place and the worker's
 * circumstances (想找个在家门口的厂上白班 我在芷村 孩子要接送), a sign-up in English (I can do packing,
 * live in Gejiu, pls send jobs) and the pinyin initials of a stop phrase (byfl). Pure; reader-rules.ts
 * asks it after the confirmations and the questions about one's own subscription.
 */

/** What these readings look at (a part of reader-rules.ts's Clues). */
export interface PhrasingClues {
  reading: string;
  compact: string;
  skills: string[];
  hasPlace: boolean;
  code: string | null;
}

// Words that ask to stop or to hold the messages: with one, none of these readings applies.
const STOP_OR_HOLD_RE =
  /td|退订|退定|拒收|取消|删|注销|拉黑|屏蔽|暂停|(不要|别|莫|甭|不用|不消|勿)(再)?(给我)?(继续|接着)?(发|推|通知|打扰|联系)|先别|先不|再说|再发|stop|unsubscribe|cancel|remove|don'?t send|no more/;

// 收到收到, 好的好的, 知道了知道了: one acknowledgement said twice or more — still only an answer.
const DOUBLED_ACK_RE = /^(收到了?|收到啦|好的|好滴|好嘞|知道了|晓得了|明白了?|要得|可以|ok|okay|嗯嗯|是的|对的)(?:[\s,.!~]*(收到了?|收到啦|好的|好滴|好嘞|知道了|晓得了|明白了?|要得|可以|ok|okay|嗯嗯|是的|对的))+[\s,.!~]*$/;

// 医保今年交多少钱, 社保怎么交, 新农合在哪里交: a public service asked about, not work (a factory that
// pays social insurance is about an employer: with 厂, 老板 … it is left to the other rules).
const PUBLIC_SERVICE_RE = /医保|社保|养老保险|医疗保险|合作医疗|新农合|农合|低保|养老金|残疾证|身份证办|户口/;
const QUESTION_RE = /多少|怎么|咋个|咋|如何|哪里|哪点|哪儿|在哪|什么时候|啥时候|几号|几时|吗|么|没得|没有|有没有|不\??$|\?/;
const EMPLOYER_RE = /厂|老板|公司|单位|岗位|招工|招人|上班|活路|工地|包工头|工资|工钱/;

// 不要钱的培训有没有 想学电焊, 免费培训在哪里报: a course asked about (training is not an opening we send).
const TRAINING_RE = /培训|学习班|技校|技能班|夜校/;
const FREE_OR_WHERE_RE = /免费|不要钱|不收钱|不收费|不花钱|有没有|有没得|哪里|哪点|在哪|什么时候|啥时候/;
const OPENING_RE = /招工|招人|岗位|活路|上班|工作|厂|报名[0-9]|bm[0-9]/;

// 别催了 明天就去面试, 莫催 我在路上了: "don't hurry me" and news — nothing asked.
const DONT_HURRY_RE = /^(你们)?(别|莫|不要|不用|甭)(再)?催/;
// 明天就去面试, 下午去面试: going to an interview, told — news, not an application (no code).
const INTERVIEW_NEWS_RE = /^(我)?(明天|后天|今天|下午|上午|晚上|等下|等会|马上|这就)(就)?(去|要去|过去)?面试(了|去了)?$/;

// 过完年哪些厂开工要人, 火把节过了哪家厂招人: which employers hire, with a time before — a list, not a
// pause (the time says when the work starts, not when to send).
const WHICH_HIRE_RE = /(哪些|哪个|哪家|哪几家|什么|啥子?|哪样)(厂|工厂|公司|基地|工地|活|活路|工作|岗位|老板)[^,.!?]{0,4}(开工|复工|要人|招人|招工|缺人|收人|要工人|请人|上工)/;

// 孩子开学了 又有空了 继续给我发招工信息: the sending asked to go on — a resume (a worker never
// paused is simply answered with their state); 重新发 asks for the list again (a resend, read elsewhere).
const GO_ON_RE = /(继续|接着|照常|照样)(给我|帮我|跟我)?(发|推|推送|通知)/;

// 想找个在家门口的厂上白班 我在芷村 孩子要接送: work wished for, and where the worker is — a sign-up,
// whatever circumstances (children, parents) come with it.
const WORK_WISH_RE = /(想|要|想要)(找|寻)(个|份|点)?[^,.!?]{0,10}(厂|活|活路|工作|事做|班)|(想|要)(在|到)[^,.!?]{0,8}(上班|打工|做工|干活|做活)|想上(白班|夜班|班)/;

// An English sign-up: what the worker can do and the wish to be sent work (I can do packing, live in
// Gejiu, pls send jobs): not a bare list request.
const ENGLISH_SELF_RE = /\bi\s*(can|do|am|know|have|worked|work|did)\b|\bi'?m\b|\bmy (job|work|skill)/;
const ENGLISH_SEND_RE = /\b(send|jobs?|work|notify|tell)\b/;

// The stop phrases whose initials workers type (byfl is 不要发了): a whole text of initials of three
// letters or more is an unclear stop — short and ambiguous, so alerts stop and the worker is asked.
const STOP_PHRASES = [
  '不要发了', '别发了', '别再发了', '不要再发了', '不要再发', '莫发了', '莫再发了', '不发了', '不要发', '莫要发', '不用发了',
  '不要发短信', '别发短信', '停止发送', '不要打扰', '别打扰', '不需要了', '不要了', '退订了', '别再发', '莫再发',
];
const STOP_INITIALS = new Set(STOP_PHRASES.map((p) => pinyin(p, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase()).filter((w) => w.length >= 3));

// The list questions whose initials workers type (yhlmd is 有活路没得, Round 22b): a whole text of initials of
// four letters or more asks what work there is — nothing is changed by a wrong guess.
const LIST_PHRASES = [
  '有活路没得', '有活没得', '有活没有', '有活路没有', '有没有活', '有没得活', '有没有活路', '有没得活路', '有活路吗', '有工作吗',
  '有没有工作', '有什么活', '有哪样活', '有啥活路', '有活路不', '哪点有活', '哪里有活', '哪里有工作',
];
const LIST_INITIALS = new Set(LIST_PHRASES.map((p) => pinyin(p, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase()).filter((w) => w.length >= 4 && !STOP_INITIALS.has(w)));

export function readPhrasing(c: PhrasingClues): { intent: Intent; unclear?: true } | null {
  const t = c.compact.trim();
  if (STOP_INITIALS.has(t.replace(/[\s,.!?]/g, ''))) return { intent: 'unsubscribe', unclear: true };
  if (LIST_INITIALS.has(t.replace(/[\s,.!?]/g, ''))) return { intent: 'list_jobs' };
  if (DOUBLED_ACK_RE.test(t)) return { intent: 'unknown' };
  // 回复 alone: 恢复 typed by its sound (the corrector keeps 回复, an everyday word, as it is).
  if (t === '回复') return { intent: 'resume' };
  if (STOP_OR_HOLD_RE.test(t)) return null;
  if (PUBLIC_SERVICE_RE.test(t) && QUESTION_RE.test(t) && !EMPLOYER_RE.test(t) && c.code === null) return { intent: 'unknown' };
  if (TRAINING_RE.test(t) && FREE_OR_WHERE_RE.test(t) && !OPENING_RE.test(t.replace(TRAINING_RE, '')) && c.code === null) return { intent: 'unknown' };
  const hurry = DONT_HURRY_RE.exec(t);
  if (hurry && c.code === null && !/报名|bm|订阅/.test(t)) return { intent: 'unknown' };
  if (INTERVIEW_NEWS_RE.test(t)) return { intent: 'unknown' };
  if (WHICH_HIRE_RE.test(t) && c.code === null) return { intent: 'list_jobs' };
  if (GO_ON_RE.test(t) && c.code === null && !/不|别|莫|停/.test(t.slice(0, t.search(GO_ON_RE)).slice(-3))) return { intent: 'resume' };
  const words = c.reading.toLowerCase();
  if (/[a-z]{3}/.test(t) && c.skills.length > 0 && ENGLISH_SELF_RE.test(words) && ENGLISH_SEND_RE.test(words)) return { intent: 'subscribe' };
  if (WORK_WISH_RE.test(t) && c.hasPlace && c.code === null && !/吗|么|呢|\?|有没有|有没得|哪/.test(t)) return { intent: 'subscribe' };
  return null;
}
