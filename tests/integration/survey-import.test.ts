import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyError, ConflictError } from '../../src/errors.js';
import { apiAs, createKey } from '../helpers/api.js';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';
import { encodeGbk } from '../helpers/gbk.js';

/** Field surveys as caseworkers bring them back: Excel CSV in GBK, with mistakes. */
describe('survey import', () => {
  let sys: TestSystem;
  let key: { id: number; key: string };
  const importCsv = (bytes: Uint8Array | string, filename = '胜村.csv') =>
    apiAs(sys, key.key)('POST', `/api/v1/caseworker/workers/import?filename=${encodeURIComponent(filename)}`, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, {
      'content-type': 'text/csv',
    });

  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    key = await createKey(sys, { name: '元阳县站', role: 'caseworker', divisionPrefixes: ['532528'] });
  });

  const survey = [
    '姓名,手机号,住址,技能,返乡,家庭作坊,同意',
    '李秀英,13800001111,新街镇胜村,缝纫、刺绣,是,否,是',
    '王强,138-0000-2222,南沙镇,普工,否,是,是',
    '张三,1380000,新街镇,缝纫,否,否,是', // phone too short
    '赵四,13800004444,火星村,缝纫,否,否,是', // unknown place
    '钱五,13800005555,南沙镇,开飞机,否,否,是', // unknown skill
    '孙六,13800006666,蒙自市文澜街道,缝纫,否,否,是', // outside 元阳
    '周七,13800007777,南沙镇,缝纫,否,否,否', // no consent
  ].join('\r\n');

  it('imports a GBK file, reports every bad row with its reasons, and keeps the good ones', async () => {
    const r = await importCsv(encodeGbk(survey));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ encoding: 'gbk', total: 7, created: 2, updated: 0, skipped: 0, errors: 5 });
    const byLine = Object.fromEntries(r.json.rows.map((row: any) => [row.line, row]));
    expect(byLine[2]).toMatchObject({ outcome: 'created', phone: '13800001111' });
    expect(byLine[3]).toMatchObject({ outcome: 'created', phone: '13800002222' });
    expect(byLine[4].problems).toEqual(['phone: "1380000" is not a mainland mobile number']);
    expect(byLine[5].problems).toEqual([expect.stringMatching(/^place: no place .*火星村/)]);
    expect(byLine[6].problems).toEqual(['skills: unknown skill "开飞机"']);
    expect(byLine[7].problems).toEqual([expect.stringMatching(/^place: "蒙自市文澜街道" \(532503001\) is outside your divisions$/)]);
    expect(byLine[8].problems).toEqual([expect.stringMatching(/^consent: /)]);
    // The same problems as codes, for programs and for the console's Chinese.
    expect([4, 5, 6, 7, 8].map((l) => byLine[l].issues)).toEqual([
      [{ field: 'phone', code: 'phone.invalid' }],
      [{ field: 'place', code: 'division.unknown_place', params: { name: '火星村' } }],
      [{ field: 'skills', code: 'skill.unknown', params: { skills: '"开飞机"' } }],
      [{ field: 'place', code: 'division.out_of_scope' }],
      [{ field: 'consent', code: 'survey.consent_column' }],
    ]);
    expect(byLine[2].issues).toEqual([]);

    const li = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: '13800001111' }, include: { consentEvents: true } });
    expect(li).toMatchObject({ name: '李秀英', skills: ['缝纫', '刺绣'], returnee: true, workForms: [], status: 'active' });
    expect(li.divisionCode).toMatch(/^532528102\d{3}$/); // the village 胜村 in 新街镇
    expect(li.consentEvents).toEqual([expect.objectContaining({ kind: 'opt_in', source: 'caseworker', actor: `key:${key.id}`, rawMessage: 'survey 胜村.csv line 2' })]);
    const wang = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: '13800002222' } });
    expect(wang).toMatchObject({ divisionCode: '532528101', skills: ['普工'], workForms: ['home_workshop'] });
    expect(await sys.ctx.db.worker.count()).toBe(2);
  });

  it('updates on re-import instead of duplicating, and never re-subscribes an opted-out phone', async () => {
    await importCsv(survey);
    const opted = await sys.ctx.db.worker.update({ where: { phone_phoneSlot: { phone: '13800002222', phoneSlot: 1 } }, data: { status: 'opted_out' } });
    const again = ['手机,住址,技能,同意,家庭作坊', '13800001111,南沙镇,包装,是,是', '13800002222,南沙镇,缝纫,是,否', '13800008888,南沙镇,,是,'].join('\n');
    const r = await importCsv(again);
    expect(r.json).toMatchObject({ encoding: 'utf-8', total: 3, created: 1, updated: 1, skipped: 1, errors: 0 });
    expect(r.json.rows[1]).toMatchObject({ outcome: 'skipped', workerId: opted.id, problems: [expect.stringContaining('opted out')], issues: [{ field: null, code: 'survey.opted_out' }] });

    expect(await sys.ctx.db.worker.count()).toBe(3);
    const li = await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: '13800001111' } });
    // Re-import is the newer survey: place and skills replaced, the name kept when the column is absent.
    expect(li).toMatchObject({ name: '李秀英', divisionCode: '532528101', skills: ['包装'], workForms: ['home_workshop'] });
    const stillOut = await sys.ctx.db.worker.findUniqueOrThrow({ where: { id: opted.id } });
    expect(stillOut).toMatchObject({ status: 'opted_out', skills: ['普工'] });
    // Only the first import recorded consent for 李秀英; the update did not add another.
    expect(await sys.ctx.db.consentEvent.count({ where: { workerId: li.id } })).toBe(1);
  });

  it('re-subscribes an opted-out worker only with fresh consent, recorded with who and when', async () => {
    await importCsv(survey);
    const w = await sys.ctx.db.worker.update({ where: { phone_phoneSlot: { phone: '13800001111', phoneSlot: 1 } }, data: { status: 'opted_out' } });
    const api = apiAs(sys, key.key);
    const refused = await api('PATCH', `/api/v1/caseworker/workers/${w.id}`, { status: 'active' });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'worker.opted_out_needs_consent', message: expect.stringContaining('consent: true') });
    const ok = await api('PATCH', `/api/v1/caseworker/workers/${w.id}`, { status: 'active', consent: true, consentNote: '赶集时当面同意' });
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe('active');
    const last = await sys.ctx.db.consentEvent.findFirstOrThrow({ where: { workerId: w.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ kind: 'opt_in', source: 'caseworker', actor: `key:${key.id}`, rawMessage: '赶集时当面同意' });
    const history = (await api('GET', `/api/v1/caseworker/workers/${w.id}`)).json.consents;
    expect(history[0]).toMatchObject({ kind: 'opt_in', source: 'caseworker', actor: `key:${key.id}`, note: '赶集时当面同意', at: expect.any(String) });
    expect(history[1]).toMatchObject({ kind: 'opt_in', note: 'survey 胜村.csv line 2' });

    // A corrected number after a wrong-number call, and the filters of the worker list.
    await sys.ctx.db.worker.update({ where: { id: w.id }, data: { phoneInvalid: true } });
    const fixed = await api('PATCH', `/api/v1/caseworker/workers/${w.id}`, { phone: '+86 139 0000 1111' });
    expect(fixed.json).toMatchObject({ phone: '13900001111', phoneInvalid: false });
    const taken = await api('PATCH', `/api/v1/caseworker/workers/${w.id}`, { phone: '13800002222' });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: 'worker.phone_belongs_to_other', message: 'phone 13800002222 already belongs to another worker' });
    const sewing = await api('GET', '/api/v1/caseworker/workers?skills=车工&returnee=true');
    expect(sewing.json.workers.map((x: any) => x.id)).toEqual([w.id]);
    const homeWork = await api('GET', '/api/v1/caseworker/workers?wantsHomeWork=true&divisions=532528101');
    expect(homeWork.json.workers.map((x: any) => x.phone)).toEqual(['13800002222']);
    const outside = await api('GET', '/api/v1/caseworker/workers?divisions=532503');
    expect(outside.status).toBe(403);
    expect(outside.json.message).toBe('divisions: 532503 outside your divisions (532528)');
    const wholePrefecture = await api('GET', '/api/v1/caseworker/workers?divisions=5325');
    expect(wholePrefecture.json.total).toBe(2); // narrowed to 元阳

  });

  it('rejects a file it cannot read with the reason', async () => {
    const r = await importCsv('名字,电话号码\n李,1\n');
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^file: missing column\(s\): phone/);
    const json = await apiAs(sys, key.key)('POST', '/api/v1/caseworker/workers/import', { rows: [] });
    expect(json.status).toBe(400);
    expect(json.json.message).toContain('text/csv');
  });

  it('answers a phone registered by two requests at once with one worker and a 409 (the unique index, not a 500)', async () => {
    const api = apiAs(sys, key.key);
    const body = { phone: '13800009999', division: '532528101', skills: ['缝纫'], consent: true };
    const both = await Promise.all([api('POST', '/api/v1/caseworker/workers', body), api('POST', '/api/v1/caseworker/workers', body)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const lost = both.find((r) => r.status === 409)!;
    // The service's own check answers when the first had committed; the index when both passed it.
    expect(lost.json.code).toMatch(/^worker\.phone_(registered|taken)$/);
    expect(await sys.ctx.db.worker.count({ where: { phone: '13800009999' } })).toBe(1);
    // The index's answer itself, from a real violation:
    const dup = await sys.ctx.db.worker.create({ data: { phone: '13800009999', divisionCode: '532528101' } }).catch((e: unknown) => e);
    const known = classifyError(dup);
    expect(known).toBeInstanceOf(ConflictError);
    expect(known).toMatchObject({ code: 'worker.phone_taken', message: 'this phone number was registered a moment ago; open the workers list' });
  });

  // Several people on one phone (docs/shared-phones.md), each with their own consent record.
  describe('shared phones', () => {
    const PHONE = '13800007101';
    const register = (body: Record<string, unknown>) =>
      apiAs(sys, key.key)('POST', '/api/v1/caseworker/workers', { phone: PHONE, division: '532528102', skills: ['缝纫'], consent: true, ...body });

    it('registers a second person on a registered phone only when asked to, as number 2 with a consent record of their own', async () => {
      const first = await register({ name: '王建华', consentNote: '赶集时当面同意' });
      expect(first.status).toBe(201);
      expect(first.json).toMatchObject({ phone: PHONE, phoneSlot: 1, name: '王建华' });

      // Without addToPhone a registered phone is refused, as before.
      const refused = await register({ name: '李秀英' });
      expect(refused.status).toBe(409);
      expect(refused.json).toMatchObject({ code: 'worker.phone_registered' });

      const second = await register({ name: '李秀英', skills: ['刺绣'], addToPhone: true, consentNote: '孙子的手机，奶奶本人同意' });
      expect(second.status).toBe(201);
      expect(second.json).toMatchObject({ phone: PHONE, phoneSlot: 2, name: '李秀英', skills: ['刺绣'] });

      const people = await sys.ctx.db.worker.findMany({ where: { phone: PHONE }, orderBy: { phoneSlot: 'asc' }, include: { consentEvents: true } });
      expect(people.map((w) => [w.phoneSlot, w.name, w.consentEvents.map((c) => [c.kind, c.source, c.rawMessage])])).toEqual([
        [1, '王建华', [['opt_in', 'caseworker', '赶集时当面同意']]],
        [2, '李秀英', [['opt_in', 'caseworker', '孙子的手机，奶奶本人同意']]],
      ]);
    });

    it('imports a survey with two people on one phone (第几人), and a second import updates them instead of adding more', async () => {
      const csv = ['姓名,手机号,住址,技能,同意,第几人', `王建华,${PHONE},新街镇,缝纫,是,1`, `李秀英,${PHONE},新街镇,刺绣,是,2`, `张三,13800007102,新街镇,缝纫,是,十`].join('\n');
      const r = await importCsv(csv, 'shared.csv');
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ total: 3, created: 2, updated: 0, errors: 1 });
      expect(r.json.rows[2].issues).toEqual([{ field: 'person', code: 'survey.person_invalid' }]);
      const people = await sys.ctx.db.worker.findMany({ where: { phone: PHONE }, orderBy: { phoneSlot: 'asc' }, include: { consentEvents: true } });
      expect(people.map((w) => [w.phoneSlot, w.name, w.skills, w.consentEvents.length])).toEqual([
        [1, '王建华', ['缝纫'], 1],
        [2, '李秀英', ['刺绣'], 1],
      ]);

      const again = await importCsv(['姓名,手机号,住址,技能,同意,第几人', `王建华,${PHONE},新街镇,缝纫,是,1`, `李秀英,${PHONE},新街镇,刺绣、编织,是,2`].join('\n'));
      expect(again.json).toMatchObject({ created: 0, updated: 2 });
      expect((await sys.ctx.db.worker.findFirstOrThrow({ where: { phone: PHONE, phoneSlot: 2 } })).skills).toEqual(['刺绣', '编织']);
      expect(await sys.ctx.db.worker.count({ where: { phone: PHONE } })).toBe(2);
    });
  });
});
