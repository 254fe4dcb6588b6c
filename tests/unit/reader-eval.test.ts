import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { intentMatches } from '../../scripts/reader-scoring.js';

/**
 * The fresh evaluation (issue #14): labelled worker texts written by someone who had not read
 * the reader, in every style workers use (keywords, dialect, typos, pinyin, voice input, older
 * people, relatives, traditional characters, spaced words, full width, emoji, English). The
 * scoring rules are those of the evaluation's score.mjs: a text is right when the intent is
 * one of its labels and, where given, the skills are the same set, a place matches loosely
 * (the name without its suffix) and the code is equal. Never tune a rule to one of these
 * texts: add the kind to the lexicon and to data/reader-train.jsonl.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Labelled {
  text: string;
  intents: string[];
  skills?: string[];
  place?: string;
  code?: string;
  style?: string;
}

const load = (name: string): Labelled[] =>
  readFileSync(path.join(repoRoot, 'tests', 'fixtures', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Labelled);

// The place rule of score.mjs, word for word in behaviour.
const SUFFIX = /(社区居民委员会|居民委员会|村民委员会|村委会|社区|苗族瑶族傣族自治县|哈尼族彝族自治州|[\u4e00-\u9fa5]{0,6}?族(自治县|乡)|自治县|街道|镇|乡|市|县|区|村|州)$/;
const bare = (s: string): string => s.replace(/\s+/g, '').replace(SUFFIX, '') || s;
const PREF = '红河哈尼族彝族自治州';

function segments(place: { name: string; fullName: string }): string[] {
  const i = place.fullName.indexOf(PREF);
  const below = i >= 0 ? place.fullName.slice(i + PREF.length) : place.fullName;
  const parts = below.match(/.+?(社区居民委员会|居民委员会|村民委员会|村委会|自治县|街道|社区|农场|镇|乡|市|县|区)/g) ?? [];
  return [place.name, ...parts].filter(Boolean);
}

function placeMatches(label: string, places: ReadMessage['places']): boolean {
  const want = [label, bare(label)];
  return places.some((p) => {
    if (p.fullName.includes(label)) return true;
    return segments(p).some((seg) => {
      const b = bare(seg);
      return want.includes(seg) || want.includes(b) || seg.startsWith(label) || b === bare(label);
    });
  });
}

/**
 * Complaints about an employer labelled unknown ("complaint, no request") before the reader had
 * the report intent (issue #17 §2, docs/cases.md): each names unpaid wages or a post that was not
 * real, which is what `report` now reads. Counted right when read as a report; listed one by one
 * so no other unknown text can become a report unnoticed.
 */
const REPORTS_BEFORE_THE_INTENT: ReadonlySet<string> = new Set([
  '老板不给工钱', // fresh-texts.jsonl
  '这个月工资还没发 老板不接电话', // fresh2-texts.jsonl
  '上次介绍那个厂工资到现在还没给', // fresh6-texts.jsonl
  '骗人的吧 上次去了根本不招', // fresh7-texts.jsonl: went there, nobody was hiring
  '这个月的工钱还没有结 你们管不管', // fresh9-texts.jsonl: written before its writer knew the intent
]);

function misreading(lab: Labelled, out: ReadMessage): string[] {
  const why: string[] = [];
  const intents = REPORTS_BEFORE_THE_INTENT.has(lab.text) ? [...lab.intents, 'report'] : lab.intents;
  // details and wage_query are list_jobs's finer readings (scripts/reader-scoring.ts).
  if (!intentMatches(intents, out.intent, lab.text)) why.push(`intent ${out.intent} ∉ [${lab.intents.join(',')}]`);
  if (lab.skills?.length) {
    const got = new Set(out.skills);
    if (got.size !== new Set(lab.skills).size || !lab.skills.every((s) => got.has(s))) why.push(`skills [${out.skills.join(',')}] ≠ [${lab.skills.join(',')}]`);
  }
  if (lab.place && !placeMatches(lab.place, out.places)) why.push(`place ${lab.place} not in [${out.places.map((p) => p.name).join(',')}]`);
  if (lab.code && (out.code ?? '') !== lab.code) why.push(`code ${out.code} ≠ ${lab.code}`);
  return why;
}

let read: (text: string) => ReadMessage;

beforeAll(() => {
  // The same places as `npm run parse`, the contract the evaluation uses.
  read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
});

