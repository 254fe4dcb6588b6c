import type { PlaceIndex } from './places.js';
import { findSkillMentions } from './skills.js';

/**
 * Clause boundaries put back into run-together text (docs/reader.md, Round 16c). Voice input has no
 * punctuation and people on basic phones skip the space, so a question and the afterthought after
 * it (今天有零工吗搬运的, 不上夜班的缝纫工有吗新街), a keyword and the kind it asks for (工作采摘, 活路电焊)
 * and a kind or a place and the question about it (建水缝纫有吗, 找个打包的活开远有吗) come as one run; the rules read a clause
 * boundary there (有零工吗 搬运的). A space is put back only where what stands on the other side is
 * a skill word or a place and nothing else, so no other text changes. Each check looks at a bounded
 * piece of the text's start or end: linear time (docs/reader.md, "Linear time").
 */

// A question closed by its particle, then an afterthought of two to ten characters to the end.
const QUESTION_THEN_TAIL_RE = /(吗|么|没得|没有|不有)([^\s,.!?吗么]{2,10})$/;
// What may close an afterthought besides the kind or the place: 的, 的活, 那边, 附近.
const TAIL_CLOSE_RE = /(的活路|的活|的工作|的|那边的?|那点的?|附近的?|一带的?)$/;
// A keyword opening the text, then the kind or the place asked for with no space.
const KEYWORD_LEAD_RE = /^(工作|活路|活计|招工|零工)(?=[^\s,.!?])/;
// A question about a kind closing the text, the kind right before it (建水缝纫有吗).
const KIND_THEN_QUESTION_RE = /(有吗|有么|有没有|有没得|有不有)$/;

export function apartRunTogether(reading: string, places: PlaceIndex): string {
  const mentions = findSkillMentions(reading);
  // The span [start, end) of the reading holds only skill words (and 的 and the like) or a place.
  const onlyKind = (start: number, end: number): boolean => {
    const core = reading.slice(start, end).replace(TAIL_CLOSE_RE, '');
    const coreEnd = start + core.length;
    if (core.length < 2) return false;
    let at = start;
    for (const m of mentions) {
      if (m.end <= at || m.start >= coreEnd) continue;
      if (m.start !== at) break;
      at = m.end;
    }
    if (at >= coreEnd) return true;
    return places.lookup(core).length > 0 && core.length <= 6;
  };
  let out = reading;
  const tail = QUESTION_THEN_TAIL_RE.exec(out);
  if (tail?.[2] && onlyKind(tail.index + (tail[1]?.length ?? 0), out.length)) {
    const cut = tail.index + (tail[1]?.length ?? 0);
    out = `${out.slice(0, cut)} ${out.slice(cut)}`;
  }
  const lead = KEYWORD_LEAD_RE.exec(out);
  if (lead?.[1] && out === reading) {
    const cut = lead[1].length;
    const rest = out.length;
    if (onlyKind(cut, rest) || mentions.some((m) => m.start === cut)) out = `${out.slice(0, cut)} ${out.slice(cut)}`;
  }
  const question = KIND_THEN_QUESTION_RE.exec(out);
  if (question && out === reading && mentions.some((m) => m.end === question.index)) out = `${out.slice(0, question.index)} ${out.slice(question.index)}`;
  // 想找个打包的活开远有吗: a place asked about closing the text, run on after the clause before it — a space
  // before the place (the question stays with it: 开远有吗; Round 22b).
  if (question && out === reading) {
    for (let len = 6; len >= 2; len--) {
      const start = question.index - len;
      if (start < 2 || !/\p{Script=Han}/u.test(reading.charAt(start - 1)) || !/\p{Script=Han}/u.test(reading.charAt(start)) || mentions.some((m) => m.end > start && m.start < question.index)) continue;
      if (places.lookup(reading.slice(start, question.index)).length > 0) {
        out = `${reading.slice(0, start)} ${reading.slice(start)}`;
        break;
      }
    }
  }
  return out;
}

/**
 * 我 妈 的 号   她 看 不 懂   你 们 停 了 吧 (Round 22): a text typed with a space after every character keeps
 * its clause boundaries as wider gaps, which normalizeText collapses into one space like the others, so the
 * clauses ran together (你们停了吧 lost its own clause, 退订 这样就可以了吗 became a question about TD). When every
 * character of the text is typed apart, each run of two or more spaces is a clause boundary: the characters
 * of each clause (letters and digits too: B M 1 0 0 3 is BM1003) are joined and the clauses set apart by one space.
 * A text with fewer than four characters of Chinese is left alone (1 3 stays a menu answer). Linear.
 */
export function closeWideGaps(text: string): string {
  if (!/\S[ \u3000]{2,}\S/u.test(text)) return text;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const apart = text.match(/\p{Script=Han}[ \u3000](?=\p{Script=Han})/gu)?.length ?? 0;
  // Typed apart: at least four characters, none of them touching another.
  if (han < 4 || /\p{Script=Han}\p{Script=Han}/u.test(text) || apart * 2 < han) return text;
  return text
    .trim()
    .split(/[ \u3000]{2,}/u)
    .map((clause) => clause.replace(/(?<=\S) (?=\S)/gu, ''))
    .join(' ');
}
