import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function runParse(input: string, env: Record<string, string> = {}): { lines: unknown[]; status: number | null } {
  const result = spawnSync('npx', ['tsx', 'scripts/parse.ts'], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  const lines = result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
  return { lines, status: result.status };
}

describe('scripts/parse.ts', () => {
  it('writes one JSON line per input line, errors included', () => {
    const input = [
      JSON.stringify({ text: '订阅缝纫新街' }),
      'this is not json',
      JSON.stringify({ text: 'TD' }),
      '',
      JSON.stringify({ message: 'no text field' }),
      JSON.stringify({ text: '報名１０２４' }),
      JSON.stringify({ text: 'dy baozhuang mengzi' }),
    ].join('\n');
    const { lines, status } = runParse(`${input}\n`);
    expect(status).toBe(0);
    expect(lines).toHaveLength(7);
    const [subscribe, invalid, optOut, blank, noText, apply, pinyin] = lines as Record<string, unknown>[];
    expect(subscribe).toMatchObject({ intent: 'subscribe', skills: ['缝纫'], code: null });
    expect((subscribe?.['places'] as { name: string; fullName: string; code: string }[])[0]).toEqual({
      code: '532528102',
      name: '新街镇',
      fullName: '云南省红河哈尼族彝族自治州元阳县新街镇',
    });
    expect(invalid).toHaveProperty('error');
    expect(optOut).toEqual({ intent: 'unsubscribe', skills: [], places: [], code: null });
    expect(blank).toHaveProperty('error');
    expect(noText).toHaveProperty('error');
    expect(apply).toMatchObject({ intent: 'apply', code: '1024' });
    expect(pinyin).toMatchObject({ intent: 'subscribe', skills: ['包装'], places: [{ name: '蒙自市' }] });
  });

  it('handles input without a final newline and CRLF line ends', () => {
    const { lines } = runParse(`${JSON.stringify({ text: 'T' })}\r\n${JSON.stringify({ text: '帮助' })}`);
    expect(lines).toEqual([
      { intent: 'unsubscribe', skills: [], places: [], code: null },
      { intent: 'help', skills: [], places: [], code: null },
    ]);
  });

  it('takes the prefectures from PREFECTURES', () => {
    const text = `${JSON.stringify({ text: '订阅缝纫新街' })}\n`;
    const { lines } = runParse(text, { PREFECTURES: '5301' });
    const places = (lines[0] as { places: { code: string }[] }).places;
    expect(places.every((p) => p.code.startsWith('5301'))).toBe(true);
    const both = runParse(text, { PREFECTURES: '5301, 5325' }).lines[0] as { places: { code: string }[] };
    expect(both.places[0]?.code).toBe('532528102');
  });
});