/**
 * The fresh sets: the first (fresh-texts.jsonl, 713 texts, used while tuning the reader in the
 * round after it was written), a second one written later by someone else in the hardest
 * styles (fresh2-texts.jsonl, 320 texts: voice run-ons, mixed pinyin, typos, negation,
 * relatives, dialect), measured before the reader was changed for it (84.4 %), and a third
 * by an independent evaluator who never read the reader (fresh3-texts.jsonl, 250 texts, short
 * keyword texts in the majority, explicit confirmations labelled confirm), measured before the
 * reader was changed for it (90.0 %; 40/40 stops, no false opt-out), and a fourth by the same
 * evaluator (fresh4-texts.jsonl, 400 texts, 86 ways to stop), kept sealed until the reader read
 * it at 96.8 % (86/86 stops, no false opt-out); only the kinds of its misses were fixed. A fifth
 * set by a second independent evaluator (fresh5-texts.jsonl, 400 texts, 91 ways to stop) was read
 * at 93.5 % (85/91 stops, 2 false opt-outs) before the kinds of its misses were fixed. A sixth set
 * by the same evaluator (fresh6-texts.jsonl, 400 texts, 81 ways to stop) was read at 92.5 % (78/81
 * stops, 9 false opt-outs) before the kinds of its misses were fixed, and at 98.5 % after. A
 * seventh set by a third blind writer (fresh7-texts.jsonl, 400 texts, 81 ways to stop) was read
 * at 86.5 % (77/81 stops, 9 false opt-outs) before the kinds of its misses were fixed, and at
 * 99.75 % after (its one miss a conflict, below). An eighth set by a blind writer (fresh8-texts.jsonl,
 * 400 texts, 83 ways to stop) was the next round's development set: 94.0 % before (81/83 stops,
 * 7 false opt-outs), 99.25 % by the evaluation's scorer after (its misses the two conflicts below
 * and a returnee's past factory read as 组装, which this test's rule does not count). A ninth set by a
 * blind writer (fresh9-texts.jsonl, 400 texts, 96 ways to stop) was the development set of the round
 * after: 90.0 % before (94/96 stops, 2 false opt-outs), 99.75 % after (its one miss the conflict below).
 * A tenth set by a blind writer (fresh10-texts.jsonl, 400 texts, 89 ways to stop) was the development
 * set of the round after: 95.5 % before (88/89 stops, 1 false opt-out), 100 % after.
 * An eleventh set by a blind writer (fresh11-texts.jsonl, 420 texts, 92 ways to stop) was the development
 * set of the round after: 89.8 % before (91/92 stops, 1 sure and 2 unclear false opt-outs), 99.76 %
 * after (its one miss the conflict below).
 * A twelfth set by a blind writer (fresh12-texts.jsonl, 420 texts, 91 ways to stop) was the development
 * set of the round after: 89.8 % before by this scorer (89/91 stops, no false opt-out), 99.29 % after
 * (91/91 stops, no false opt-out; its misses the two conflicts below and 绿村, a homophone of the
 * county 绿春, before one of its townships).
 * A thirteenth set by a blind writer (fresh13-texts.jsonl, 420 texts, 90 ways to stop) was the development
 * set of the round after: 86.4 % before by `reader:check` as written (90/90 stops, 2 sure false opt-outs),
 * 99.8 % after (90/90 stops, no false opt-out; its one miss the conflict below).
 * A fourteenth set by a blind writer (fresh14-texts.jsonl, 420 texts, 80 ways to stop) was the development
 * set of the round after: 94.3 % before by `reader:check` (80/80 stops, 2 sure false opt-outs), 100 %
 * after (80/80 stops, no false opt-out).
 * A fifteenth set by a blind writer (fresh15-texts.jsonl, 420 texts, 74 ways to stop) was the development
 * set of the round after: 94.0 % before by `reader:check` (74/74 stops, one unclear opt-out that was a
 * pause), 100 % after by `reader:check` and 99.76 % by this scorer (74/74 stops, no false opt-out; its one
 * miss here 在家照顾老人 … 编竹篮会点, read with 保洁 and 手工 beside 编织: the care at home is a reason, not a skill).
 * A sixteenth and a seventeenth set by blind writers (fresh16-texts.jsonl and fresh17-texts.jsonl, 420 texts each, 89 and
 * 90 ways to stop) were the development sets of the round after: 93.8 % and 93.6 % before by `reader:check` (87/89 and
 * 88/90 stops, 4 and 2 false opt-outs), 99.5 % each after by `reader:check` and 99.5 % and 99.3 % by this scorer
 * (every stop caught, no false opt-out; docs/reader.md "Round 16").
 * A nineteenth set by a blind writer (fresh19-texts.jsonl, 420 texts, 88 ways to stop) was a development set of
 * Round 16e: 91.0 % before by `reader:check` (84/88 stops); with the other branches of the round merged
 * (16c, 16d) and the complaints it still missed read by kind, 100 % of the fixture copy (docs/reader.md
 * "Round 16e: fresh19").
 * A twentieth set by a blind writer (fresh20-texts.jsonl, 420 texts, 89 ways to stop) was the development set of
 * Round 16f: 94.0 % before on main by `reader:check` (87/89 stops, no false opt-out), 98.1 % after (89/89 stops, no
 * false opt-out) and 97.9 % by this scorer; held to 97.5 % (docs/reader.md "Round 16f: fresh20"). Round 22 read its
 * eight remaining misses by kind: 100 % by `reader:check`, 99.8 % by this scorer; held to 99.5 % (docs/reader.md "Round 22").
 * A twenty-second set by a blind writer (fresh22-texts.jsonl, 420 texts, 95 ways to stop) was the development set of
 * Round 22b: 94.0 % before on main by `reader:check` (92/95 stops, no false opt-out), 98.6 % after (95/95 stops, no false
 * opt-out); its texts of the kinds another branch works on are set aside until that branch is merged, and without them it
 * reads 99.8 % by this scorer, held to 99 % (docs/reader.md "Round 22b: fresh22").
 * A twenty-third set by a blind writer (fresh23-texts.jsonl, 420 texts, 92 ways to stop) was the development set of
 * Round 23: 93.8 % before on main by `reader:check` (92/92 stops, no false opt-out), 98.1 % after (92/92 stops, no false
 * opt-out); held to 98 % (docs/reader.md "Round 23: fresh23").
 * A twenty-sixth set by a blind writer (fresh26-texts.jsonl, 420 texts, 92 ways to stop; older people, relatives, voice
 * input, Hani/Yi word order, dialect) was the development set of Round 26: 93.6 % before on main by `reader:check` (90/92
 * stops, no false opt-out), 99.8 % after on the fixture (92/92 stops, no false opt-out); 99.8 % by this scorer, held to
 * 99.5 % (docs/reader.md "Round 26: fresh26").
 * A twenty-seventh set by a blind writer (fresh27-texts.jsonl, 420 texts, 93 ways to stop; younger workers back from
 * coastal factories: slang, pinyin, English, emoji, several asks in one text, pay questions, complaints) was the
 * development set of Round 27: 93.1 % before on main by `reader:check` (90/93 stops, 2 sure and 2 unclear false
 * opt-outs), 100 % after by `reader:check` of the fixture copy (93/93 stops, no false opt-out); held to 99.5 %
 * (docs/reader.md "Round 27: fresh27").
 * A twenty-fifth set by a blind writer (fresh25-texts.jsonl, 420 texts, 94 ways to stop; a realistic mix) was kept sealed
 * while Rounds 25–28 were made — 92.4 % on 1cda8f1, 94.3 % after them (93/94 stops, 1 sure false opt-out) by
 * `reader:check` — and was the development set of Round 29: 97.6 % after on the fixture (94/94 stops, no false opt-out);
 * held to the share it reaches by this scorer (docs/reader.md "Round 29: fresh25").
 * A twenty-eighth set by a blind writer (fresh28-texts.jsonl, 420 texts, 107 ways to stop; a realistic mix, about half short
 * keyword texts) was kept sealed through Round 29 — 95.7 % on main after it (106/107 stops, 1 sure false opt-out) by
 * `reader:check` — and was the development set of Round 30: 99.0 % after on the fixture (107/107 stops, no false
 * opt-out), 98.8 % by this scorer, which also counts skills read beyond the label; held to 98.5 % (docs/reader.md "Round 30").
 * A twenty-ninth set by a blind writer (fresh29-texts.jsonl, 420 texts, 88 ways to stop; workers who ask — for lists, about
 * their applications, to apply — in dialect, half-sentences, several questions in one text) was the development set of
 * Round 31: 95.2 % before on main by `reader:check` (88/88 stops, 1 unclear false opt-out); held to the share it reaches
 * by this scorer (docs/reader.md "Round 31: fresh29").
 * A thirty-second set by a blind writer (fresh32-texts.jsonl, 420 texts, 170 ways to stop said as a keyword list would not
 * foresee — indirect, for someone else, with a reason that sounds final — and 104 texts saying 不/别/停/莫 of something else)
 * was the development set of Round 32: 87.6 % before on main by `reader:check` (157/170 stops, 14 sure and 4 unclear false
 * opt-outs), 99.5 % after on the fixture (170/170 stops, no false opt-out); held to the share it reaches by this scorer
 * (docs/reader.md "Round 32: fresh32").
 */

