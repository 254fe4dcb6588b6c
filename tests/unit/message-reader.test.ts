import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import {
  createMessageReader,
  resolvePauseUntil,
  type Intent,
  type ReadMessage,
} from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface LabelledText {
  text: string;
  intents: Intent[];
  skills?: string[];
  place?: string;
  code?: string;
}

function loadJsonl(file: string): LabelledText[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledText);
}

/** What is wrong with a reading, per the rule of sample-messages.jsonl; empty when right. */
function misreadings(expected: LabelledText, got: ReadMessage): string[] {
  const wrong: string[] = [];
  if (!expected.intents.includes(got.intent)) wrong.push(`intent ${got.intent}, expected ${expected.intents.join('|')}`);
  for (const skill of expected.skills ?? []) {
    if (!got.skills.includes(skill)) wrong.push(`skill ${skill} missing from [${got.skills.join(',')}]`);
  }
  if (expected.place !== undefined && !(got.places[0]?.fullName ?? '').includes(expected.place)) {
    wrong.push(`place ${expected.place} not in ${got.places[0]?.fullName ?? 'nothing'}`);
  }
  if (expected.code !== undefined && got.code !== expected.code) wrong.push(`code ${got.code}, expected ${expected.code}`);
  return wrong;
}

let read: (text: string) => ReadMessage;

beforeAll(() => {
  read = createMessageReader({ places: createPlaceIndex(loadDivisions()) });
});

describe.each([
  // A copy of ../shared/docs/sample-messages.jsonl, so a clone anywhere runs the same test.
  ['sample-messages.jsonl', path.resolve(repoRoot, 'tests', 'fixtures', 'sample-messages.jsonl'), 30],
  ['worker-texts.jsonl', path.resolve(repoRoot, 'tests', 'fixtures', 'worker-texts.jsonl'), 150],
])('%s', (_name, file, atLeast) => {
  const texts = loadJsonl(file);

  it(`has at least ${atLeast} texts`, () => {
    expect(texts.length).toBeGreaterThanOrEqual(atLeast);
  });

  it.each(texts.map((t) => [t.text, t] as const))('reads %j right', (_text, expected) => {
    expect(misreadings(expected, read(expected.text))).toEqual([]);
  });
});

describe('opt-out', () => {
  const toFullWidth = (s: string): string =>
    s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
  const variants = (word: string): string[] => [
    word,
    word.toUpperCase(),
    word.toLowerCase(),
    toFullWidth(word.toUpperCase()),
    [...word].join(' '),
    ` ${word} `,
    `${word}。`,
    `${word}!`,
    `请${word}`,
    `${word}谢谢`,
    `请${word}，谢谢！`,
    `您好，${word}`,
    `麻烦${word}一下`,
  ];

  it.each(['T', 'TD', 'R', 'N', '退订', '取消', 'STOP', '0000', 'unsubscribe'])('%s works in every form', (word) => {
    for (const text of variants(word)) expect(read(text).intent, JSON.stringify(text)).toBe('unsubscribe');
  });

  it('wins over everything else in the text', () => {
    for (const text of ['订阅 退订', '报名1024 TD', '暂停 stop', '退订，我已经在广东上班了', '帮助 退订']) {
      expect(read(text).intent, text).toBe('unsubscribe');
    }
  });

  it('is not read into sentences only because they hold a letter T, R or N', () => {
    for (const text of ['T恤厂还招人吗', '我是做T恤的', '我在TCL干过', 'R姐说你们这里能找到活', 'N多人在找活']) {
      expect(read(text).intent, text).not.toBe('unsubscribe');
    }
  });

  it('is not read into a negated 退订 or a pause', () => {
    expect(read('不退订，先暂停一个月').intent).toBe('pause');
    expect(read('先不要发，过完年再说').intent).toBe('pause');
    expect(read('取消暂停').intent).toBe('resume');
  });

  it('drops the code, which an opt-out never carries', () => {
    expect(read('0000').code).toBeNull();
  });
});

describe('pause length', () => {
  it.each([
    ['暂停15天', { days: 15 }],
    ['暂停十五天', { days: 15 }],
    ['暂停一个月', { days: 30 }],
    ['暂停两周', { days: 14 }],
    ['暂停两个礼拜', { days: 14 }],
    ['先停半个月', { days: 15 }],
    ['ZT 20天', { days: 20 }],
    ['要收烤烟了，下个月再发', { days: 30 }],
    ['先不要发，过完年再说', { until: 'after_spring_festival' }],
    ['过了年再找我', { until: 'after_spring_festival' }],
    ['暂停', null],
    ['这几天忙，先别发', null],
  ] as const)('%s → %j', (text, pause) => {
    const message = read(text);
    expect(message.intent).toBe('pause');
    expect(message.pause).toEqual(pause);
  });

  it('is null outside the pause intent', () => {
    expect(read('我在广东做了三个月').pause).toBeNull();
  });
});

