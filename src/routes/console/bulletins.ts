import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { NoticeRow } from '../../domain/bulletin.js';
import { attempt, onlyToken, pathId, str, type FormBody } from '../../console/form.js';
import { csrfField, fmtTime, html, postButton, select, table, type FieldErrors, type Html } from '../../console/html.js';
import { formError } from '../../console/layout.js';
import { sendXlsx } from '../../console/xlsx.js';
import { BULLETIN_TEXT_MAX } from '../../services/bulletins/bulletin-service.js';
import { actorNames, CASEWORK, done, listUrl, placesToCodes, requireRole, view } from './context.js';

/** What the console shows of the hook's state. */
const HOOK: Record<string, string> = { none: '不发送', pending: '等待发送', retry: '重试中', sending: '发送中', sent: '已发送', failed: '发送失败' };
const HOOK_BADGE: Record<string, string> = { none: '', pending: 'paused', retry: 'paused', sending: 'active', sent: 'completed', failed: 'cancelled' };
const ACTIONS: Record<string, string> = { 'bulletin.edited': '修改了稿子', 'bulletin.regenerated': '重新生成', 'bulletin.hook_retry': '重新发送到广播平台' };

/** Bulletins listed on one page (a county's villages, both slots); the export has them all. */
const LIST_MAX = 400;
/** Rows of the printed notice: as many as fit one A4 page in large type; the rest are counted. */
const NOTICE_ROWS = 8;

// The notice's own sheet (the console's CSP allows only stylesheets of this origin): A4, large
// type, readable from a step back on a village board.
const NOTICE_CSS = `@page{size:A4 portrait;margin:14mm}
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#000;background:#fff}
.sheet{max-width:182mm;margin:0 auto;padding:2mm 0}
h1{font-size:26pt;text-align:center;margin:0 0 2mm;letter-spacing:.1em}
.meta{font-size:14pt;text-align:center;margin:0 0 4mm}
table{width:100%;border-collapse:collapse;font-size:12pt;table-layout:fixed}
col.c-code{width:12%}col.c-title{width:15%}col.c-ws{width:27%}col.c-place{width:10%}col.c-wage{width:15%}col.c-n{width:7%}col.c-start{width:14%}
th,td{border:1.5pt solid #000;padding:1.2mm 1.4mm;line-height:1.3;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#eee}td.code{font-size:18pt;font-weight:bold;white-space:nowrap}
.how{font-size:14pt;margin:4mm 0 0;line-height:1.45}.how p{margin:0 0 2mm}.how strong{font-size:17pt}
.more{font-size:14pt;margin:3mm 0 0}.foot{font-size:11pt;margin-top:4mm;text-align:right}
.wrap{overflow-x:auto}
.no-print{font-family:sans-serif;font-size:12pt;background:#fff8d6;padding:3mm;margin-bottom:4mm}
@media print{.no-print{display:none}.wrap{overflow:visible}}
@media screen and (max-width:720px){h1{font-size:22pt}table{font-size:11pt;table-layout:auto}.how,.meta{font-size:12pt}td.code{font-size:14pt}.sheet{padding:3mm}}`;

