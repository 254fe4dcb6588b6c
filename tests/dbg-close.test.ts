import { it } from 'vitest';
import { startSystem } from './helpers/app.js';
it('close timing', async () => {
  const sys = await startSystem({ listen: true });
  await new Promise((r) => setTimeout(r, 500));
  for (const path of (process.env.DBG_PATHS ?? '').split(',').filter(Boolean)) {
    const r = await fetch(`${sys.url}${path}`, { method: path.includes('webhooks') ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: path.includes('webhooks') ? '[]' : undefined });
    console.log(path, r.status); await r.text();
  }
  let t = Date.now();
  await sys.app.close(); console.log('app', Date.now() - t); t = Date.now();
  await sys.workers?.close(); console.log('workers', Date.now() - t); t = Date.now();
  await sys.ctx.close(); console.log('ctx', Date.now() - t);
}, 120000);
