import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src/domain/message-templates.js';
import { countSegments } from '../../src/domain/sms-segments.js';
import { apiAs } from '../helpers/api.js';
import { ADMIN_KEY, resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { getPage, postForm, signInStaff } from '../helpers/console.js';

/**
 * Honest posts (issue #17 §1, docs/honest-posts.md) on the real database, Redis and workers:
 * terms required and stored through the API, rendered into the alert; the full terms by text
 * (1003, 详情1003) in at most two segments; 缝纫 工价; a station's check (已核验) and review of
 * broadcasts (held → approved → sent; rejected → nothing sent, the reason shown to the employer).
 */
describe('honest posts', () => {
  let sys: TestSystem;
  let seq = 17000;
  const code = (kind: keyof typeof TEMPLATES) => TEMPLATES[kind].defaultCode;
  const admin = () => apiAs(sys, ADMIN_KEY);

  /** Sends a text as Aliyun pushes it; returns the replies once they left through the SMS provider. */
  async function text(phone: string, content: string): Promise<{ codes: string[]; texts: string[]; segments: number[] }> {
    const sequence = String(++seq);
    const res = await fetch(`${sys.url}/webhooks/aliyun/sms-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ phone_number: phone, content, send_time: '2026-12-02 10:00:00', dest_code: '1234', sequence_id: sequence }]),
    });
    expect(res.status).toBe(200);
    const row = await waitFor(
      () => sys.ctx.db.inboundMessage.findFirst({ where: { providerMessageId: `${phone}:${sequence}`, processedAt: { not: null } } }),
      `"${content}" to be handled`,
    );
    const replies = await sys.ctx.db.notification.findMany({ where: { dedupeKey: { startsWith: `reply:${row.id}` } }, orderBy: { id: 'asc' } });
    const sent = [];
    for (const r of replies) sent.push(await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone, content: `【归雁就业】${r.content}` } }), `reply "${r.content}" sent`));
    return { codes: replies.map((r) => r.templateCode ?? ''), texts: replies.map((r) => r.content ?? ''), segments: sent.map((m) => countSegments(m.content)) };
  }

  beforeAll(async () => {
    sys = await startSystem({ listen: true });
    await resetData(sys.ctx.db);
  });
  afterAll(async () => sys?.close());

  async function workshop(name: string, divisionCode = '532528102') {
    return sys.ctx.db.workshop.create({ data: { name, form: 'county_workshop', divisionCode, contactPhone: '13900000031' } });
  }

  it('requires the pay day of a new opening through the API, stores every term and says them back', async () => {
    const ws = await workshop('新街采茶基地');
    const base = { workshopId: ws.id, title: '采茶工', skills: ['采茶'], headcount: 3, wage: { min: 120, max: 150, unit: 'day' } };
    const missing = await admin()('POST', '/api/v1/openings', base);
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 'request.invalid', details: [{ field: 'body.terms.payDay', code: 'opening.pay_day_required' }] });
    const badMeals = await admin()('POST', '/api/v1/openings', { ...base, terms: { payDay: '日结', meals: 'feast' } });
    expect(badMeals.status).toBe(400);
    const startsAt = new Date(Date.now() + 26 * 3600_000).toISOString();
    const ok = await admin()('POST', '/api/v1/openings', {
      ...base,
      dayLabour: true,
      startsAt,
      terms: { payDay: '日结', startPlace: '新街村口', meals: 'provided', lodging: null, transport: true, shifts: '长白班', childcare: true, accidentInsurance: true },
    });
    expect(ok.status).toBe(201);
    expect(ok.json.terms).toEqual({ startPlace: '新街村口', payDay: '日结', meals: 'provided', lodging: null, transport: true, shifts: '长白班', childcare: true, accidentInsurance: true });
    // PATCH changes a term and leaves the others.
    const patched = await admin()('PATCH', `/api/v1/openings/${ok.json.id}`, { terms: { lodging: 'couple' } });
    expect(patched.status).toBe(200);
    expect(patched.json.terms).toMatchObject({ lodging: 'couple', payDay: '日结', meals: 'provided' });
    // The alert the pre-flight shows says when it starts and stays one segment.
    const pre = await admin()('GET', `/api/v1/openings/${ok.json.id}/preflight`);
    expect(pre.status).toBe(200);
    expect(pre.json.message).toMatch(/^新街采茶基地在元阳新街镇招采茶工，日薪120-150元，(今早|今天|明早|明天|后天)[0-9]+点/);
    expect(pre.json.message).toContain('拒收请回复R');
    expect(pre.json.segmentsPerMessage).toBe(1);
  });

  it('answers 1003, 详情1003 and xq1003 with the full terms in at most two segments', async () => {
    const ws = await workshop('新街制衣车间');
    await sys.ctx.db.workshop.update({ where: { id: ws.id }, data: { verifiedAt: new Date(), verifiedBy: 'console:zhao', verifiedLicence: true, verifiedContact: '王老板', supportWorkshop: true } });
    const o = await sys.ctx.db.opening.create({
      data: { workshopId: ws.id, title: '缝纫工', skills: ['缝纫'], headcount: 5, wageMin: 3500, wageMax: 5000, wageUnit: 'month', payDay: '每月15日', meals: 'provided', lodging: 'dorm', transport: true, shifts: '长白班', childcare: true, accidentInsurance: true, startPlace: '新街镇政府门口' },
    });
    const phone = '13700001701';
    for (const t of [o.code, `详情${o.code}`, `xq${o.code}`]) {
      const r = await text(phone, t);
      expect(r.codes, t).toEqual([code('opening_details')]);
      expect(r.texts[0]).toBe(`新街制衣车间招缝纫工：月薪3500-5000元，每月15日发工资；到新街镇政府门口集合；包吃住，接送，长白班，可带娃，买意外险，就业站已核验，帮扶车间。回BM${o.code}报名`);
      expect(r.segments[0]).toBeLessThanOrEqual(2);
    }
    // Details apply for nothing.
    expect(await sys.ctx.db.application.count({ where: { openingId: o.id } })).toBe(0);
    // A code no opening has, and one that has stopped.
    expect((await text(phone, '98765')).codes).toEqual([code('apply_unknown')]);
    await sys.ctx.db.opening.update({ where: { id: o.id }, data: { status: 'closed' } });
    expect((await text(phone, `详情${o.code}`)).codes).toEqual([code('apply_closed')]);
  });

  it('answers 缝纫 工价 with the county median in one segment, and says when there are too few openings', async () => {
    const ws = await workshop('南沙制衣', '532528101');
    await sys.ctx.db.worker.create({ data: { phone: '13700001702', skills: ['刺绣'], divisionCode: '532528102211' } });
    const few = await text('13700001702', '刺绣 工价');
    expect(few.codes).toEqual([code('wage_benchmark_few')]);
    expect(few.texts[0]).toContain('只有0个岗位');
    for (const [min, max] of [[3000, 4000], [4000, 5000], [5000, 5000]]) {
      await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '刺绣工', skills: ['刺绣'], headcount: 1, wageMin: min!, wageMax: max!, wageUnit: 'month' } });
    }
    // A draft is no offer, another county's opening is not this county's.
    await sys.ctx.db.opening.create({ data: { workshopId: ws.id, title: '刺绣工', skills: ['刺绣'], headcount: 1, wageMin: 9000, wageMax: 9000, wageUnit: 'month', status: 'draft' } });
    const far = await workshop('蒙自刺绣', '532503001');
    await sys.ctx.db.opening.create({ data: { workshopId: far.id, title: '刺绣工', skills: ['刺绣'], headcount: 1, wageMin: 9000, wageMax: 9000, wageUnit: 'month' } });
    const r = await text('13700001702', '刺绣多少钱一个月');
    expect(r.codes).toEqual([code('wage_benchmark')]);
    expect(r.texts[0]).toBe('元阳县的刺绣活近一年工价：月薪4500元（3个岗位的中位数）。回GW查岗位');
    expect(r.segments).toEqual([1]);
    // The employer API shows the same benchmark.
    const api = await admin()('GET', `/api/v1/wage-benchmark?skill=${encodeURIComponent('刺绣')}&division=${encodeURIComponent('元阳县')}`);
    expect(api.status).toBe(200);
    expect(api.json).toMatchObject({ skill: '刺绣', county: '532528', units: [{ unit: 'month', count: 3, median: 4500 }] });
    expect((await admin()('GET', '/api/v1/wage-benchmark?skill=%E5%BC%80%E9%A3%9E%E6%9C%BA&division=532528')).status).toBe(400);
  });

  it('holds an unverified employer\'s broadcast for review: approved, it is sent; rejected, nothing is sent and the employer reads why', async () => {
    const { station } = await signInStaff(sys);
    const ws = await workshop('待核验车间');
    const worker = await sys.ctx.db.worker.create({ data: { phone: '13700001703', skills: ['包装'], divisionCode: '532528102211', status: 'active' } });
    // The station sets review for this workshop (audited).
    const wsPage = await getPage(sys.app, station, `/console/openings/workshops/${ws.id}`);
    expect(wsPage.res.body).toContain('就业站核验');
    expect((await postForm(sys.app, station, `/console/openings/workshops/${ws.id}/review`, { _csrf: wsPage.token!, mode: 'unverified' })).statusCode).toBe(303);
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'workshop.review_mode', entityId: String(ws.id) } })).toBe(1);

    const mk = (title: string) => sys.ctx.db.opening.create({ data: { workshopId: ws.id, title, skills: ['包装'], headcount: 1, wageMin: 100, wageMax: 120, wageUnit: 'day', payDay: '日结' } });
    const a = await mk('包装工');
    const held = await admin()('POST', `/api/v1/openings/${a.id}/broadcast`, { dryRun: false });
    expect(held.status).toBe(202);
    expect(held.json.status).toBe('held');
    await new Promise((r) => setTimeout(r, 500));
    expect(await sys.ctx.db.notification.count({ where: { campaignId: held.json.campaignId } })).toBe(0);

    const queue = await getPage(sys.app, station, '/console/review');
    expect(queue.res.statusCode).toBe(200);
    expect(queue.res.body).toContain(`data-held="${held.json.campaignId}"`);
    expect(queue.res.body).toContain('雇主还没核验');
    expect((await postForm(sys.app, station, `/console/review/${held.json.campaignId}/approve`, { _csrf: queue.token! })).statusCode).toBe(303);
    await waitFor(() => sys.ctx.db.outboxMessage.findFirst({ where: { phone: '13700001703', content: { contains: `BM${a.code}` } } }), 'the approved alert sent');

    // Rejected: a reason is required; with one, the broadcast is cancelled and nothing goes out.
    const b = await mk('装箱工');
    const held2 = await admin()('POST', `/api/v1/openings/${b.id}/broadcast`, { dryRun: false });
    expect(held2.json.status).toBe('held');
    const q2 = await getPage(sys.app, station, '/console/review');
    const noReason = await postForm(sys.app, station, `/console/review/${held2.json.campaignId}/reject`, { _csrf: q2.token!, note: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('不通过要写原因');
    const rejected = await postForm(sys.app, station, `/console/review/${held2.json.campaignId}/reject`, { _csrf: q2.token!, note: '工资和电话里说的不一样' });
    expect(rejected.statusCode).toBe(303);
    const c = await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: held2.json.campaignId } });
    expect(c).toMatchObject({ status: 'cancelled', reviewNote: '工资和电话里说的不一样' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await sys.ctx.db.notification.count({ where: { campaignId: c.id } })).toBe(0);
    expect(await sys.ctx.db.outboxMessage.count({ where: { content: { contains: `BM${b.code}` } } })).toBe(0);
    const campaigns = await admin()('GET', `/api/v1/openings/${b.id}/campaigns`);
    expect(campaigns.json[0]).toMatchObject({ status: 'cancelled', reviewNote: '工资和电话里说的不一样' });

    // Verified by the station: the next broadcast is not held, and its alert says 已核验.
    const page = await getPage(sys.app, station, `/console/openings/workshops/${ws.id}`);
    const noLicence = await postForm(sys.app, station, `/console/openings/workshops/${ws.id}/verify`, { _csrf: page.token!, contactName: '王老板' });
    expect(noLicence.statusCode).toBe(400);
    expect(noLicence.body).toContain('要看过营业执照或老板身份证');
    expect((await postForm(sys.app, station, `/console/openings/workshops/${ws.id}/verify`, { _csrf: page.token!, licence: 'on', contactName: '王老板', supportWorkshop: 'on' })).statusCode).toBe(303);
    const verified = await sys.ctx.db.workshop.findUniqueOrThrow({ where: { id: ws.id } });
    expect(verified).toMatchObject({ verifiedLicence: true, verifiedContact: '王老板', supportWorkshop: true, verifiedBy: expect.stringMatching(/^user:/) });
    expect(await sys.ctx.db.auditLog.count({ where: { action: 'workshop.verify', entityId: String(ws.id) } })).toBe(1);
    const d = await mk('打包工');
    const pre = await admin()('GET', `/api/v1/openings/${d.id}/preflight`);
    expect(pre.json.message).toContain('已核验');
    const sent = await admin()('POST', `/api/v1/openings/${d.id}/broadcast`, { dryRun: false });
    expect(sent.json.status).not.toBe('held');
  });

  it('the console asks for the pay day in Chinese and shows the wage benchmark under the wage fields', async () => {
    const { admin: jar } = await signInStaff(sys);
    const ws = await workshop('控制台车间');
    const form = await getPage(sys.app, jar, '/console/openings/new');
    expect(form.res.body).toContain('什么时候发工资');
    const fields = { _csrf: form.token!, workshopId: String(ws.id), title: '刺绣工', skills: '刺绣', headcount: '2', 'wage.min': '3000', 'wage.max': '4000', 'wage.unit': 'month' };
    const refused = await postForm(sys.app, jar, '/console/openings', fields);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('请写什么时候发工资');
    const saved = await postForm(sys.app, jar, '/console/openings', { ...fields, 'terms.payDay': '每月15日', 'terms.meals': 'allowance', 'terms.extras': 'transport' });
    expect(saved.statusCode).toBe(303);
    const o = await sys.ctx.db.opening.findFirstOrThrow({ where: { workshopId: ws.id } });
    expect(o).toMatchObject({ payDay: '每月15日', meals: 'allowance', transport: true, childcare: false });
    const page = await getPage(sys.app, jar, `/console/openings/${o.id}`);
    expect(page.res.body).toMatch(/id="wage-benchmark">参考：元阳县刺绣近一年/);
  });
});
