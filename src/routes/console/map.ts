import type { FastifyPluginAsync } from 'fastify';
import { html, table } from '../../console/html.js';
import { townshipMap } from '../../console/map.js';
import { townshipTallies } from '../../services/stations/township-map.js';
import { CASEWORK, requireRole, view } from './context.js';

/**
 * 地图: workers and workshops by township in the user's scope (issue #18), drawn from the
 * township points an operator loaded; without points the same numbers as a table. Stations and
 * admins only (an employer has no business seeing where workers live).
 */
export const consoleMapRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (req) => requireRole(req, CASEWORK));

  app.get('/', async (req, reply) => {
    const { townships, unplaced } = await townshipTallies(app.ctx.db, req.principal);
    const shown = townships.filter((t) => t.workers > 0 || t.workshops > 0);
    const empty = townships.length - shown.length;
    const total = townships.reduce((n, t) => n + t.workers, 0);
    return view(
      req,
      reply,
      { title: '地图', nav: '/console/map' },
      html`<h1>地图 <span class="muted">工人 ${total + unplaced} 人，${shown.length} 个乡镇有工人或车间</span></h1>
${townshipMap(townships, '各乡镇的工人和车间')}
${table(
  ['乡镇', '工人', '在接收', '车间', '在招'],
  shown.map(
    (t) => html`<tr data-township="${t.code}"><td><a href="/console/workers?division=${t.code}">${t.name}</a></td><td>${t.workers}</td><td>${t.active}</td><td>${t.workshops}</td><td>${t.openings}</td></tr>`,
  ),
  '辖区里还没有登记工人或车间',
)}
${unplaced ? html`<p class="muted" id="unplaced">另有 ${unplaced} 人只登记了县或没有住址，没算进乡镇。</p>` : ''}
${empty ? html`<p class="muted">辖区里还有 ${empty} 个乡镇没有工人和车间。</p>` : ''}`,
    );
  });
};
