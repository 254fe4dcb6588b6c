/**
 * Affixes that carry no request of their own, taken off before the reader's rules (docs/reader.md,
 * Round 16): a greeting before (你好，, 老板你好, 喂), thanks after (谢谢, 多谢, 感谢), sentence-final
 * particles after (嘛 噻 哈 咯 喽 撒 啦 呀 哦 嘞 吧 嗦 啊), and the !!, dots and emoji around them.
 * The rules were written against texts as workers send them, and each anchors its own way (a
 * whole-text word, a pattern ending in $); a 你好 before 不消谢 or a 嘛 after 退订短信 moved such a text
 * out of its rule (退订短信嘛 read as help, 你好，不消谢 as a stop). Taking the affixes off once, here,
 * keeps every rule as it is. What is left must still say something: 谢谢 or 你好 alone, 哈哈 and 好吧
 * are read whole.
 *
 * Kept where they mean something:
 * - a question mark (有活吗?) and the question particles 吗 呢 (never taken off);
 * - thanks refused (不用谢, 不消谢, 不谢谢): 谢 after a negation is the reply itself;
 * - thanks after news that work was found (找到活了 谢谢): the thanks make it news, not a stop
 *   (reader-opt-out.ts, FOUND_WORK_NEWS_RE);
 * - an imperative particle after a word of sending (又发嘛, 发吧, 推嘛): 火把节过完了 又发嘛 asks for
 *   the sending again, while a bare 又发 may complain (reader-pause.ts, EVENT_OVER_RESUME_RE);
 *   and after a stop said short (你们停了吧 bids; 你们停了 may tell), not a stop refused (不用停了嘛);
 * - 吧 after 的, which guesses and asks (不会是骗人的吧);
 * - stop signs (🚫, ⛔, 🙅): they are the request, not decoration.
 * Pure.
 */

import { FOUND_WORK_RE } from './reader-opt-out.js';

// 你好，, 老板你好, 阿姐您好啊, 喂喂, hello: a greeting opening a text with something after it.
const GREETING_HEAD_RE =
  /^(?:(?:老板|师傅|老师|阿姐|阿哥|大哥|大姐|阿叔|阿姨|领导|同志|小妹|美女|帅哥)?(?:你好|您好|你们好|大家好)(?:啊|呀|哈|哦)?|喂+|哈喽|哈罗|hello|hi|hey|嗨|nihao|ninhao)(?=$|[\s,.!?~:;]|[^a-z])[\s,.!?~:;]*/;
// Thanks closing a text, not after a negation (不用谢, 不消谢, 莫谢谢).
const THANKS_TAIL_RE = /(?<![不用消莫别甭])(?:谢谢你们|谢谢你|谢谢您|谢谢啦|谢谢了|谢谢哈|谢谢哦|谢谢|多谢了|多谢|感谢你们|感谢|谢了|谢啦|thanks|thankyou|thank you|thx)$/;
// Sentence-final particles of Honghe speech and of chat; 吗 and 呢 ask, and stay.
const PARTICLE_TAIL_RE = /[嘛噻哈咯喽撒啦呀哦嘞吧嗦啊噢喔]$/;
// !!, dots, spaces and emoji (with skin tones, joiners and variation selectors) after the text; ? stays.
const NOISE_TAIL_RE = /(?:[\s,.!~…;:\u{1F3FB}-\u{1F3FF}\u200d\ufe0f\u20e3\u2640\u2642]|(?![🚫⛔❌🙅🛑✋📵🔕])\p{Extended_Pictographic})+$/u;
// (📵 and 🔕, no phones and the bell off, since Round 34: an unclear stop, reader-kinds-34.ts.)
const STOP_SIGN_RE = /[🚫⛔❌🙅🛑✋📵🔕]/gu;
// Where a particle means something: after a word of sending (又发嘛) or a stop said short (停了吧).
// 吧 after 的 guesses and asks (骗人的吧, 是真的吧).
const MEANINGFUL_PARTICLE_BEFORE_RE = /(?:发|推|推送|通知)$|(?<!不用|不要|别|莫|不|甭|不消)(?:停了|停掉|停下来)$/;
const GUESS_RE = /的吧$/;

/** What is said, as letters, digits and characters: enough must be left to read. */
function substance(text: string): number {
  const n = text.replace(STOP_SIGN_RE, '停').replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '').length;
  // 你好 🚫📩: a stop sign with other emoji is enough to read, as ⛔⛔ is (Round 31: fresh29's 🚫📩 lost to a greeting);
  // only the signs that forbid — 你好 ✋ may wave (Round 32).
  return n === 1 && /[🚫⛔❌🛑📵🔕]/u.test(text) && /^[\s\p{P}\p{S}\p{Extended_Pictographic}\u200d\ufe0f]+$/u.test(text) ? 2 : n;
}

/** The text without its greeting, thanks, particles and trailing noise (normalized text in and out). */
export function stripAffixes(normalized: string): string {
  let text = normalized;
  const head = GREETING_HEAD_RE.exec(text);
  if (head && head[0].length > 0 && substance(text.slice(head[0].length)) >= 2) text = text.slice(head[0].length);
  for (let changed = true; changed; ) {
    changed = false;
    const noise = NOISE_TAIL_RE.exec(text);
    if (noise && substance(text.slice(0, noise.index)) >= 1) {
      text = text.slice(0, noise.index);
      changed = true;
    }
    const thanks = THANKS_TAIL_RE.exec(text);
    if (thanks && substance(text.slice(0, thanks.index)) >= 2 && !FOUND_WORK_RE.test(text.slice(0, thanks.index).replace(/[\s\p{P}\p{S}]/gu, ''))) {
      text = text.slice(0, thanks.index);
      changed = true;
      continue;
    }
    if (PARTICLE_TAIL_RE.test(text) && !GUESS_RE.test(text)) {
      const rest = text.slice(0, -1);
      // (好吧, 哈哈, 要得嘛 are answers whole; 又发嘛 and 停了吧 keep their particle.)
      if (substance(rest) >= 2 && !PARTICLE_TAIL_RE.test(rest.replace(NOISE_TAIL_RE, '')) && !MEANINGFUL_PARTICLE_BEFORE_RE.test(rest)) {
        text = rest;
        changed = true;
      } else if (substance(rest) >= 2 && PARTICLE_TAIL_RE.test(rest)) {
        // 嘛嘛, 啦哈: a run of particles keeps its first, which the test above then weighs.
        text = rest;
        changed = true;
      }
    }
  }
  return text.trim();
}
