import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { upcomingOccurrences, ZODIAC, type Schedule } from '../../domain/schedule.js';
import { attempt, list, num, pathId, str, zodFieldErrors, type FormBody } from '../../console/form.js';
import { BEIJING, checkboxes, csrfField, field, fmtDate, fmtTime, html, postButton, select, shortPlace, table, type FieldErrors, type Html } from '../../console/html.js';
import { CAMPAIGN_STATUS, labelOf, EXPLAIN } from '../../console/labels.js';
import { formError } from '../../console/layout.js';
import { errorSentence } from '../../domain/error-codes.js';
import { NotFoundError } from '../../errors.js';
import { reminderInputSchema, REMINDER_LIMITS, segmentInputSchema } from '../../services/stations/reminder-service.js';
import { CASEWORK, done, placesToCodes, requireRole, view } from './context.js';
import { SKILL_OPTIONS } from './openings.js';

const STATUS: Record<string, string> = { active: '进行中', paused: '已暂停', cancelled: '已取消', completed: '已完成' };
const KINDS = [
  ['market_day', '赶集日（属相街）'],
  ['weekday', '每周几'],
  ['every_n_days', '每隔几天'],
  ['once', '只发一次'],
  ['cron', 'cron 表达式'],
] as const;
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => [String(i + 1), `周${d}`] as const);
const MARKET_DAYS = [...ZODIAC].map((z) => [`${z}街`, `${z}街`] as const);
const CALENDAR_DAYS = 28;

/** The reminder form as the API's JSON body; a datetime-local value is Beijing wall-clock time. */
function reminderInput(b: FormBody) {
  const type = str(b, 'schedule.type');
  const time = str(b, 'schedule.time');
  const schedule =
    type === 'once'
      ? { type, at: str(b, 'schedule.at')?.replace('T', ' ') }
      : type === 'cron'
        ? { type, expr: str(b, 'schedule.expr') }
        : type === 'every_n_days'
          ? { type, start: str(b, 'schedule.start'), n: num(b, 'schedule.n'), time }
          : type === 'weekday'
            ? { type, weekdays: list(b, 'schedule.weekdays').map(Number), time }
            : { type, day: str(b, 'schedule.day'), time };
  const segmentId = num(b, 'segmentId');
  return { sender: str(b, 'sender'), text: str(b, 'text'), segmentId, workerIds: undefined as (number | string)[] | undefined, schedule };
}

/** A token of the 工人 field that is a phone number (the console shows phones; ids still work). */
const isPhone = (s: string) => /^(\+?86)?1\d{10}$/.test(s.replace(/[\s-]/g, ''));

