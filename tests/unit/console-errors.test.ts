import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chinese, errorText } from '../../src/console/form.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../src/errors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Reads the string literal starting at `src[at]` (quote or backtick) and where it ends. Template
 * holes become "12", as an id or a code would read.
 */
function literalAt(src: string, at: number): { text: string; end: number } | null {
  const q = src[at];
  if (q !== "'" && q !== '"' && q !== '`') return null;
  let text = '';
  for (let i = at + 1; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      text += src[++i];
    } else if (c === q) {
      return { text, end: i };
    } else if (q === '`' && c === '$' && src[i + 1] === '{') {
      // Skip the hole, nested braces and literals included.
      let depth = 1;
      for (i += 2; i < src.length; i++) {
        const d = src[i]!;
        if (d === "'" || d === '"' || d === '`') i = literalAt(src, i)?.end ?? i;
        else if (d === '{') depth++;
        else if (d === '}' && --depth === 0) break;
      }
      text += '12';
    } else text += c;
  }
  return null;
}

/** Messages the services and API schemas can answer with (and survey rows' problems), as the console receives them. */
function serviceMessages(): { file: string; message: string }[] {
  const files = ['src/services', 'src/domain', 'src/routes/api'].flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f)),
  );
  const out: { file: string; message: string }[] = [];
  const patterns = [/throw new \w+Error\(\s*/g, /\bmessage: /g, /\.refine\([^,]+,\s*/g, /\berror: /g, /\bproblems\.push\(/g, /\bproblems: \[/g];
  for (const file of files) {
    const src = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const re of patterns) {
      for (const m of src.matchAll(re)) {
        const text = literalAt(src, m.index + m[0].length)?.text.replace(/^[\w.]+: /, '');
        // Sentences only: message kinds ('bind_code') are single words, and a message that is
        // all hole ("phone: ${problem}") is one of those found here.
        if (text && /\s/.test(text) && text !== '12') out.push({ file, message: text });
      }
    }
  }
  return out;
}

/** Operators' command-line tools: their output is for whoever runs them. */
const CLI_ONLY = ['src/domain/division-coordinates.ts'];

/** Answers only API callers get: webhooks, WeChat pushes, queue admin. */
const API_ONLY = [
  /WeChat/,
  /webhook token/,
  /Content-Type: text\/csv/,
  /^no queue /,
  /safe mode/,
];

describe('console error messages', () => {
  const messages = serviceMessages();

  it('finds the services’ messages', () => {
    // A guard on the reader itself: a broken pattern would find nothing and pass vacuously.
    expect(messages.length).toBeGreaterThan(40);
    expect(messages.map((m) => m.message)).toContain('opening 12 is 12; only open openings can be broadcast');
  });

  it('has a Chinese text for every message a service or API schema can show in the console', () => {
    const untranslated = messages
      .filter((m) => !API_ONLY.some((re) => re.test(m.message)) && !CLI_ONLY.includes(m.file))
      .filter((m) => chinese(m.message, '<none>') === '<none>' && !/\p{Script=Han}/u.test(m.message))
      .map((m) => `${m.file}: ${m.message}`);
    expect(untranslated).toEqual([]);
  });

  it('translates states and things, and never shows English it does not know', () => {
    expect(chinese('opening 7 is filled; it cannot become open')).toBe('这条招工现在是“已招满”，不能改成“招工中”');
    expect(chinese('reminder 3 is cancelled; create a new one')).toBe('这个提醒已取消，请新建一个');
    expect(errorText(new NotFoundError('worker 42 not found'))).toBe('找不到工人 42');
    expect(errorText(new ConflictError('something new went wrong'))).toBe('现在的状态不允许这样操作，请刷新页面再看');
    expect(chinese('名字已被使用')).toBe('名字已被使用');
    // The error page gets the whole message, field prefix included.
    expect(errorText(new ValidationError('deliveryTownships: "新街" is not a township'))).toBe('“新街”不是乡镇');
    expect(errorText(new ForbiddenError('workerIds: 1, 2 not found in your divisions'))).toBe('这些工人不在您的辖区内：1, 2');
    // What a user typed is shown as typed.
    expect(chinese('unknown skill $&x')).toBe('不认识的技能 $&x');
  });
});