/**
 * Labels of the sixth set that contradict an earlier set or what the reader's skills mean. They
 * count as misreadings in the share; they do not fail the per-intent and false-opt-out checks.
 */
const CONFLICTS: Readonly<Record<string, string>> = {
  '怎么退订': 'fresh-texts.jsonl labels it [unsubscribe, help] and counts it as a stop to catch; fresh6 labels it help',
  '我不做缝纫了，改成手工活': 'skills: fresh-texts.jsonl keeps only the new one (我不做缝纫了，改成包装 → [包装]); fresh6 also lists the one dropped',
  '养猪的别发了，我只要缝纫的': 'skills: the reader never lists a refused skill (update_skills sets them); fresh6 lists it',
  '采摘的不要发了': 'skills: the reader never lists a refused skill (update_skills sets them); fresh6 lists it',
  '只退订搬运的，其他照发': 'skills: the reader never lists a refused skill (update_skills sets them); fresh6 lists it',
  '缝纫的莫发了，我眼睛不好了，发点打扫卫生的': 'skills: the reader never lists a refused skill (update_skills sets them); fresh6 lists it',
};

/**
 * Labels of the seventh set. Four update_skills lines listed the skill being dropped beside the one
 * wanted; update_skills sets the skills the worker wants (a dropped one returned would sign the
 * worker up for it), so they are relabelled in the fixture, each with a note saying so:
 *   缝纫的莫发了 我只要包装的           [包装, 缝纫] → [包装]
 *   刺绣的就不要发了 眼睛不好绣不动了   [刺绣]       → []
 *   不要缝纫的了 换成保洁               [保洁, 缝纫] → [保洁]
 *   改一下 我不做普工了 要电工的        [普工, 电工] → [电工]
 * One label contradicts an earlier set and stays as written (a misreading in the share).
 */
