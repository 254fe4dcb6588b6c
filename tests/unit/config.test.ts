import { describe, expect, it } from 'vitest';
import { ConfigError, hashTag, insecureSettings, loadConfig, loadServiceConfig, loadSettings, warnInsecureSettings } from '../../src/config.js';
import { describeRedis, redisMode } from '../../src/redis.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('config', () => {
  it('has a local default for everything a demo needs', () => {
    const c = loadConfig({});
    expect(c.SMS_DRIVER).toBe('console');
    expect(c.PORT).toBe(3000);
    expect(c.QUIET_HOURS).toEqual({ startMinute: 21 * 60, endMinute: 8 * 60 });
    expect(c.PREFECTURES).toEqual(['5325']);
    expect(c.QUEUE_PREFIX).toBe('{guiyan}');
  });

  it('reads Redis Cluster seed nodes and Sentinels, and names what is wrong with them', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:6379, redis-2.internal:6380,[::1]:7000', REDIS_PASSWORD: 'pw', REDIS_TLS: 'true' });
    expect(c.REDIS_CLUSTER_NODES).toEqual([
      { host: '10.0.0.1', port: 6379 },
      { host: 'redis-2.internal', port: 6380 },
      { host: '::1', port: 7000 },
    ]);
    expect(c.REDIS_TLS).toBe(true);
    expect(describeRedis(c)).toBe('REDIS_CLUSTER_NODES=10.0.0.1:6379,redis-2.internal:6380,[::1]:7000');
    expect(redisMode(c)).toBe('cluster');
    const s = loadConfig({ REDIS_SENTINELS: '10.0.0.5:26379,10.0.0.6:26379', REDIS_SENTINEL_NAME: 'mymaster' });
    expect(redisMode(s)).toBe('sentinel');
    expect(describeRedis(loadConfig({ REDIS_URL: 'redis://:secret@10.0.0.9:6379/0' }))).toBe('REDIS_URL=redis://:***@10.0.0.9:6379/0');

    const named = (env: Record<string, string>) => problems(env).map((x) => x.split(':')[0]);
    expect(named({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toEqual(['REDIS_CLUSTER_NODES']);
    expect(problems({ REDIS_CLUSTER_NODES: '10.0.0.1:6379,10.0.0.2' })[0]).toContain('"10.0.0.2" is not host:port');
    expect(named({ REDIS_CLUSTER_NODES: 'a:99999' })).toEqual(['REDIS_CLUSTER_NODES']);
    expect(named({ REDIS_CLUSTER_NODES: ' , ' })).toEqual(['REDIS_CLUSTER_NODES']);
    expect(named({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2', REDIS_SENTINEL_NAME: 'm' })).toEqual(['REDIS_SENTINELS']);
    expect(named({ REDIS_SENTINELS: 'b:2' })).toEqual(['REDIS_SENTINEL_NAME']);
    expect(named({ REDIS_SENTINEL_NAME: 'm' })).toEqual(['REDIS_SENTINELS']);
    expect(named({ REDIS_URL: 'http://127.0.0.1:6379' })).toEqual(['REDIS_URL']);
    // A cluster runs a multi-key script only on one slot: the prefix's hash tag is what keeps keys together.
    expect(named({ REDIS_CLUSTER_NODES: 'a:1', QUEUE_PREFIX: 'guiyan' })).toEqual(['QUEUE_PREFIX']);
    expect(named({ REDIS_CLUSTER_NODES: 'a:1', QUEUE_PREFIX: '{}{guiyan}' })).toEqual(['QUEUE_PREFIX']);
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'a:1', QUEUE_PREFIX: 'prod{guiyan}' }).QUEUE_PREFIX).toBe('prod{guiyan}');
    expect([hashTag('{guiyan}:notify:wait'), hashTag('a{b}{c}'), hashTag('{}{b}'), hashTag('plain')]).toEqual(['guiyan', 'b', null, null]);
  });

  it('picks the aliyun driver when a key is set, and turns quiet hours off when empty', () => {
    const c = loadConfig({ ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret', QUIET_HOURS: '' });
    expect(c.SMS_DRIVER).toBe('aliyun');
    expect(c.QUIET_HOURS).toBeNull();
  });

  it('names every bad variable at once', () => {
    const p = problems({
      PORT: 'eighty',
      DATABASE_URL: 'not a url',
      QUIET_HOURS: '9pm-8am',
      ALIYUN_SMS_ENDPOINT: 'http://dysmsapi.aliyuncs.com',
      SMS_TEMPLATE_CODES: '{"job_alert":"12345"}',
      PREFECTURES: '5325,53',
    });
    const named = p.map((x) => x.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'QUIET_HOURS', 'ALIYUN_SMS_ENDPOINT', 'SMS_TEMPLATE_CODES.job_alert', 'PREFECTURES.1']),
    );
    expect(p.find((x) => x.startsWith('ALIYUN_SMS_ENDPOINT'))).toContain('without http://');
  });

  it('requires the Aliyun key pair for the aliyun driver', () => {
    expect(problems({ SMS_DRIVER: 'aliyun' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ALIYUN_ACCESS_KEY_ID: /), expect.stringMatching(/^ALIYUN_ACCESS_KEY_SECRET: /)]),
    );
    expect(problems({ ALIYUN_ACCESS_KEY_ID: 'only-the-id' })).toEqual([expect.stringMatching(/^ALIYUN_ACCESS_KEY_SECRET: set both/)]);
  });

  it('reads WORKER_QUEUES into known queue names, every queue when empty', () => {
    expect(loadConfig({}).WORKER_QUEUES).toEqual(['inbound', 'match', 'notify', 'maintenance', 'reminder', 'reconcile']);
    expect(loadConfig({ WORKER_QUEUES: ' notify, match ' }).WORKER_QUEUES).toEqual(['notify', 'match']);
    expect(problems({ WORKER_QUEUES: 'notify,sms' })).toEqual([
      'WORKER_QUEUES: unknown queue "sms"; known: inbound, match, notify, maintenance, reminder, reconcile',
    ]);
  });

  it('reads a few settings alone with the same defaults and errors, ignoring the others', () => {
    expect(loadSettings({ SMS_DRIVER: 'aliyun' }, ['PREFECTURES', 'REDIS_URL'])).toEqual({ PREFECTURES: ['5325'], REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(() => loadSettings({ PREFECTURES: '53' }, ['PREFECTURES'])).toThrow(/PREFECTURES\.0: prefecture codes are 4 digits/);
  });

  it('rejects unknown message kinds and non-JSON template maps', () => {
    expect(problems({ SMS_TEMPLATE_CODES: '{"jobalert":"SMS_1"}' })[0]).toMatch(/^SMS_TEMPLATE_CODES/);
    expect(problems({ SMS_TEMPLATE_CODES: 'SMS_1' })[0]).toMatch(/^SMS_TEMPLATE_CODES: must be a JSON object/);
  });

  it('rejects a short admin key and a signature with brackets', () => {
    const p = problems({ ADMIN_API_KEY: 'short', ALIYUN_SMS_SIGN_NAME: '【归雁】' });
    expect(p.map((x) => x.split(':')[0]).sort()).toEqual(['ADMIN_API_KEY', 'ALIYUN_SMS_SIGN_NAME']);
  });

  it('requires the WeChat AppID, AppSecret and token together, and a URL for the API', () => {
    expect(problems({ WECHAT_APP_ID: 'wx1' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^WECHAT_APP_SECRET: set both/), expect.stringMatching(/^WECHAT_TOKEN: required/)]),
    );
    expect(problems({ WECHAT_TOKEN: 'bad token!' })[0]).toMatch(/^WECHAT_TOKEN/);
    expect(problems({ WECHAT_API_BASE_URL: 'api.weixin.qq.com' })[0]).toMatch(/^WECHAT_API_BASE_URL/);
    const c = loadConfig({ WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_TOKEN: 'tok123' });
    expect(c.WECHAT_API_BASE_URL).toBe('https://api.weixin.qq.com');
  });

  it('keeps the daily budget under Aliyun\'s limit and the resend delay above two call timeouts', () => {
    expect(problems({ SMS_DAILY_PER_PHONE: '30' })[0]).toMatch(/^SMS_DAILY_PER_PHONE/);
    expect(problems({ ALIYUN_SMS_TIMEOUT_MS: '5000', RECONCILE_RESEND_AFTER_MS: '8000' })[0]).toMatch(/^RECONCILE_RESEND_AFTER_MS: must be more than twice/);
    expect(problems({ SMS_RATE_LIMIT_RPS: '0' })[0]).toMatch(/^SMS_RATE_LIMIT_RPS/);
    expect(loadConfig({}).SMS_DAILY_PER_PHONE).toBe(20);
  });

  it('refuses an opt-out confirmation template shared with another kind (it passes every budget)', () => {
    expect(problems({ SMS_TEMPLATE_CODES: '{"unsubscribed":"SMS_1","help":"SMS_1"}' })[0]).toMatch(/^SMS_TEMPLATE_CODES: unsubscribed needs a template code of its own/);
    expect(loadConfig({ SMS_TEMPLATE_CODES: '{"unsubscribed":"SMS_1","help":"SMS_2"}' }).SMS_TEMPLATE_CODES.unsubscribed).toBe('SMS_1');
  });

  describe('production mode', () => {
    const aliyun = { ALIYUN_ACCESS_KEY_ID: 'id', ALIYUN_ACCESS_KEY_SECRET: 'secret' };
    const safe = { ADMIN_API_KEY: 'a-real-admin-key-0123456789abcdef', SESSION_SECRET: 'x'.repeat(48) };

    function refused(env: Record<string, string>): string[] {
      try {
        loadServiceConfig({ NODE_ENV: 'production', ...env });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      throw new Error('expected production to refuse this config');
    }

    it('refuses the public defaults and an Aliyun driver without a long webhook token, naming each variable', () => {
      const named = refused({ ...aliyun }).map((p) => p.split(':')[0]);
      expect(named.sort()).toEqual(['ADMIN_API_KEY', 'SESSION_SECRET', 'WEBHOOK_TOKEN']);
      const short = refused({ ...aliyun, ...safe, WEBHOOK_TOKEN: 'short-token' });
      expect(short).toEqual([expect.stringMatching(/^WEBHOOK_TOKEN: is shorter than 32 characters/)]);
      expect(short[0]).not.toContain('short-token'); // the token itself is never repeated
    });

    it('starts with real secrets, and needs the webhook token with the console driver too (the push routes are always served)', () => {
      expect(loadServiceConfig({ NODE_ENV: 'production', ...aliyun, ...safe, WEBHOOK_TOKEN: 't'.repeat(32) }).NODE_ENV).toBe('production');
      expect(refused({ ...safe }).map((p) => p.split(':')[0])).toEqual(['WEBHOOK_TOKEN']);
      expect(loadServiceConfig({ NODE_ENV: 'production', ...safe, WEBHOOK_TOKEN: 't'.repeat(32) }).SMS_DRIVER).toBe('console');
    });

    it('lists WeChat credentials without a token among the insecure settings', () => {
      const c = { ...loadConfig({ ...safe, WEBHOOK_TOKEN: 't'.repeat(32) }), WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's' };
      expect(insecureSettings(c)).toEqual([expect.stringMatching(/^WECHAT_TOKEN: /)]);
    });

    it('refuses a console password cost below 10 (the tests\' 4), and takes 10 and more', () => {
      const ok = { ...safe, WEBHOOK_TOKEN: 't'.repeat(32) };
      expect(refused({ ...ok, CONSOLE_PASSWORD_COST: '4' })).toEqual([expect.stringMatching(/^CONSOLE_PASSWORD_COST: is below 10/)]);
      expect(refused({ ...ok, CONSOLE_PASSWORD_COST: '9' }).map((p) => p.split(':')[0])).toEqual(['CONSOLE_PASSWORD_COST']);
      expect(loadServiceConfig({ NODE_ENV: 'production', ...ok }).CONSOLE_PASSWORD_COST).toBe(10);
      expect(loadServiceConfig({ NODE_ENV: 'production', ...ok, CONSOLE_PASSWORD_COST: '12' }).CONSOLE_PASSWORD_COST).toBe(12);
      expect(() => loadConfig({ CONSOLE_PASSWORD_COST: '3' })).toThrow(/CONSOLE_PASSWORD_COST/);
    });

    it('development starts with the defaults and warns once, at warn level, naming each variable', () => {
      const config = loadServiceConfig({ ...aliyun });
      expect(config.NODE_ENV).toBe('development');
      const warnings: { obj: object; msg: string }[] = [];
      warnInsecureSettings(config, { warn: (obj, msg) => warnings.push({ obj, msg }) });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toMatch(/NOT SAFE FOR THE PUBLIC INTERNET.*ADMIN_API_KEY, SESSION_SECRET, WEBHOOK_TOKEN/);
      expect((warnings[0]!.obj as { insecure: string[] }).insecure).toHaveLength(3);
      const quiet: unknown[] = [];
      warnInsecureSettings(loadConfig({ ...safe, WEBHOOK_TOKEN: 't'.repeat(32) }), { warn: (obj) => quiet.push(obj) });
      expect(quiet).toEqual([]);
    });
  });

  it('reads TRUST_PROXY and WEBHOOK_ALLOW_CIDRS, IPv4 and IPv6', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(problems({ TRUST_PROXY: '1' })[0]).toMatch(/^TRUST_PROXY: hop counts are not honoured/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback']);
    expect(problems({ TRUST_PROXY: 'nginx' })[0]).toMatch(/^TRUST_PROXY: .*"nginx"/);
    expect(loadConfig({}).WEBHOOK_ALLOW_CIDRS).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOW_CIDRS: '47.0.0.0/8, 2408:4000::/24,127.0.0.1' }).WEBHOOK_ALLOW_CIDRS).toEqual([
      { address: '47.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '2408:4000::', prefix: 24, family: 'ipv6' },
      { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
    ]);
    expect(problems({ WEBHOOK_ALLOW_CIDRS: '47.0.0.0/33' })[0]).toMatch(/^WEBHOOK_ALLOW_CIDRS: "47.0.0.0\/33"/);
    expect(problems({ WEBHOOK_ALLOW_CIDRS: 'aliyun.com' })[0]).toMatch(/^WEBHOOK_ALLOW_CIDRS/);
  });

  it('keeps the hourly limits under the daily ones', () => {
    expect(problems({ REPLY_BUDGET_PER_HOUR: '30', REPLY_BUDGET_PER_DAY: '20' })[0]).toMatch(/^REPLY_BUDGET_PER_HOUR: must not exceed/);
    expect(problems({ APPLY_LIMIT_PER_HOUR: '11' })[0]).toMatch(/^APPLY_LIMIT_PER_HOUR/);
  });
});
