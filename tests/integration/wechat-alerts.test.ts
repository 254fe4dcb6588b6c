import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aliyunTemplateRegistry, TEMPLATES } from '../../src/domain/message-templates.js';
import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/fake-aliyun-sms.js';
import { startFakeWechat, type FakeWechat } from '../fakes/fake-wechat.js';
import { startFakeWecom, type FakeWecom } from '../fakes/fake-wecom.js';
import { resetData, startSystem, waitFor, type TestSystem } from '../helpers/app.js';
import { aliyunEnv, sewingOpening } from '../helpers/delivery.js';

/**
 * Alerts by WeChat for workers who prefer it and are bound: a customer-service message inside
 * the 48-hour window, the template message outside it, and SMS when WeChat cannot take it.
 */
describe('WeChat alerts with SMS fallback', () => {
  let sms: FakeAliyunSms;
  let wx: FakeWechat;
  let sys: TestSystem;
  let wecom: FakeWecom;
  const TEMPLATE_ID = 'tmpl-job-alert-0001';

  beforeAll(async () => {
    sms = await startFakeAliyunSms({ signNames: ['归雁就业'], templates: aliyunTemplateRegistry(), reportDelayMs: Infinity });
    wx = await startFakeWechat();
    wecom = await startFakeWecom({ keys: ['robot-key-1'] });
    sys = await startSystem({
      env: {
        ...aliyunEnv(sms),
        WECHAT_APP_ID: wx.appId,
        WECHAT_APP_SECRET: wx.appSecret,
        WECHAT_TOKEN: 'guiyanwechattoken',
        WECHAT_API_BASE_URL: wx.baseUrl,
        WECHAT_ALERT_TEMPLATE_ID: TEMPLATE_ID,
        WECOM_API_BASE_URL: wecom.baseUrl,
        WECOM_ROBOT_INTERVAL_MS: '20',
      },
    });
  });
  afterAll(async () => {
    await sms?.close();
    await wx?.close();
    await wecom?.close();
    await sys?.close();
  });
  beforeEach(async () => {
    await resetData(sys.ctx.db);
    await sys.ctx.queues.queue('notify').obliterate({ force: true });
    sms.reset();
    wx.reset();
    wecom.reset();
  });

  async function broadcast(workers: { phone: string; openId?: string; prefers: 'sms' | 'wechat' }[]) {
    for (const w of workers) {
      await sys.ctx.db.worker.create({
        data: { phone: w.phone, skills: ['缝纫'], divisionCode: '532528102211', preferredChannel: w.prefers, wechatOpenId: w.openId ?? null },
      });
    }
    const o = await sewingOpening(sys);
    const c = await sys.ctx.db.campaign.create({ data: { kind: 'opening_broadcast', openingId: o.id } });
    await sys.ctx.services.matching.runCampaign(c.id);
    await waitFor(async () => (await sys.ctx.db.campaign.findUniqueOrThrow({ where: { id: c.id } })).status === 'completed', 'the campaign');
    return (await sys.ctx.db.notification.findMany({ where: { campaignId: c.id }, include: { worker: true }, orderBy: { id: 'asc' } })).map((n) => ({
      phone: n.worker!.phone,
      channel: n.channel,
      status: n.status,
      segments: n.segments,
    }));
  }

  it('uses the 48-hour window, then the template message, and SMS for those who prefer it', async () => {
    wx.openWindow('o-in-window');
    const rows = await broadcast([
      { phone: '13922220001', openId: 'o-in-window', prefers: 'wechat' },
      { phone: '13922220002', openId: 'o-out-of-window', prefers: 'wechat' },
      { phone: '13922220003', openId: 'o-prefers-sms', prefers: 'sms' },
    ]);
    expect(rows).toEqual([
      { phone: '13922220001', channel: 'wechat', status: 'sent', segments: 0 },
      { phone: '13922220002', channel: 'wechat', status: 'sent', segments: 0 },
      { phone: '13922220003', channel: 'sms', status: 'sent', segments: 1 },
    ]);
    const byOpenId = Object.fromEntries(wx.messages.map((m) => [m.openId, m]));
    expect(byOpenId['o-in-window']).toMatchObject({ type: 'custom', content: expect.stringContaining('拒收请回复R') });
    expect(byOpenId['o-out-of-window']).toMatchObject({ type: 'template', templateId: TEMPLATE_ID, data: expect.objectContaining({ title: '缝纫工' }) });
    expect(sms.messages.map((m) => m.phone)).toEqual(['13922220003']);
    const campaignId = (await sys.ctx.db.campaign.findFirstOrThrow()).id;
    expect((await sys.ctx.services.campaigns.getCampaign(campaignId)).totals).toMatchObject({ sent: 3, byWechat: 2, segments: 1, estimatedCost: 0.05 });
    expect(sms.messages[0]!.templateCode).toBe(TEMPLATES.job_alert.defaultCode);
  });

  it('falls back to SMS when WeChat refuses, and never sends both', async () => {
    wx.fail({ api: 'template', kind: 'errcode', errcode: 43004, errmsg: 'require subscribe' });
    const rows = await broadcast([{ phone: '13922220004', openId: 'o-unfollowed', prefers: 'wechat' }]);
    expect(rows).toEqual([{ phone: '13922220004', channel: 'sms', status: 'sent', segments: 1 }]);
    expect(wx.messages).toHaveLength(0);
    expect(sms.messages.map((m) => m.phone)).toEqual(['13922220004']);
  });

  it('sends applicant notices to the workshop\'s WeCom robot when it has one, else by SMS', async () => {
    await sys.ctx.db.workshop.create({ data: { name: '有机器人', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13933330001', wecomRobotKey: 'robot-key-1' } });
    await sys.ctx.db.workshop.create({ data: { name: '无机器人', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13933330002' } });
    await sys.ctx.db.workshop.create({ data: { name: '坏机器人', form: 'county_workshop', divisionCode: '532528102', contactPhone: '13933330003', wecomRobotKey: 'revoked-key' } });
    const ids: string[] = [];
    for (const phone of ['13933330001', '13933330002', '13933330003']) {
      const id = await sys.ctx.db.$transaction((tx) =>
        sys.ctx.services.outbox.createDirect(tx, {
          dedupeKey: `applicant:${phone}`,
          kind: 'employer_notice',
          workerId: null,
          phone,
          message: 'employer_new_applicant',
          params: { title: '缝纫工', code: '1024', phone: '138****0001' } as never,
        }),
      );
      await sys.ctx.services.outbox.enqueue(id!);
      ids.push(id!);
    }
    await waitFor(async () => (await sys.ctx.db.notification.count({ where: { status: 'sent' } })) === 3, 'the notices');
    const rows = await sys.ctx.db.notification.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.phone, r.channel])).toEqual([
      ['13933330001', 'wechat'],
      ['13933330002', 'sms'],
      ['13933330003', 'sms'],
    ]);
    expect(wecom.messages).toEqual([expect.objectContaining({ key: 'robot-key-1', content: expect.stringContaining('编号1024') })]);
    expect(wecom.calls).toContainEqual({ key: 'revoked-key', errcode: 93000 });
    expect(sms.messages.map((m) => m.phone).sort()).toEqual(['13933330002', '13933330003']);
  });
});
