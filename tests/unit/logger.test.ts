import { describe, expect, it } from 'vitest';
import { bodyFingerprint, createLogger, maskPhone, maskPhonesInText, redactUrl } from '../../src/logger.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const log = createLogger({ level }, { write: (s: string) => void lines.push(s) });
  return { log, text: () => lines.join('') };
}

describe('log privacy', () => {
  it('masks mainland mobile numbers anywhere in a text, and only those', () => {
    expect(maskPhonesInText('13800000001')).toBe('138****0001');
    expect(maskPhonesInText('回复给+8613912345678和 86-15012345678')).toBe('回复给+86139****5678和 86-150****5678');
    expect(maskPhonesInText('{"phone":"18887654321","n":2}')).toBe('{"phone":"188****4321","n":2}');
    // Longer digit runs (epoch ms, receipt ids) and landlines are not phones.
    expect(maskPhonesInText('t=1733300000000 biz=123456789012345 tel=0873-1234567 id=12800000001')).toBe('t=1733300000000 biz=123456789012345 tel=0873-1234567 id=12800000001');
  });

  it('masks a phone field of any format', () => {
    expect(maskPhone('+12025550123')).toBe('+12****0123');
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone(['13800000001'])).toEqual(['138****0001']);
    expect(maskPhone(42)).toBe(42);
  });

  it('keeps no query value on webhook routes and no credential anywhere', () => {
    expect(redactUrl('/webhooks/aliyun/sms-up?token=abc123')).toBe('/webhooks/aliyun/sms-up?token=[redacted]');
    expect(redactUrl('/webhooks/wechat?signature=ff&timestamp=1714037059&nonce=486452656&openid=oX&encrypt_type=aes')).toBe(
      '/webhooks/wechat?signature=[redacted]&timestamp=[redacted]&nonce=[redacted]&openid=[redacted]&encrypt_type=[redacted]',
    );
    expect(redactUrl('/console/login?next=%2Fconsole%2Fworkers')).toBe('/console/login?next=%2Fconsole%2Fworkers');
    expect(redactUrl('/api/v1/openings?page=2&access_token=zzz&Token=y')).toBe('/api/v1/openings?page=2&access_token=[redacted]&Token=[redacted]');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });

  it('the logger masks phone fields, phones in messages and in errors', () => {
    const { log, text } = capture();
    log.info({ phone: '+12025550123', sender: '13800000001' }, 'from 13912345678');
    log.warn({ err: new Error('13700000002 already registered') }, 'failed');
    log.info({ nested: { list: ['15900000003'] } }, 'nested');
    const out = text();
    for (const p of ['+12025550123', '13800000001', '13912345678', '13700000002', '15900000003']) expect(out).not.toContain(p);
    expect(out).toContain('+12****0123');
    expect(out).toContain('139****5678');
    expect(out).toContain('137****0002 already registered');
    expect(out).toContain('159****0003');
  });

  it('fingerprints an unreadable body by size and hash', () => {
    const raw = JSON.stringify([{ phone_number: '13800000001', content: '秘密' }]);
    const f = bodyFingerprint(raw);
    expect(f.bytes).toBe(Buffer.byteLength(raw));
    expect(f.bytes).toBeGreaterThan(raw.length);
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(f)).not.toContain('秘密');
    expect(bodyFingerprint(raw).sha256).toBe(f.sha256);
  });
});