const CONFLICTS7: Readonly<Record<string, string>> = {
  '怎么退订': 'fresh-texts.jsonl labels it [unsubscribe, help] and counts it as a stop to catch; fresh7 labels it help',
};

/**
 * Labels of the eighth set that contradict an earlier set; kept as written (misreadings in the
 * share, left out of the per-intent and false-opt-out checks). One line was relabelled, with a note:
 *   BM1024 然后其他的别发了 [apply, unsubscribe] lost its code 1024: a reading that stops carries no
 *   code (the conversation stops the worker), so the code could only be met by the apply reading.
 */
const CONFLICTS8: Readonly<Record<string, string>> = {
  '怎么退订': 'fresh-texts.jsonl labels it [unsubscribe, help] and counts it as a stop to catch; fresh8 labels it help',
  '1024在哪点': 'fresh-texts.jsonl labels where an opening named by its code is (1003在哪里, 1003那个厂在哪点) list_jobs; fresh8 labels it unknown',
};

/**
 * Labels of the ninth set (the development set of the round after the eighth) that contradict an
 * earlier set; kept as written (a misreading in the share, left out of the per-intent and
 * false-opt-out checks). No line was relabelled.
 */
const CONFLICTS9: Readonly<Record<string, string>> = {
  '？': 'a bare question mark is [unknown, help] in fresh-texts, fresh2 and fresh3 and unknown alone in fresh7 (the reader reads it unknown, as docs/reader.md says); fresh9 labels it help alone',
};

/**
 * Labels of the tenth set: none contradicts an earlier set or a documented choice (its bare ？ is
 * [help, unknown] and its 怎么退订 [help, unsubscribe], as in fresh-texts.jsonl), and no line was
 * relabelled.
 */
const CONFLICTS10: Readonly<Record<string, string>> = {};

/**
 * Labels of the eleventh set that contradict an earlier set; kept as written (a misreading in the
 * share, left out of the per-intent and false-opt-out checks). No line was relabelled.
 */
const CONFLICTS11: Readonly<Record<string, string>> = {
  'zhao gongzuo': 'fresh-texts.jsonl labels the bare pinyin 找工作 list_jobs (找工作 alone is a look at what there is, docs/reader.md); fresh11 labels it subscribe',
};

/**
 * Labels of the twelfth set (the development set of the round after the eleventh) that contradict
 * an earlier set; kept as written (a misreading in the share, left out of the per-intent and
 * false-opt-out checks). Two update_skills lines listed only the skill added while the text names
 * the one registered; update_skills sets the skills read, so the old one would be dropped. They are
 * relabelled in the fixture, each with a note saying so (as fresh11's 帮我加 keeps the old one):
 *   帮我妈加一个织布，她以前只登记了绣花                 [编织] → [编织, 刺绣]
 *   就是我除了种菜以外嗯我还会养猪养牛的也帮我写上去     [养殖] → [种植, 养殖]
 */
const CONFLICTS12: Readonly<Record<string, string>> = {
  'zhao gong zuo': 'fresh-texts.jsonl labels the bare pinyin 找工作 list_jobs (找工作 alone is a look at what there is, docs/reader.md); fresh12 labels it subscribe, as fresh11 does',
  '想找点活路做，会栽烟烤烟，家在甲寅': 'skills: fresh2 and fresh9 read 栽烟 (growing tobacco) as 烤烟 alone (会栽烟 → [养殖, 烤烟], 会栽烟叶 → [烤烟, 养殖]); fresh12 adds 种植',
};