describe('application code', () => {
  it.each([
    ['報名１０２４', '1024'],
    ['bm 1024', '1024'],
    ['BM3021', '3021'],
    ['我要报1024号', '1024'],
    ['报名一零二四', '1024'],
    ['报名1024，我电话13887654321', '1024'],
  ])('%s → %s', (text, code) => {
    expect(read(text)).toMatchObject({ intent: 'apply', code });
  });

  it('is not a wage, a phone number, an age or a duration', () => {
    for (const text of ['工资3000以上的有吗', '我电话13887654321', '我今年45岁', '暂停100天', '月薪4500']) {
      expect(read(text).code, text).toBeNull();
    }
  });
});

describe('menu answers', () => {
  it.each([
    ['1', [1]],
    ['1 3', [1, 3]],
    ['1,3', [1, 3]],
    ['１、３', [1, 3]],
    ['选2', [2]],
    ['2和3', [2, 3]],
  ])('%s → %j', (text, choices) => {
    expect(read(text)).toMatchObject({ intent: 'unknown', menuChoices: choices, code: null });
  });

  it('are not codes, and codes are not menu answers', () => {
    expect(read('1024')).toMatchObject({ intent: 'apply', code: '1024', menuChoices: [] });
    expect(read('订阅 缝纫').menuChoices).toEqual([]);
  });
});

describe('the reading', () => {
  it('carries the normalised text', () => {
    expect(read('  訂閱　ＤＹ  ').normalized).toBe('订阅 dy');
  });

  it('lists skills by canonical name and places best first', () => {
    const message = read('订阅缝纫新街');
    expect(message.skills).toEqual(['缝纫']);
    expect(message.places[0]).toMatchObject({ name: '新街镇', level: 'township' });
    expect(message.places.map((p) => p.name)).toContain('小新街乡');
  });

  it('is pure: the same text gives the same reading', () => {
    const text = '我会踩缝纫机，住在胜村';
    expect(read(text)).toEqual(read(text));
  });
});

describe('resolvePauseUntil', () => {
  const beijing = (iso: string): Date => new Date(`${iso}T00:00:00+08:00`);

  it('adds days', () => {
    const now = new Date('2025-06-01T03:00:00Z');
    expect(resolvePauseUntil({ days: 30 }, now)).toEqual(new Date('2025-07-01T03:00:00Z'));
  });

  it('ends the day after 元宵 of the coming Spring Festival', () => {
    // 2026: New Year 17 February, 元宵 3 March.
    expect(resolvePauseUntil({ until: 'after_spring_festival' }, new Date('2025-11-01T00:00:00Z'))).toEqual(
      beijing('2026-03-04'),
    );
    // Said during the festival: the end of this one, not next year's.
    expect(resolvePauseUntil({ until: 'after_spring_festival' }, beijing('2026-02-20'))).toEqual(beijing('2026-03-04'));
    // Said after 元宵: next year's (New Year 6 February 2027).
    expect(resolvePauseUntil({ until: 'after_spring_festival' }, beijing('2026-03-05'))).toEqual(beijing('2027-02-21'));
  });

  it('uses New Year dates that agree with the Chinese calendar', () => {
    const lunar = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' });
    let checked = 0;
    // Each January–March: the day after 元宵 is 正月十六 (ICU may be a day off in 2027 and
    // 2030, see the table's comment; then it reads 正月十五 or 十七).
    for (let year = 2025; year <= 2035; year++) {
      const end = resolvePauseUntil({ until: 'after_spring_festival' }, beijing(`${year}-01-01`));
      const [month, day] = lunar.format(new Date(end.getTime() + 12 * 3_600_000)).split('/').map(Number);
      expect(month, String(year)).toBe(1);
      expect(Math.abs((day ?? 0) - 16), String(year)).toBeLessThanOrEqual(year === 2027 || year === 2030 ? 1 : 0);
      checked++;
    }
    expect(checked).toBe(11);
  });

  it('still answers after the table ends', () => {
    const end = resolvePauseUntil({ until: 'after_spring_festival' }, beijing('2036-06-01'));
    expect(end.getTime()).toBeGreaterThan(beijing('2037-02-20').getTime());
    expect(end.getTime()).toBeLessThan(beijing('2037-04-01').getTime());
  });
});
