import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetData, startSystem, type TestSystem } from '../helpers/app.js';

/**
 * A question about an opening's terms (Round 35, docs/honest-posts.md): with a code, the opening's full terms; without
 * one (包吃住吗, 那个缝纫的管饭不), the terms of the opening last alerted to the worker, within two weeks, of the skill the
 * text names when it names one; with no such alert, the list of nearby openings, as 岗位 answers. Texts through the
 * conversation service on the real database.
 */
let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem({ workers: false });
});
beforeEach(async () => resetData(sys.ctx.db));
afterAll(async () => sys?.close());

const PHONE = '13800003501';
const DAY = 86_400_000;
let seq = 0;

async function world() {
  const db = sys.ctx.db;
  const worker = await db.worker.create({ data: { phone: PHONE, skills: ['缝纫', '包装'], divisionCode: '532528102211' } });
  const ws = await db.workshop.create({ data: { name: '新街制衣车间', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13900003509' } });
  const sewing = await db.opening.create({ data: { workshopId: ws.id, code: '3501', title: '缝纫工', skills: ['缝纫'], headcount: 2, wageMin: 3500, wageMax: 5000, wageUnit: 'month', status: 'open' } });
  const packing = await db.opening.create({ data: { workshopId: ws.id, code: '3502', title: '包装工', skills: ['包装'], headcount: 2, wageMin: 120, wageMax: 150, wageUnit: 'day', status: 'open' } });
  return { worker, ws, sewing, packing };
}

/** An alert of one opening to the worker, `daysAgo` days ago, as a broadcast records it (its campaign and opening_ids). */
async function alerted(workerId: number, openingId: number, daysAgo: number) {
  const db = sys.ctx.db;
  const campaign = await db.campaign.create({ data: { kind: 'opening_broadcast', openingId, wave: 1 } });
  await db.notification.create({
    data: {
      campaignId: campaign.id, workerId, kind: 'alert', channel: 'sms', phone: PHONE, templateCode: 'T', templateParams: {}, content: 'x', segments: 1,
      status: 'delivered', openingIds: [openingId], createdAt: new Date(Date.now() - daysAgo * DAY),
    },
  });
}

/** One SMS through the conversation: its intent and the text of each reply. */
async function text(content: string): Promise<{ intent: string | undefined; replies: string[] }> {
  const db = sys.ctx.db;
  const msg = await db.inboundMessage.create({ data: { provider: 'aliyun', providerMessageId: `t35-${++seq}`, channel: 'sms', sender: PHONE, content, raw: {} } });
  const r = await sys.ctx.services.conversation.handleWithoutWechatDelivery(msg.id);
  const replies = await db.notification.findMany({ where: { dedupeKey: { startsWith: `reply:${msg.id}` } }, orderBy: { id: 'asc' } });
  return { intent: r?.intent, replies: replies.map((n) => n.content) };
}

describe('a question about an opening\'s terms', () => {
  it('with a code: that opening\'s full terms', async () => {
    await world();
    const r = await text('3501 包吃住不');
    expect(r.intent).toBe('details');
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toContain('新街制衣车间招缝纫工');
    expect(r.replies[0]).toContain('回BM3501报名');
  });

  it('without a code: the opening last alerted to the worker', async () => {
    const { worker, sewing, packing } = await world();
    await alerted(worker.id, sewing.id, 3);
    await alerted(worker.id, packing.id, 1);
    const r = await text('包吃住吗');
    expect(r.intent).toBe('details');
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toContain('招包装工');
    expect(r.replies[0]).toContain('回BM3502报名');
  });

  it('pointing at an alert of a kind: the newest alerted opening of that kind', async () => {
    const { worker, sewing, packing } = await world();
    await alerted(worker.id, sewing.id, 3);
    await alerted(worker.id, packing.id, 1);
    const r = await text('那个缝纫的管饭不');
    expect(r.intent).toBe('details');
    expect(r.replies[0]).toContain('回BM3501报名');
  });

  it('with no alert in two weeks: the list of nearby openings, as 岗位 answers', async () => {
    const { worker, sewing } = await world();
    await alerted(worker.id, sewing.id, 20);
    const r = await text('有宿舍没得');
    expect(r.intent).toBe('details');
    // The list (job_listing, one message per opening), not one opening's terms.
    expect(r.replies.length).toBeGreaterThanOrEqual(1);
    expect(r.replies.join('\n')).not.toContain('回BM3501报名');
    expect(r.replies.join('\n')).toMatch(/3501|3502/);
  });

  it('a general question stays the list, and a price of no work is not asked of us', async () => {
    await world();
    expect((await text('有没有包吃住的活')).intent).toBe('list_jobs');
    expect((await text('今天猪肉多少钱一斤')).intent).toBe('unknown');
  });
});