/**
 * Labels of the thirteenth set that contradict an earlier set; kept as written. Ten bare
 * acknowledgements were labelled confirm alone by this writer; every earlier set labels an
 * acknowledgement outside a dialog [unknown, confirm] (docs/reader.md), so they were relabelled in the
 * fixture, each with a note: 对, 是的, 要得, 嗯嗯 可以, 1 是, 对的对的 就是这个, 对 就是元阳新街镇那个,
 * 是我 没错, 好 就这样定了, 没问题👌.
 */
const CONFLICTS13: Readonly<Record<string, string>> = {
  '街天那个招聘会哪天 在哪点': 'fresh7 and fresh8 label where a job fair is unknown (招聘会在哪点, 狗街那天的招聘会在哪点: news of a market day, not openings asked for); fresh13 labels it list_jobs',
};

/**
 * Labels of the fourteenth set: none contradicts an earlier set or a documented choice (its bare
 * acknowledgements are [unknown, confirm] and its 怎么退订 [unsubscribe, help], as in fresh-texts.jsonl),
 * and no line was relabelled.
 */
const CONFLICTS14: Readonly<Record<string, string>> = {};

/** Labels of the fifteenth set: none contradicts an earlier set, and no line was relabelled. */
const CONFLICTS15: Readonly<Record<string, string>> = {};

/** Labels of the sixteenth and seventeenth sets: none contradicts an earlier set, and no line was relabelled. */
const CONFLICTS16: Readonly<Record<string, string>> = {};
const CONFLICTS17: Readonly<Record<string, string>> = {};
/** Labels of the eighteenth set: none contradicts an earlier set, and no line was relabelled. */
const CONFLICTS18: Readonly<Record<string, string>> = {};

/**
 * The nineteenth set (Round 16e): no label contradicts an earlier set. Six update_skills lines listed the
 * removed skill beside the one kept and were relabelled to the kept one as every earlier set has it
 * (我现在不做缝纫了 改成质检 → [质检]; 把搬运删了 腰闪了 → none; 原来填的普工 改成搬运 → [搬运]; 取消刺绣 加个编织
 * → [编织]; 取消包装 留着分拣 → [分拣]; 别给我推搬运的了 … 换成包装 → [包装]); data/eval/fresh19-blind.jsonl
 * keeps them as written. Texts of kinds worked on another branch at the same time may be set aside here,
 * named, until that branch is merged (`ELSEWHERE19`); none is now.
 */
const CONFLICTS19: Readonly<Record<string, string>> = {};
const ELSEWHERE19: Readonly<Record<string, string>> = {};

/**
 * The twentieth set (Round 16f, docs/reader.md "Round 16f: fresh20"), a development set of that round: no label
 * contradicts an earlier set and no line was relabelled; data/eval/fresh20-blind.jsonl is the set as written.
 */
const CONFLICTS20: Readonly<Record<string, string>> = {};

/**
 * The twenty-second set (Round 22b, docs/reader.md "Round 22b: fresh22"), the development set of Round 22b:
 * data/eval/fresh22-blind.jsonl is the set as written and no line was relabelled. Three labels contradict earlier sets
 * and count as misreadings in the share. `ELSEWHERE22` set aside the texts of the kinds reader22 worked on at the same
 * time; that branch merged without reading them, Round 22b read them after rebasing on it, and it is empty.
 */
const CONFLICTS22: Readonly<Record<string, string>> = {
  '狗街那天的招聘会在哪点': 'fresh7 and fresh8 label where a job fair is unknown (this very text in fresh8: news of a market day, not openings asked for; CONFLICTS13 names it); fresh22 labels it list_jobs',
  '？': 'a bare question mark is unknown or [unknown, help] in fresh, fresh2, fresh3, fresh7 (CONFLICTS9); fresh22 labels it help alone',
  '你们是哪个单位': 'fresh8 labels this very text unknown (who is writing, docs/reader.md: questions about the sender are unknown); fresh22 labels it help',
};
const ELSEWHERE22: Readonly<Record<string, string>> = {};

/**
 * The twenty-third set (Round 23, docs/reader.md "Round 23: fresh23"), the development set of Round 23:
 * data/eval/fresh23-blind.jsonl is the set as written and no line was relabelled. One label contradicts earlier sets
 * and counts as a misreading in the share.
 */
const CONFLICTS23: Readonly<Record<string, string>> = {
  '？': 'a bare question mark is unknown or [unknown, help] in fresh, fresh2, fresh3, fresh7 (CONFLICTS9); fresh23 labels it help alone, as fresh22 does (CONFLICTS22)',
};