function reminderFields(b: FormBody, e: FieldErrors, segments: { id: number; name: string }[]): Html {
  const kind = str(b, 'schedule.type') ?? 'market_day';
  return html`${field('sender', '落款（谁发的）', { value: str(b, 'sender'), error: e.sender, hint: `最多 ${REMINDER_LIMITS.sender} 个字，如 新街镇就业站`, attrs: `maxlength="${REMINDER_LIMITS.sender}"` })}
${field('text', '提醒内容', { value: str(b, 'text'), error: e.text, hint: `最多 ${REMINDER_LIMITS.text} 个字，如 狗街在乡政府门口办招聘会`, attrs: `maxlength="${REMINDER_LIMITS.text}"` })}
${select('segmentId', '发给哪些人', [['', '（按下面填的手机号）'], ...segments.map((s) => [String(s.id), s.name] as const)], { value: str(b, 'segmentId'), error: e.segmentId })}
<details class="explain"><summary>什么是人群？</summary><p>${EXPLAIN.人群}</p></details>
${field('workerIds', '或者：工人手机号', { value: str(b, 'workerIds'), error: e.workerIds ?? e['workerIds.0'], hint: '用逗号分隔，如 13800000001,13800000002；选了人群就不用填', attrs: 'inputmode="tel"' })}
${select('schedule.type', '什么时候发', KINDS, { value: kind, error: e['schedule.type'] ?? e.schedule, attrs: 'data-kinds' })}
<div data-kind="market_day">${select('schedule.day', '赶集日', MARKET_DAYS, { value: str(b, 'schedule.day') ?? '狗街', error: e['schedule.day'] })}
<details class="explain"><summary>什么是属相街？</summary><p>${EXPLAIN.属相街}</p></details></div>
<div data-kind="weekday">${checkboxes('schedule.weekdays', '星期', WEEKDAYS, list(b, 'schedule.weekdays'), e['schedule.weekdays'] ?? Object.entries(e).find(([k]) => k.startsWith('schedule.weekdays.'))?.[1])}</div>
<div data-kind="every_n_days" class="row">${field('schedule.start', '从哪天开始', { type: 'date', value: str(b, 'schedule.start'), error: e['schedule.start'] })}
${field('schedule.n', '每隔几天', { type: 'number', value: str(b, 'schedule.n'), error: e['schedule.n'], attrs: 'min="1"' })}</div>
<div data-kind="once">${field('schedule.at', '发送时间', { type: 'datetime-local', value: str(b, 'schedule.at'), error: e['schedule.at'] })}</div>
<div data-kind="cron">${field('schedule.expr', 'cron（北京时间）', { value: str(b, 'schedule.expr'), error: e['schedule.expr'], hint: '分 时 日 月 周，如 0 9 * * 1' })}</div>
${field('schedule.time', '几点发（赶集日、每周、每隔几天）', { type: 'time', value: str(b, 'schedule.time') ?? '08:00', error: e['schedule.time'] })}`;
}

/** Runs per Beijing day over the coming weeks, from each active reminder's schedule. */
function calendar(reminders: { id: number; text: string; status: string; schedule: Schedule }[], now: Date): Html {
  const runs = new Map<string, { id: number; text: string; at: Date }[]>();
  const until = now.getTime() + CALENDAR_DAYS * 86_400_000;
  for (const r of reminders.filter((x) => x.status === 'active')) {
    for (const at of upcomingOccurrences(r.schedule, now, CALENDAR_DAYS * 3)) {
      if (at.getTime() > until) break;
      const k = fmtDate(at);
      runs.set(k, [...(runs.get(k) ?? []), { id: r.id, text: r.text, at }]);
    }
  }
  // Start on the Monday of this Beijing week.
  const today = Math.floor((now.getTime() + BEIJING) / 86_400_000);
  const monday = today - ((new Date(today * 86_400_000).getUTCDay() + 6) % 7);
  const cells: Html[] = WEEKDAYS.map(([, d]) => html`<div class="h">${d}</div>`);
  for (let d = monday; d < monday + 35; d++) {
    const k = new Date(d * 86_400_000).toISOString().slice(0, 10);
    cells.push(
      html`<div${d === today ? html` class="today"` : ''} data-date="${k}"><span class="d">${k.slice(5)}</span>${(runs.get(k) ?? []).map(
        (x) => html`<a class="run" href="/console/reminders/${x.id}" title="${x.text}">${fmtTime(x.at).slice(11)} ${x.text}</a>`,
      )}</div>`,
    );
  }
  return html`<div class="cal">${cells}</div>`;
}

function previewHtml(p: { message: string; segments: number; recipients: number; skipped: Record<string, number>; scheduleText: string; nextRuns: Date[] }): Html {
  return html`<p>${p.scheduleText}</p><p>下五次：</p><ol id="next-runs">${p.nextRuns.map((d) => html`<li>${fmtTime(d)} 周${'日一二三四五六'[new Date(d.getTime() + BEIJING).getUTCDay()]}</li>`)}</ol>
<p>现在会发给 <strong>${p.recipients}</strong> 人；不发：已退订 ${p.skipped.opted_out}，暂停 ${p.skipped.paused}，手机无效 ${p.skipped.no_valid_phone}，最近已提醒 ${p.skipped.recently_reminded}</p>
<p class="muted">短信（${p.segments} 段）：${p.message}</p>`;
}

