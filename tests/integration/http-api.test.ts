import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, resetData, startSystem, type TestSystem } from '../helpers/app.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

describe('HTTP API', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => resetData(sys.ctx.db));

  const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
    sys.app.inject({ method: 'POST', url, payload: payload as object, headers });

  it('answers health and readiness', async () => {
    expect((await sys.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await sys.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('requires the bearer key', async () => {
    const none = await sys.app.inject({ method: 'GET', url: '/api/v1/openings/1' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'auth.missing_key', message: expect.stringContaining('Bearer') });
    const wrong = await sys.app.inject({ method: 'GET', url: '/api/v1/openings/1', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('creates workshops from a place name or a code, and explains bad ones', async () => {
    const byName = await post('/api/v1/workshops', { name: '南沙包装车间', form: 'county_workshop', division: '元阳县南沙镇', contactPhone: '+86 139 0000 0009' });
    expect(byName.statusCode).toBe(201);
    expect(byName.json()).toMatchObject({ divisionCode: '532528101', divisionName: '云南省红河哈尼族彝族自治州元阳县南沙镇', contactPhone: '13900000009' });

    const byCode = await post('/api/v1/workshops', { name: '胜村小厂', form: 'village_plant', division: '532528102211', contactPhone: '13900000009' });
    expect(byCode.statusCode).toBe(201);

    const badForm = await post('/api/v1/workshops', { name: 'x', form: 'factory', division: '532528101', contactPhone: '13900000009' });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().message).toContain('body.form');

    const unknownCode = await post('/api/v1/workshops', { name: 'x', form: 'village_plant', division: '532528999999', contactPhone: '13900000009' });
    expect(unknownCode.statusCode).toBe(400);
    expect(unknownCode.json()).toMatchObject({ code: 'division.no_code', message: expect.stringMatching(/^division: no county, township or village has code 532528999999$/) });

    const nowhere = await post('/api/v1/workshops', { name: 'x', form: 'village_plant', division: '火星', contactPhone: '13900000009' });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().message).toContain('no place');

    const badPhone = await post('/api/v1/workshops', { name: 'x', form: 'village_plant', division: '532528101', contactPhone: '0873-1234567' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()).toMatchObject({ code: 'phone.invalid', message: 'contactPhone: not a mainland mobile number' });
  });

  it('validates openings and resolves skill synonyms', async () => {
    const ws = (await post('/api/v1/workshops', { name: '新街制衣', form: 'county_workshop', division: '532528102', contactPhone: '13900000009' })).json();
    const ok = await post('/api/v1/openings', { workshopId: ws.id, title: '包装工', skills: ['打包', '普工'], headcount: 3, wage: { min: 120, max: 150, unit: 'day' }, terms: { payDay: '日结' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ skills: ['包装'], status: 'open', wage: { min: 120, max: 150, unit: 'day' }, terms: { payDay: '日结' } });

    const unknown = await post('/api/v1/openings', { workshopId: ws.id, title: '飞行员', skills: ['开飞机'], headcount: 1, wage: { min: 1, max: 2, unit: 'day' }, terms: { payDay: '日结' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'skill.unknown', message: 'skills: unknown skill "开飞机"' });

    const wage = await post('/api/v1/openings', { workshopId: ws.id, title: 'x', skills: [], headcount: 1, wage: { min: 5, max: 2, unit: 'day' }, terms: { payDay: '日结' } });
    expect(wage.statusCode).toBe(400);
    expect(wage.json().message).toContain('body.wage.max');
    // A schema's own rule: the body says request.invalid, and the field's detail names the rule's code.
    expect(wage.json()).toMatchObject({ code: 'request.invalid', details: [{ field: 'body.wage.max', code: 'wage.max_below_min', message: 'wage.max must not be below wage.min' }] });

    const noWorkshop = await post('/api/v1/openings', { workshopId: 9999, title: 'x', skills: [], headcount: 1, wage: { min: 1, max: 2, unit: 'day' }, terms: { payDay: '日结' } });
    expect(noWorkshop.statusCode).toBe(400);

    const missing = await sys.app.inject({ method: 'GET', url: '/api/v1/openings/424242', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ statusCode: 404, code: 'opening.not_found', message: 'opening 424242 not found', requestId: expect.any(String) });
  });

  it('will not broadcast a closed opening', async () => {
    const ws = (await post('/api/v1/workshops', { name: '新街制衣', form: 'county_workshop', division: '532528102', contactPhone: '13900000009' })).json();
    const op = (await post('/api/v1/openings', { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 1, wage: { min: 1, max: 2, unit: 'day' }, terms: { payDay: '日结' } })).json();
    await sys.ctx.db.opening.update({ where: { id: op.id }, data: { status: 'closed' } });
    const r = await post(`/api/v1/openings/${op.id}/broadcast`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'opening.not_open', message: `opening ${op.id} is closed; only open openings can be broadcast` });
  });

  it('rejects webhook bodies that are not Aliyun batch pushes, and stores good items beside bad ones', async () => {
    const notArray = await sys.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: { phone_number: '1' } });
    expect(notArray.statusCode).toBe(400);
    const mixed = await sys.app.inject({
      method: 'POST',
      url: '/webhooks/aliyun/sms-up',
      payload: [{ content: 'no phone' }, { phone_number: '13800000011', content: '帮助', sequence_id: 77 }],
    });
    expect(mixed.statusCode).toBe(200);
    expect(await sys.ctx.db.inboundMessage.count()).toBe(1);
  });
});

describe('webhooks when the database is down', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' } });
  });
  afterAll(async () => sys?.close());

  it('answers 5xx so Aliyun pushes again, and readiness says why', async () => {
    const r = await sys.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: [{ phone_number: '13800000011', content: 'TD', sequence_id: '1' }] });
    expect(r.statusCode).toBeGreaterThanOrEqual(500);
    expect(r.json()).not.toHaveProperty('code', 0);
    expect(r.body).not.toContain('ECONNREFUSED'); // internals stay in the log
    const rep = await sys.app.inject({
      method: 'POST',
      url: '/webhooks/aliyun/sms-report',
      payload: [{ phone_number: '13800000011', success: true, err_code: 'DELIVERED', biz_id: '1^0', report_time: '2026-11-29 10:00:00' }],
    });
    expect(rep.statusCode).toBeGreaterThanOrEqual(500);
    const ready = await sys.app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.redis).toBe('ok');
  });
});

describe('webhook token', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false, env: { WEBHOOK_TOKEN: 's3cret-push-token' } });
  });
  afterAll(async () => sys?.close());

  it('refuses pushes without the token', async () => {
    const r = await sys.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up', payload: [] });
    expect(r.statusCode).toBe(401);
    const ok = await sys.app.inject({ method: 'POST', url: '/webhooks/aliyun/sms-up?token=s3cret-push-token', payload: [] });
    expect(ok.statusCode).toBe(200);
  });
});