/**
 * The twenty-sixth set (Round 26, docs/reader.md "Round 26: fresh26"), the development set of Round 26:
 * data/eval/fresh26-blind.jsonl is the set as written. One label contradicts earlier sets and stays (a misreading in the
 * share). One line was relabelled in the fixture, with a note: 取消报名2041 我不去了 was [apply, status]; fresh, fresh9 and
 * fresh10 label one application taken back (取消报名1003, 取消1250的报名) unknown and fresh6 labels 取消报名1024 [unknown,
 * status] (docs/reader.md: an application taken back is no stop and no application), so it reads [unknown, status] here.
 */
const CONFLICTS26: Readonly<Record<string, string>> = {
  '栽秧栽烟都会 有种地的活发我': 'skills: fresh2 and fresh9 read 栽烟 (growing tobacco) as 烤烟 (CONFLICTS12); fresh26 labels 种植 alone',
};

/**
 * The twenty-seventh set (Round 27, docs/reader.md "Round 27: fresh27"), the development set of Round 27:
 * data/eval/fresh27-blind.jsonl is the set as written. One line was relabelled in the fixture, with a note:
 *   取消报名1003 不去了 找到别的了  [apply, status] → [unknown, status]: an application withdrawn is unknown (or
 *   [unknown, status]) in fresh3, fresh9, fresh16 and fresh19 (取消报名1003, 取消报名1024, 报的BM1044不去了 取消一下) and
 *   never apply, which would apply to the opening the worker just gave up.
 * No other label contradicts an earlier set.
 */
const CONFLICTS27: Readonly<Record<string, string>> = {};

/**
 * The twenty-fifth set (Round 29, docs/reader.md "Round 29: fresh25"), sealed through Rounds 25–28 and the development set
 * of Round 29: data/eval/fresh25-blind.jsonl is the set as written. One line was relabelled in the fixture, with a note:
 *   取消报名 3021  [apply, status] → [unknown, status]: an application withdrawn is unknown or [unknown, status] in
 *   fresh6, fresh26 and fresh27 (取消报名1024, 取消报名2041 我不去了, 取消报名1003 不去了), never apply.
 * No other label contradicts an earlier set.
 */
const CONFLICTS25: Readonly<Record<string, string>> = {};

/**
 * The twenty-eighth set (Round 30, docs/reader.md "Round 30"), sealed through Round 29 and the development set of Round 30:
 * data/eval/fresh28-blind.jsonl is the set as written. Two lines were relabelled in the fixture, with a note:
 *   取消报名 1003, 1240那个我不去了 帮我取消掉  [apply, status] → [unknown, status]: an application withdrawn is unknown or
 *   [unknown, status] in fresh6, fresh25, fresh26 and fresh27, never apply (CONFLICTS25, CONFLICTS27).
 * No other label contradicts an earlier set.
 */
const CONFLICTS28: Readonly<Record<string, string>> = {};

/**
 * The twenty-ninth set (Round 31, docs/reader.md "Round 31: fresh29"), the development set of Round 31:
 * data/eval/fresh29-blind.jsonl is the set as written. Two lines were relabelled in the fixture, with a note:
 *   取消报名1003, 1003那个不去了 取消一下报名  [apply, status] → [unknown, status]: an application withdrawn is unknown
 *   or [unknown, status] in fresh, fresh6, fresh8, fresh10, fresh25, fresh26 and fresh27, never apply.
 * No other label contradicts an earlier set.
 */
const CONFLICTS29: Readonly<Record<string, string>> = {};

/**
 * The thirty-second set (Round 32, docs/reader.md "Round 32: fresh32"), the development set of Round 32:
 * data/eval/fresh32-blind.jsonl is the set as written. One line was relabelled in the fixture, with a note:
 *   我没有要退订，是手滑点错了  [resume, unknown] → [resume, unknown, subscribe]: a TD sent by a slip reads subscribe (the
 *   worker is out after it; docs/reader.md), and fresh6 labels TD是我手滑按的 别管 [subscribe, unknown].
 * No other label contradicts an earlier set.
 */
const CONFLICTS32: Readonly<Record<string, string>> = {};

/**
 * The second red team's development half (Round 34, docs/reader.md "Round 34: the second red team"): 75 texts on the stop
 * line (38 stops, 37 look-alikes) by writers who never saw the code; the other half is sealed outside the repository. One
 * line was relabelled in the fixture, with a note:
 *   刚才手滑回了个T 不是要退订 莫给我退  [resume, unknown] → [resume, unknown, subscribe]: a TD sent by a slip reads subscribe
 *   (the worker is out after it), as fresh6 (TD是我手滑按的 别管) and fresh32 (我没有要退订，是手滑点错了) label it.
 * No other label contradicts an earlier set. Not named fresh*: the wide model's training leaves it out too.
 */
const CONFLICTS34: Readonly<Record<string, string>> = {};

