import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startSystem, type TestSystem } from '../helpers/app.js';

/** Review of issue #12 (review12): the queue board's API answers on the cluster. */
describe('bull-board on the Redis Cluster', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ workers: false });
  });
  afterAll(async () => sys?.close());

  it('lists the queues and the Redis stats', async () => {
    await sys.ctx.queues.add('inbound', { inboundId: '1' }, { jobId: 'review12-board' });
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const queues = await sys.app.inject({ method: 'GET', url: '/admin/queues/api/queues?activeQueue=inbound&status=latest&page=1&jobsPerPage=10', headers: auth });
    expect(queues.statusCode).toBe(200);
    expect(queues.json().queues.map((q: { name: string }) => q.name)).toContain('inbound');
    const stats = await sys.app.inject({ method: 'GET', url: '/admin/queues/api/redis/stats', headers: auth });
    expect(stats.statusCode).toBe(200);
  });
});
