import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { fillTemplate, hookBody, idempotencyKey, postBulletin, type HookBulletin } from '../../src/services/bulletins/bulletin-hook.js';

const B: HookBulletin = { divisionCode: '532528102211', divisionName: '胜村', day: '2026-12-03', slot: '12:30', slotAt: new Date('2026-12-03T04:30:00Z'), text: '乡亲们，现在播报招工信息。', jobCount: 3 };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('bulletin settings', () => {
  it('reads slots, station phones and a body template', () => {
    const c = loadConfig({ BULLETIN_SLOTS: '18:30, 12:30', BULLETIN_STATION_PHONES: '532528102=0873-5621234,532528=0873 5620000', BULLETIN_HOOK_BODY_TEMPLATE: '{"content":"{{text}}","n":"{{jobCount}}"}' });
    expect(c.BULLETIN_SLOTS).toEqual(['12:30', '18:30']);
    expect(c.BULLETIN_STATION_PHONES).toEqual([{ prefix: '532528102', phone: '0873-5621234' }, { prefix: '532528', phone: '0873 5620000' }]);
    expect(c.BULLETIN_HOOK_BODY_TEMPLATE).toEqual({ content: '{{text}}', n: '{{jobCount}}' });
    expect(loadConfig({}).BULLETIN_SLOTS).toEqual(['12:30', '18:30']);
  });

  it('names a bad slot, phone list, template or URL', () => {
    const named = problems({ BULLETIN_SLOTS: '25:00', BULLETIN_STATION_PHONES: '新街=123', BULLETIN_HOOK_BODY_TEMPLATE: '{"a":"{{nope}}"}', BULLETIN_HOOK_URL: 'ftp://x' }).map((p) => p.split(':')[0]);
    expect(named.sort()).toEqual(['BULLETIN_HOOK_BODY_TEMPLATE', 'BULLETIN_HOOK_URL', 'BULLETIN_SLOTS', 'BULLETIN_STATION_PHONES']);
    expect(problems({ BULLETIN_HOOK_BODY_TEMPLATE: '{not json' })[0]).toMatch(/^BULLETIN_HOOK_BODY_TEMPLATE: must be JSON/);
  });
});

describe('the hook request', () => {
  it('has one key per bulletin and slot', () => {
    expect(idempotencyKey(B)).toBe('guiyan-bulletin-532528102211-2026-12-03-1230');
    expect(idempotencyKey({ ...B, slot: '18:30' })).not.toBe(idempotencyKey(B));
    expect(idempotencyKey({ ...B, divisionCode: '532528102201' })).not.toBe(idempotencyKey(B));
  });

  it('fills a template, keeping a lone placeholder’s type', () => {
    const v = { text: '你好', jobCount: 3, day: '2026-12-03', slot: '12:30' };
    expect(fillTemplate({ a: '{{text}}', n: '{{jobCount}}', t: '{{day}} {{slot}}', list: ['{{jobCount}}件'], k: 1 }, v)).toEqual({ a: '你好', n: 3, t: '2026-12-03 12:30', list: ['3件'], k: 1 });
    expect(hookBody({ BULLETIN_HOOK_BODY_TEMPLATE: undefined }, B)).toMatchObject({ division: { code: '532528102211', name: '胜村' }, slotAt: '2026-12-03T04:30:00.000Z', jobCount: 3 });
  });

  it('tells a request to fix from one to try again', async () => {
    const config = loadConfig({ BULLETIN_HOOK_URL: 'http://127.0.0.1:9/x', BULLETIN_HOOK_TIMEOUT_MS: '200' });
    const answer = (status: number) => (async () => new Response('{}', { status })) as unknown as typeof fetch;
    expect(await postBulletin(config, B, answer(200))).toEqual({ ok: true, status: 200 });
    expect(await postBulletin(config, B, answer(409))).toEqual({ ok: true, status: 409 });
    expect(await postBulletin(config, B, answer(503))).toMatchObject({ ok: false, retry: true });
    expect(await postBulletin(config, B, answer(429))).toMatchObject({ ok: false, retry: true });
    expect(await postBulletin(config, B, answer(400))).toMatchObject({ ok: false, retry: false });
    // Nothing listens on port 9: a network error, tried again later.
    expect(await postBulletin(config, B)).toMatchObject({ ok: false, retry: true });
  });
});