/** "2026-12-03" → "2026年12月3日". */
const dayText = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The station's list, one bulletin, edits, regenerate, the printed notice and the day's export (docs/bulletins.md). */
export const consoleBulletinRoutes: FastifyPluginAsync = async (app) => {
  const svc = app.ctx.services.bulletins;
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  /** The list's filters from the query: a bad date or an unknown place is said beside its field, never a 500. */
  async function filters(q: FormBody) {
    const errors: FieldErrors = {};
    let day = str(q, 'day') ?? svc.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      errors.day = '日期要写成 2026-12-03 这样';
      day = svc.today();
    }
    const slotAsked = str(q, 'slot');
    const slot = slotAsked && svc.slots().includes(slotAsked) ? slotAsked : undefined;
    let under: string | undefined;
    const place = str(q, 'place');
    if (place) {
      const r = await placesToCodes(app, [place]);
      if (r.ok) under = r.codes[0];
      else errors.place = r.error;
    }
    return { day, slot, under, place, errors };
  }

  async function listPage(req: FastifyRequest, reply: FastifyReply, o: { status?: number; warn?: string } = {}) {
    const q = req.query as FormBody;
    const f = await filters(q);
    const rows = await svc.list(req.principal, { day: f.day, slot: f.slot, under: f.under });
    const csrf = reply.generateCsrf();
    const query = { day: f.day, slot: f.slot, place: f.place };
    return view(
      req,
      reply,
      { title: '村广播', nav: '/console/bulletins', status: o.status },
      html`<h1>村广播稿</h1>${o.warn ? html`<div class="form-error" role="alert">${o.warn}</div>` : ''}
<p class="muted">每天 ${svc.slots().join('、')} 大喇叭播出前自动生成；播出前可以修改，改过的不会被自动覆盖。${svc.hookEnabled() ? '到时间会自动发送到县广播平台。' : ''}</p>
<form method="get" action="/console/bulletins" class="card row filters">${formError(f.errors)}
<div class="field${f.errors.day ? ' has-error' : ''}"><label for="f-day">日期</label><input id="f-day" name="day" type="date" value="${f.day}">${f.errors.day ? html`<p class="error" data-error-for="day">${f.errors.day}</p>` : ''}</div>
${select('slot', '时段', [['', '全部'], ...svc.slots().map((s) => [s, s] as const)], { value: f.slot ?? '' })}
<div class="field${f.errors.place ? ' has-error' : ''}"><label for="f-place">乡镇或村</label><input id="f-place" name="place" value="${f.place ?? ''}" placeholder="如 新街镇、胜村">${f.errors.place ? html`<p class="error" data-error-for="place">${f.errors.place}</p>` : ''}</div>
<button>查看</button></form>
<p class="actions"><a class="btn secondary" href="${listUrl('/console/bulletins/export.xlsx', query)}" download>导出这天的广播稿（Excel 表格）</a>
<form method="post" action="/console/bulletins/generate" class="inline">${csrfField(csrf)}<input type="hidden" name="day" value="${f.day}"><button class="secondary">现在生成这天的广播稿</button></form></p>
<h2>${dayText(f.day)}（${rows.length} 份）</h2>
${rows.length > LIST_MAX ? html`<p class="warn">只列出前 ${LIST_MAX} 份：请在上面填乡镇或选时段缩小范围；导出的表格里有全部。</p>` : ''}
${table(
  ['地点', '时段', '岗位', '稿子', '广播平台', ''],
  rows.slice(0, LIST_MAX).map(
    (b) => html`<tr><td data-label="地点"><a href="/console/bulletins/${b.id}">${b.divisionName}</a></td><td data-label="时段">${b.slot}</td><td data-label="岗位">${b.jobCount} 个</td>
<td data-label="稿子">${b.editedAt ? html`<span class="badge active">已修改</span>` : html`<span class="muted">自动生成</span>`}</td>
<td data-label="广播平台">${hookCell(b)}</td>
<td><span class="actions"><a class="btn small" href="/console/bulletins/${b.id}">查看或修改</a><a class="btn small secondary" href="/console/bulletins/${b.id}/notice" target="_blank" rel="noopener">打印告示</a></span></td></tr>`,
  ),
  '这天还没有广播稿：播出前三小时左右自动生成，也可以点上面的“现在生成”',
  'stack',
)}`,
    );
  }

  const hookCell = (b: { hookStatus: string; hookSentAt: Date | null; hookLastError: string | null; hookAttempts: number }) =>
    html`<span class="badge ${HOOK_BADGE[b.hookStatus] ?? ''}">${HOOK[b.hookStatus] ?? b.hookStatus}</span>${b.hookStatus === 'sent' ? html` <span class="muted">${fmtTime(b.hookSentAt)}</span>` : ''}${
      b.hookLastError && b.hookStatus !== 'sent' ? html`<br><span class="bad">${b.hookLastError}</span><span class="muted">（已试 ${b.hookAttempts} 次）</span>` : ''
    }`;

  app.get('/', async (req, reply) => listPage(req, reply));

  app.post<{ Body: FormBody }>('/generate', async (req, reply) => {
    // The button sends the day and its token, nothing else: any other field is not this form.
    if (Object.keys(req.body).some((k) => k !== '_csrf' && k !== 'day') || Array.isArray(req.body.day)) {
      return listPage(req, reply, { status: 400, warn: '这个按钮只带日期，请回到村广播页面再点一次' });
    }
    const day = str(req.body, 'day') ?? svc.today();
    const r = await attempt(() => svc.generateDay(req.principal, day));
    if (!r.ok) return done(req, reply, '/console/bulletins', Object.values(r.errors).join('；'));
    return done(req, reply, listUrl('/console/bulletins', { day }), r.value.created ? `新生成了 ${r.value.created} 份广播稿` : '没有新的广播稿：已有的都在下面，没有招工的地方不生成');
  });

  app.get<{ Querystring: FormBody }>('/export.xlsx', async (req, reply) => {
    const f = await filters(req.query);
    const rows = await svc.list(req.principal, { day: f.day, slot: f.slot, under: f.under });
    return sendXlsx(reply, {
      name: '村广播稿',
      ascii: 'bulletins',
      sheet: `广播稿 ${f.day}`,
      columns: [
        { header: '日期', width: 12 },
        { header: '时段', width: 8 },
        { header: '地点', width: 14 },
        { header: '区划代码', width: 14 },
        { header: '岗位数', width: 8 },
        { header: '广播稿', width: 80 },
        { header: '是否修改', width: 10 },
        { header: '广播平台', width: 12 },
      ],
      rows: rows.map((b) => [b.day, b.slot, b.divisionName, b.divisionCode, b.jobCount, b.text, b.editedAt ? '已修改' : '自动生成', HOOK[b.hookStatus] ?? b.hookStatus]),
    });
  });

  app.get('/notice.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'private, max-age=3600').send(NOTICE_CSS));

  async function bulletinPage(req: FastifyRequest, reply: FastifyReply, o: { text?: string; e?: FieldErrors; status?: number } = {}) {
    const id = pathId((req.params as { id: string }).id);
    const b = await svc.get(req.principal, id);
    const history = await svc.history(req.principal, id);
    const actorText = await actorNames(app.ctx.db, history.map((h) => h.actor));
    const csrf = reply.generateCsrf();
    const e = o.e ?? {};
    const hookDone = b.hookStatus === 'sent';
    return view(
      req,
      reply,
      { title: `${b.divisionName}广播稿`, nav: '/console/bulletins', status: o.status },
      html`<h1>${b.divisionName} · ${dayText(b.day)} ${b.slot}</h1>
<p class="muted"><a href="${listUrl('/console/bulletins', { day: b.day })}">回到这天的广播稿</a> · ${b.jobCount} 个岗位 · ${b.editedAt ? `已修改（${fmtTime(b.editedAt)}）` : `自动生成（${fmtTime(b.generatedAt)}）`}</p>
<div class="split"><div class="card"><h2>广播稿</h2>
<form method="post" action="/console/bulletins/${b.id}" id="bulletin-form">${csrfField(csrf)}${formError(e)}
<div class="field${e.text ? ' has-error' : ''}"><label for="f-text">播出的内容（念给大家听的，数字写成汉字）</label>
<textarea id="f-text" name="text" rows="16" maxlength="${BULLETIN_TEXT_MAX}">${o.text ?? b.text}</textarea>${e.text ? html`<p class="error" data-error-for="text">${e.text}</p>` : ''}
<small class="hint">最多 ${BULLETIN_TEXT_MAX} 个字。保存后不会再被自动更新${hookDone ? '；已经发送到广播平台，修改不会再发送' : ''}。</small></div>
<button>保存修改</button></form></div>
<div class="card"><h2>操作</h2><p class="actions">
<a class="btn secondary" href="/console/bulletins/${b.id}/notice" target="_blank" rel="noopener">打印村务公告栏告示</a>
${postButton(`/console/bulletins/${b.id}/regenerate`, '按现在的招工重新生成', csrf, 'btn secondary', b.editedAt ? '重新生成会替换掉修改过的内容，确定吗？' : undefined)}</p>
<h3>县广播平台</h3><p>${hookCell(b)}</p>
${b.hookStatus === 'failed' ? postButton(`/console/bulletins/${b.id}/retry`, '重新发送', csrf, 'btn') : ''}
${b.editedAt ? html`<h3>自动生成的原稿</h3><div class="muted">${b.generatedText.split('\n').map((line) => html`<p>${line}</p>`)}</div>` : ''}
<h3>修改记录</h3>
${table(['时间', '谁', '做了什么'], history.map((h) => html`<tr><td>${fmtTime(h.createdAt)}</td><td>${actorText(h.actor)}</td><td>${ACTIONS[h.action] ?? h.action}</td></tr>`), '没有修改过')}
</div></div>`,
    );
  }

  app.get('/:id', async (req, reply) => bulletinPage(req, reply));

  app.post<{ Body: FormBody; Params: { id: string } }>('/:id', async (req, reply) => {
    const id = pathId(req.params.id);
    const text = str(req.body, 'text') ?? '';
    const r = await attempt(() => svc.edit(req.principal, id, text));
    if (!r.ok) return bulletinPage(req, reply, { text, e: { text: Object.values(r.errors).join('；') }, status: 400 });
    return done(req, reply, `/console/bulletins/${id}`, '广播稿已保存');
  });

  app.post<{ Body: FormBody; Params: { id: string } }>('/:id/regenerate', async (req, reply) => {
    const id = pathId(req.params.id);
    if (!onlyToken(req.body)) return bulletinPage(req, reply, { e: { _form: '这个按钮不带任何填写内容，请回到广播稿页面再点一次' }, status: 400 });
    await svc.regenerate(req.principal, id);
    return done(req, reply, `/console/bulletins/${id}`, '已按现在的招工重新生成');
  });

  app.post<{ Body: FormBody; Params: { id: string } }>('/:id/retry', async (req, reply) => {
    const id = pathId(req.params.id);
    if (!onlyToken(req.body)) return bulletinPage(req, reply, { e: { _form: '这个按钮不带任何填写内容，请回到广播稿页面再点一次' }, status: 400 });
    const ok = await svc.retryHook(req.principal, id);
    return done(req, reply, `/console/bulletins/${id}`, ok ? '一分钟内会重新发送到广播平台' : '这份广播稿不需要重新发送');
  });

  /** The one-page notice for the village board: a page of its own, not the console's frame. */
  app.get<{ Params: { id: string } }>('/:id/notice', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = await svc.get(req.principal, id);
    const c = await svc.contact(b.divisionCode);
    const jobs = (b.jobs as unknown as NoticeRow[]).slice(0, NOTICE_ROWS);
    const more = b.jobCount - jobs.length;
    const example = jobs[0]?.code ?? '1003';
    const body: Html = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${b.divisionName}招工信息 ${b.day}</title><link rel="stylesheet" href="/console/bulletins/notice.css"></head>
<body><div class="sheet">
<p class="no-print">这是贴在村务公告栏的告示，A4 纸一页。按 Ctrl+P 打印；手机上用浏览器菜单里的“打印”。<a href="/console/bulletins/${b.id}">返回广播稿</a></p>
<h1>${b.divisionName}招工信息</h1>
<p class="meta">${dayText(b.day)} · ${c.station}${c.stationPhone ? ` · 电话 ${c.stationPhone}` : ''}</p>
${
  jobs.length
    ? html`<div class="wrap"><table><colgroup><col class="c-code"><col class="c-title"><col class="c-ws"><col class="c-place"><col class="c-wage"><col class="c-n"><col class="c-start"></colgroup><thead><tr><th>编号</th><th>岗位</th><th>单位</th><th>地点</th><th>工资</th><th>人数</th><th>上工时间</th></tr></thead><tbody>${jobs.map(
        (j) => html`<tr><td class="code">${j.code}</td><td>${j.title}</td><td>${j.workshop}</td><td>${j.place}</td><td>${j.wage}</td><td>${j.headcount}人</td><td>${j.start || '—'}</td></tr>`,
      )}</tbody></table></div>${more > 0 ? html`<p class="more">还有 ${more} 个岗位，请到${c.station}查看。</p>` : ''}`
    : html`<p class="how">今天暂时没有招工信息。</p>`
}
<div class="how"><p><strong>怎么报名：</strong>发短信“报名”加编号${c.smsNumber ? html`到 <strong>${c.smsNumber}</strong>` : '到平时收招工短信的号码'}，例如 <strong>报名${example}</strong>。</p>
<p><strong>不会发短信：</strong>${c.stationPhone ? html`打电话 <strong>${c.stationPhone}</strong>，或` : ''}到${c.station}找工作人员。报名不收任何费用。</p></div>
<p class="foot">归雁就业 · ${c.station}</p>
</div></body></html>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value);
  });
};