/**
 * fresh34 and fresh35 (data/eval/fresh34-blind.jsonl and fresh35-blind.jsonl as written), sealed on 2026-12-04/05 and opened
 * on 2026-12-05 as the development sets of Rounds 35–38, once fresh36 and fresh37 were sealed (docs/reader.md). One line is
 * read otherwise than labelled, on purpose:
 *   我没订过这个啊 哪个帮我订的  [status]: who signed the worker up, asked by one who never subscribed, is an unclear stop (alerts held, the worker
 *   asked): the lead's review of Round 36.
 * Three lines of fresh35 were relabelled in the fixture, with a note: an application withdrawn (取消报名 3021, 1003不去了 取消报名,
 * 上次报的2045 我不去了) [apply, status] → [unknown, status], as fresh6 and fresh25–29 label the kind (Round 37 did the same).
 */
const CONFLICTS3435: Readonly<Record<string, string>> = {
  "我没订过这个啊 哪个帮我订的": 'who signed me up: an unclear stop by decision (docs/reader.md "Round 36: the lead\'s review")',
};

/**
 * The third red team's development half (Round 37, docs/reader.md "Round 37: the third red team"): 120 texts on the stop
 * line (80 stops; 40 near misses) by a writer who never saw the code; the other half is
 * sealed (data/eval/redteam3-sealed-blind.jsonl). Two lines were relabelled in the fixture, with a note:
 *   取消报名1003  [apply, status] → [unknown, status]: an application withdrawn is unknown or [unknown, status] in fresh6 and
 *   fresh25–29 (CONFLICTS25–29), never apply.
 *   别发错人 我叫李小红 不是李晓红  [report] → [unknown, report]: an earlier fixture labels 别发错人了 我叫王芳不是王方 unknown.
 * No other label contradicts an earlier set. Not named fresh*: the wide model's training leaves it out too.
 */
const CONFLICTS37: Readonly<Record<string, string>> = {};