/** Segments and scheduled reminders: create with a live preview of the next runs, a calendar, pause and cancel, history. */
export const consoleReminderRoutes: FastifyPluginAsync = async (app) => {
  const rem = app.ctx.services.reminders;
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  async function listPage(req: FastifyRequest, reply: FastifyReply, o: { body?: FormBody; e?: FieldErrors; segBody?: FormBody; segE?: FieldErrors; status?: number } = {}) {
    const [reminders, segments] = await Promise.all([rem.listReminders(req.principal), rem.listSegments(req.principal)]);
    // Segments keep division codes; people read place names.
    const codes = [...new Set(segments.flatMap((s) => s.filter.divisions))];
    const placeNames = new Map(
      codes.length ? (await app.ctx.db.division.findMany({ where: { code: { in: codes } }, select: { code: true, fullName: true } })).map((d) => [d.code, shortPlace(d.fullName)]) : [],
    );
    const csrf = reply.generateCsrf();
    const e = o.e ?? {};
    const se = o.segE ?? {};
    const sb = o.segBody ?? {};
    return view(
      req,
      reply,
      { title: '提醒', nav: '/console/reminders', status: o.status },
      html`<h1>提醒</h1>
<div class="split"><div class="card"><h2>新建提醒</h2>
<form method="post" action="/console/reminders" id="reminder-form" data-live="/console/reminders/preview" data-live-target="reminder-preview">${csrfField(csrf)}${formError(e)}
${reminderFields(o.body ?? {}, e, segments)}<button>保存提醒</button></form></div>
<div class="card" id="reminder-preview"><p class="muted">填好后这里显示下五次发送时间和人数</p></div></div>
<h2>日历（未来四周）</h2>${calendar(reminders, new Date())}
<h2>全部提醒</h2>
${table(
  ['内容', '时间', '状态', '下次', '操作'],
  reminders.map(
    (r) => html`<tr><td><a href="/console/reminders/${r.id}">${r.sender}：${r.text}</a></td><td>${r.scheduleText}</td><td><span class="badge ${r.status}">${STATUS[r.status]}</span></td>
<td>${fmtTime(r.nextRunAt)}</td><td>${actions(r, csrf)}</td></tr>`,
  ),
  '还没有提醒',
)}
<h2 title="${EXPLAIN.人群}">人群</h2>
${table(['名称', '辖区', '技能', ''], segments.map((s) => html`<tr><td>${s.name}</td><td>${s.filter.divisions.map((c) => placeNames.get(c) ?? c).join('、') || '全部'}</td><td>${s.filter.skills.join('、') || '不限'}</td><td><a class="btn small secondary" href="/console/reminders/segments/${s.id}">修改</a></td></tr>`), '还没有人群')}
<details class="card"${Object.keys(se).length ? html` open` : ''}><summary>新建人群</summary>
<form method="post" action="/console/reminders/segments">${csrfField(csrf)}${formError(se)}
${field('name', '名称', { value: str(sb, 'name'), error: se.name, hint: '如 新街镇全部工人' })}
${field('divisions', '辖区', { value: str(sb, 'divisions'), error: se['filter.divisions'] ?? se['filter.divisions.0'], hint: '乡镇或村的名字（如 新街镇、胜村）或代码，用逗号分开；不填 = 您的全部辖区' })}
${checkboxes('skills', '技能（不选 = 不限）', SKILL_OPTIONS, list(sb, 'skills'), se['filter.skills'])}
<button>保存人群</button></form></details>`,
    );
  }

  const actions = (r: { id: number; status: string; readOnly?: boolean }, csrf: string) =>
    r.readOnly
      ? html`<span class="muted">上级发的，只能查看</span>`
      : html`<span class="actions">${r.status === 'active' ? postButton(`/console/reminders/${r.id}/pause`, '暂停', csrf, 'small secondary') : ''}${r.status === 'paused' ? postButton(`/console/reminders/${r.id}/resume`, '恢复', csrf, 'small') : ''}${
      r.status === 'active' || r.status === 'paused' ? postButton(`/console/reminders/${r.id}/cancel`, '取消', csrf, 'small danger', '确定取消这个提醒吗？取消后不能恢复，要再发只能新建。') : ''
    }</span>`;

  app.get('/', async (req, reply) => listPage(req, reply));

  /**
   * The form as the service's input, the people typed as phones resolved to workers in the
   * caller's divisions; a phone that names nobody there is an error next to the field.
   */
  async function formInput(req: FastifyRequest, b: FormBody): Promise<{ input: ReturnType<typeof reminderInput>; errors?: FieldErrors }> {
    const input = reminderInput(b);
    const tokens = list(b, 'workerIds');
    if (tokens.length === 0) return { input };
    const phones = tokens.filter(isPhone);
    const { ids, unknown } = phones.length ? await rem.workerIdsByPhone(req.principal, phones) : { ids: [], unknown: [] };
    if (unknown.length) return { input, errors: { workerIds: errorSentence('workers.phones_unknown', { phones: unknown.join('、') }) } };
    const others = tokens.filter((t) => !isPhone(t)).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    return { input: { ...input, workerIds: [...ids, ...others] } };
  }

  app.post<{ Body: FormBody }>('/preview', async (req, reply) => {
    const f = await formInput(req, req.body);
    if (f.errors) return reply.send({ errors: f.errors, html: html`<p class="warn">${f.errors.workerIds}</p>`.value });
    const parsed = reminderInputSchema.safeParse(f.input);
    if (!parsed.success) return reply.send({ errors: zodFieldErrors(parsed.error), html: html`<p class="warn">填好左边标红的项后显示预览</p>`.value });
    const r = await attempt(() => rem.preview(req.principal, parsed.data));
    if (!r.ok) return reply.send({ errors: r.errors, html: html`<p class="warn">${r.errors._form ?? '请改正左边标红的项'}</p>`.value });
    return reply.send({ errors: {}, nextRuns: r.value.nextRuns, html: previewHtml(r.value).value });
  });

  app.post<{ Body: FormBody }>('/', async (req, reply) => {
    const f = await formInput(req, req.body);
    if (f.errors) return listPage(req, reply, { body: req.body, e: f.errors, status: 400 });
    const parsed = reminderInputSchema.safeParse(f.input);
    if (!parsed.success) return listPage(req, reply, { body: req.body, e: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => rem.createReminder(req.principal, parsed.data));
    if (!r.ok) return listPage(req, reply, { body: req.body, e: r.errors, status: 400 });
    return done(req, reply, `/console/reminders/${r.value.id}`, '提醒已保存');
  });

  app.post<{ Body: FormBody }>('/segments', async (req, reply) => {
    const b = req.body;
    // Places by name (新街镇, 胜村) or code, as every other place field takes them.
    const places = await placesToCodes(app, list(b, 'divisions'));
    if (!places.ok) return listPage(req, reply, { segBody: b, segE: { 'filter.divisions': places.error }, status: 400 });
    const parsed = segmentInputSchema.safeParse({ name: str(b, 'name'), filter: { divisions: places.codes, skills: list(b, 'skills') } });
    if (!parsed.success) return listPage(req, reply, { segBody: b, segE: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => rem.createSegment(req.principal, parsed.data), (f) => (f === 'filter.divisions' || f === 'skills' ? `filter.${f.replace('filter.', '')}` : f));
    if (!r.ok) return listPage(req, reply, { segBody: b, segE: r.errors, status: 400 });
    return done(req, reply, '/console/reminders', `人群“${r.value.name}”已保存`);
  });

  /** A stored schedule as the form's fields, so the edit form starts from what is saved. */
  function scheduleBody(x: Schedule): FormBody {
    switch (x.type) {
      case 'once':
        return { 'schedule.type': 'once', 'schedule.at': x.at.slice(0, 16).replace(' ', 'T') };
      case 'cron':
        return { 'schedule.type': 'cron', 'schedule.expr': x.expr };
      case 'every_n_days':
        return { 'schedule.type': 'every_n_days', 'schedule.start': x.start, 'schedule.n': String(x.n), 'schedule.time': x.time };
      case 'weekday':
        return { 'schedule.type': 'weekday', 'schedule.weekdays': x.weekdays.map(String), 'schedule.time': x.time };
      case 'market_day':
        return { 'schedule.type': 'market_day', 'schedule.day': x.day.endsWith('街') ? x.day : `${x.day}街`, 'schedule.time': x.time };
    }
  }

  /**
   * A reminder: its schedule, next runs and history; an active or paused one of the caller's own
   * can be edited here (the API's PATCH: text, who, when). One made higher up is read-only.
   */
  async function reminderPage(req: FastifyRequest, reply: FastifyReply, o: { body?: FormBody; e?: FieldErrors; status?: number } = {}) {
    const id = pathId((req.params as { id: string }).id);
    const r = await rem.getReminder(req.principal, id);
    const active = r.status === 'active';
    const next = active ? upcomingOccurrences(r.schedule, new Date(), 5) : [];
    const editable = !r.readOnly && (r.status === 'active' || r.status === 'paused');
    let body = o.body;
    let segments: { id: number; name: string }[] = [];
    if (editable) {
      segments = await rem.listSegments(req.principal);
      if (!body) {
        // Named workers are shown by phone, as the form takes them.
        const phones = r.workerIds.length ? await app.ctx.db.worker.findMany({ where: { id: { in: r.workerIds } }, select: { phone: true } }) : [];
        body = { sender: r.sender, text: r.text, segmentId: r.segmentId ? String(r.segmentId) : '', workerIds: phones.flatMap((w) => (w.phone ? [w.phone] : [])).join(','), ...scheduleBody(r.schedule) };
      }
    }
    const csrf = reply.generateCsrf();
    const e = o.e ?? {};
    return view(
      req,
      reply,
      { title: '提醒', nav: '/console/reminders', status: o.status },
      html`<h1>${r.sender}：${r.text} <span class="badge ${r.status}">${STATUS[r.status]}</span></h1>
<div class="card"><p>${r.scheduleText}</p>
${active ? html`<p>下五次：</p><ol id="next-runs">${next.map((d) => html`<li>${fmtTime(d)} 周${'日一二三四五六'[new Date(d.getTime() + BEIJING).getUTCDay()]}</li>`)}</ol>` : html`<p class="muted">${r.status === 'paused' ? '已暂停：恢复后才会再发' : '不会再发'}</p>`}
${actions(r, csrf)}</div>
${
  editable
    ? html`<details class="card"${Object.keys(e).length ? html` open` : ''}><summary>修改提醒</summary>
<form method="post" action="/console/reminders/${r.id}" id="reminder-form">${csrfField(csrf)}${formError(e)}
${reminderFields(body ?? {}, e, segments)}<button>保存修改</button></form></details>`
    : ''
}
<h2>发送记录</h2>
${table(
  ['计划时间', '执行', '人数', '已发', '送达', '失败', '状态'],
  r.runs.map((x) => html`<tr><td>${fmtTime(x.scheduledFor)}</td><td>${fmtTime(x.ranAt)}</td><td>${x.recipients}</td><td>${x.counts.sent}</td><td>${x.counts.delivered}</td><td>${x.counts.failed}</td><td>${labelOf(CAMPAIGN_STATUS, x.status)}</td></tr>`),
  '还没有发过',
)}`,
    );
  }

  app.get<{ Params: { id: string } }>('/:id', async (req, reply) => reminderPage(req, reply));

  app.post<{ Body: FormBody; Params: { id: string } }>('/:id', async (req, reply) => {
    const id = pathId(req.params.id);
    // One made higher up is read-only here: as absent as one the caller cannot see at all.
    if ((await rem.getReminder(req.principal, id)).readOnly) throw new NotFoundError('reminder.not_found', `reminder ${id} not found`, { params: { id } });
    const f = await formInput(req, req.body);
    if (f.errors) return reminderPage(req, reply, { body: req.body, e: f.errors, status: 400 });
    const parsed = reminderInputSchema.safeParse(f.input);
    if (!parsed.success) return reminderPage(req, reply, { body: req.body, e: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => rem.updateReminder(req.principal, id, parsed.data));
    if (!r.ok) return reminderPage(req, reply, { body: req.body, e: r.errors, status: 400 });
    return done(req, reply, `/console/reminders/${id}`, '提醒已修改');
  });

  /** A segment's name, places and skills (the API's PUT), places by name as everywhere else. */
  async function segmentPage(req: FastifyRequest, reply: FastifyReply, o: { body?: FormBody; e?: FieldErrors; status?: number } = {}) {
    const id = pathId((req.params as { id: string }).id);
    const seg = await rem.getSegment(req.principal, id);
    const codes = seg.filter.divisions;
    const names = codes.length ? await app.ctx.db.division.findMany({ where: { code: { in: codes } }, select: { code: true, fullName: true } }) : [];
    const b: FormBody = o.body ?? { name: seg.name, divisions: codes.map((c) => shortPlace(names.find((d) => d.code === c)?.fullName ?? c)).join('，'), skills: seg.filter.skills };
    const e = o.e ?? {};
    return view(
      req,
      reply,
      { title: `人群：${seg.name}`, nav: '/console/reminders', status: o.status },
      html`<h1>人群：${seg.name}</h1><p class="muted"><a href="/console/reminders">回到提醒</a></p>
<div class="card"><form method="post" action="/console/reminders/segments/${seg.id}">${csrfField(reply.generateCsrf())}${formError(e)}
${field('name', '名称', { value: str(b, 'name'), error: e.name })}
${field('divisions', '辖区', { value: str(b, 'divisions'), error: e['filter.divisions'] ?? e['filter.divisions.0'], hint: '乡镇或村的名字（如 新街镇、胜村），用逗号分开；不填 = 您的全部辖区' })}
${checkboxes('skills', '技能（不选 = 不限）', SKILL_OPTIONS, list(b, 'skills'), e['filter.skills'])}
<button>保存</button></form></div>`,
    );
  }

  app.get('/segments/:id', async (req, reply) => segmentPage(req, reply));

  app.post<{ Body: FormBody; Params: { id: string } }>('/segments/:id', async (req, reply) => {
    const id = pathId(req.params.id);
    const b = req.body;
    const places = await placesToCodes(app, list(b, 'divisions'));
    if (!places.ok) return segmentPage(req, reply, { body: b, e: { 'filter.divisions': places.error }, status: 400 });
    const parsed = segmentInputSchema.safeParse({ name: str(b, 'name'), filter: { divisions: places.codes, skills: list(b, 'skills') } });
    if (!parsed.success) return segmentPage(req, reply, { body: b, e: zodFieldErrors(parsed.error), status: 400 });
    const r = await attempt(() => rem.updateSegment(req.principal, id, parsed.data), (f) => (f === 'divisions' || f === 'skills' ? `filter.${f}` : f));
    if (!r.ok) return segmentPage(req, reply, { body: b, e: r.errors, status: 400 });
    return done(req, reply, '/console/reminders', `人群“${parsed.data.name}”已保存`);
  });

  for (const [action, to, label] of [
    ['pause', 'paused', '已暂停'],
    ['resume', 'active', '已恢复'],
    ['cancel', 'cancelled', '已取消'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/:id/${action}`, async (req, reply) => {
      const id = pathId(req.params.id);
      const r = await attempt(() => rem.setReminderStatus(req.principal, id, to));
      return done(req, reply, `/console/reminders/${id}`, r.ok ? label : Object.values(r.errors).join('；'));
    });
  }
};