describe.each([
  { file: 'fresh-texts.jsonl', size: 400, stops: 80, notStops: 30, share: 0.98, conflicts: {} },
  { file: 'fresh2-texts.jsonl', size: 300, stops: 60, notStops: 30, share: 0.98, conflicts: {} },
  { file: 'fresh3-texts.jsonl', size: 250, stops: 40, notStops: 30, share: 0.98, conflicts: {} },
  { file: 'fresh4-texts.jsonl', size: 400, stops: 80, notStops: 30, share: 0.98, conflicts: {} },
  { file: 'fresh5-texts.jsonl', size: 400, stops: 80, notStops: 30, share: 0.98, conflicts: {} },
  { file: 'fresh6-texts.jsonl', size: 400, stops: 80, notStops: 30, share: 0.985, conflicts: CONFLICTS },
  { file: 'fresh7-texts.jsonl', size: 400, stops: 79, notStops: 30, share: 0.9975, conflicts: CONFLICTS7 },
  { file: 'fresh8-texts.jsonl', size: 400, stops: 79, notStops: 30, share: 0.995, conflicts: CONFLICTS8 },
  { file: 'fresh9-texts.jsonl', size: 400, stops: 96, notStops: 30, share: 0.9975, conflicts: CONFLICTS9 },
  { file: 'fresh10-texts.jsonl', size: 400, stops: 89, notStops: 30, share: 0.9975, conflicts: CONFLICTS10 },
  { file: 'fresh11-texts.jsonl', size: 420, stops: 92, notStops: 30, share: 0.98, conflicts: CONFLICTS11 },
  { file: 'fresh12-texts.jsonl', size: 420, stops: 91, notStops: 30, share: 0.99, conflicts: CONFLICTS12 },
  { file: 'fresh13-texts.jsonl', size: 420, stops: 90, notStops: 30, share: 0.995, conflicts: CONFLICTS13 },
  { file: 'fresh14-texts.jsonl', size: 420, stops: 79, notStops: 30, share: 0.995, conflicts: CONFLICTS14 },
  { file: 'fresh15-texts.jsonl', size: 420, stops: 74, notStops: 30, share: 0.995, conflicts: CONFLICTS15 },
  { file: 'fresh16-texts.jsonl', size: 420, stops: 89, notStops: 30, share: 0.995, conflicts: CONFLICTS16 },
  { file: 'fresh17-texts.jsonl', size: 420, stops: 90, notStops: 30, share: 0.99, conflicts: CONFLICTS17 },
  { file: 'fresh18-texts.jsonl', size: 420, stops: 92, notStops: 30, share: 0.995, conflicts: CONFLICTS18 },
  { file: 'fresh19-texts.jsonl', size: 420, stops: 88, notStops: 30, share: 0.995, conflicts: CONFLICTS19, elsewhere: ELSEWHERE19 },
  { file: 'fresh20-texts.jsonl', size: 420, stops: 89, notStops: 30, share: 0.995, conflicts: CONFLICTS20 },
  { file: 'fresh22-texts.jsonl', size: 420, stops: 95, notStops: 30, share: 0.99, conflicts: CONFLICTS22, elsewhere: ELSEWHERE22 },
  { file: 'fresh23-texts.jsonl', size: 420, stops: 92, notStops: 30, share: 0.98, conflicts: CONFLICTS23 },
  { file: 'fresh26-texts.jsonl', size: 420, stops: 92, notStops: 30, share: 0.995, conflicts: CONFLICTS26 },
  { file: 'fresh27-texts.jsonl', size: 420, stops: 93, notStops: 30, share: 0.995, conflicts: CONFLICTS27 },
  { file: 'fresh25-texts.jsonl', size: 420, stops: 94, notStops: 30, share: 0.975, conflicts: CONFLICTS25 },
  { file: 'fresh28-texts.jsonl', size: 420, stops: 107, notStops: 30, share: 0.985, conflicts: CONFLICTS28 },
  { file: 'fresh29-texts.jsonl', size: 420, stops: 88, notStops: 30, share: 0.995, conflicts: CONFLICTS29 },
  { file: 'fresh32-texts.jsonl', size: 420, stops: 170, notStops: 100, share: 0.995, conflicts: CONFLICTS32 },
  { file: 'redteam2-texts.jsonl', size: 75, stops: 38, notStops: 27, share: 0.985, conflicts: CONFLICTS34 },
  // (A stop-line set: its other intents are a few texts each — two sign-ups, three skill changes, six reports — so one text is
  // up to half of one; held at 50 % in every intent instead of 90 %. 我上次说不要了 现在后悔了 还能订吗, a sign-up the rules read,
  // is overruled by the wide model into status: Round 37 left it.)
  { file: 'redteam3-texts.jsonl', size: 120, stops: 80, notStops: 30, share: 0.975, conflicts: CONFLICTS37, perIntent: 0.5 },
  { file: 'fresh34-texts.jsonl', size: 420, stops: 109, notStops: 30, share: 0.985, conflicts: CONFLICTS3435 },
  { file: 'fresh35-texts.jsonl', size: 420, stops: 96, notStops: 30, share: 0.985, conflicts: CONFLICTS3435 },
])('fresh evaluation (tests/fixtures/$file)', ({ file, size, stops, notStops, share: least, conflicts, elsewhere, perIntent }) => {
  const whole = load(file);
  const texts = whole.filter((t) => !(t.text in (elsewhere ?? {})));
  const conflicting = (lab: Labelled): boolean => lab.text in conflicts;
  let results: { lab: Labelled; out: ReadMessage; why: string[] }[];

  beforeAll(() => {
    results = texts.map((lab) => {
      const out = read(lab.text);
      return { lab, out, why: misreading(lab, out) };
    });
  });

  it(`is the whole set: at least ${size} texts, ${stops} ways to stop, ${notStops} texts saying 不/别/停 about something else`, () => {
    expect(whole.length).toBeGreaterThanOrEqual(size);
    expect(whole.filter((t) => t.intents[0] === 'unsubscribe').length).toBeGreaterThanOrEqual(stops);
    expect(whole.filter((t) => !t.intents.includes('unsubscribe') && /[不别停莫]/.test(t.text)).length).toBeGreaterThanOrEqual(notStops);
  });

  it(`reads at least ${least * 100} % right`, () => {
    const wrong = results.filter((r) => r.why.length > 0);
    const share = (results.length - wrong.length) / results.length;
    expect(share, wrong.map((r) => `${JSON.stringify(r.lab.text)}: ${r.why.join('; ')}`).join('\n')).toBeGreaterThanOrEqual(least);
  });

  it('catches every request to stop', () => {
    const missed = results.filter((r) => r.lab.intents[0] === 'unsubscribe' && r.out.intent !== 'unsubscribe').map((r) => r.lab.text);
    expect(missed).toEqual([]);
  });

  it('reads no text as an opt-out that is not one', () => {
    const wrongly = results.filter((r) => r.out.intent === 'unsubscribe' && !r.lab.intents.includes('unsubscribe') && !conflicting(r.lab)).map((r) => r.lab.text);
    expect(wrongly).toEqual([]);
  });

  it(`reads at least ${(perIntent ?? 0.9) * 100} % right in every intent`, () => {
    const byIntent = new Map<string, { n: number; ok: number }>();
    for (const r of results.filter((x) => !conflicting(x.lab))) {
      const t = byIntent.get(r.lab.intents[0] as string) ?? { n: 0, ok: 0 };
      t.n++;
      if (r.why.length === 0) t.ok++;
      byIntent.set(r.lab.intents[0] as string, t);
    }
    for (const [intent, t] of byIntent) expect(t.ok / t.n, intent).toBeGreaterThanOrEqual(perIntent ?? 0.9);
  });
});
