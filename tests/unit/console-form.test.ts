import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';
import { appFieldErrors, list, num, problemText, str, zodFieldErrors } from '../../src/console/form.js';
import { html, raw, shortPlace } from '../../src/console/html.js';
import { ConflictError, ValidationError } from '../../src/errors.js';
import { createOpeningInputSchema } from '../../src/services/employers/employer-service.js';
import { createUserSchema } from '../../src/services/access/console-user-service.js';

describe('console html', () => {
  it('escapes every interpolated value unless it is already html', () => {
    const name = '<script>alert("x")</script>&';
    expect(html`<td>${name}</td>`.value).toBe('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</td>');
    expect(html`<p>${raw('<b>ok</b>')}${[1, null, false, 'a']}</p>`.value).toBe('<p><b>ok</b>1a</p>');
    expect(html`<input value="${"' onfocus='x"}">`.value).toBe('<input value="&#39; onfocus=&#39;x">');
  });

  it('shortens a place to what a station reads', () => {
    expect(shortPlace('云南省红河哈尼族彝族自治州元阳县新街镇')).toBe('元阳县新街镇');
    expect(shortPlace('云南省红河哈尼族彝族自治州')).toBe('云南省红河哈尼族彝族自治州');
    expect(shortPlace(null)).toBe('—');
  });
});

describe('console forms', () => {
  it('reads form values the way the API schemas expect them', () => {
    expect(list({ s: '缝纫，包装、 裁剪' }, 's')).toEqual(['缝纫', '包装', '裁剪']);
    expect(list({ s: ['缝纫', ' ', '包装'] }, 's')).toEqual(['缝纫', '包装']);
    expect(num({ n: '12' }, 'n')).toBe(12);
    expect(num({ n: '十二' }, 'n')).toBe('十二');
    expect(num({ n: ' ' }, 'n')).toBeUndefined();
    expect(str({ a: ['x', 'y'] }, 'a')).toBe('x');
  });

  it('puts the API schema errors next to their fields, in Chinese', () => {
    const r = createOpeningInputSchema.safeParse({ workshopId: 1, title: '', skills: [], headcount: 'x', wage: { min: 5, max: 1, unit: 'month' } });
    expect(r.success).toBe(false);
    const e = zodFieldErrors(r.error!);
    expect(e.title).toBe('必填');
    expect(e.headcount).toBe('格式不对');
    // Cross-field rules run once the fields themselves are valid.
    const w = createOpeningInputSchema.safeParse({ workshopId: 1, title: '缝纫工', skills: [], headcount: 2, wage: { min: 5, max: 1, unit: 'month' } });
    expect(zodFieldErrors(w.error!)['wage.max']).toBe('最高工资不能低于最低工资');
  });

  it('keeps Chinese messages of our own schemas and names the field of a service error', () => {
    const r = createUserSchema.safeParse({ name: 'a b', password: 'short', role: 'employer' });
    const e = zodFieldErrors(r.error!);
    expect(e.password).toBe('密码至少 8 个字符');
    expect(e.name).toContain('用户名');
    expect(e.employerId).toBe('雇主账号需要雇主编号');
    expect(appFieldErrors(new ValidationError('skill.unknown', 'skills: unknown skill "飞行"', { params: { skills: '"飞行"' } }))).toEqual({ skills: '不认识的技能 "飞行"' });
    // An error without a field prefix is about the whole form.
    expect(appFieldErrors(new ConflictError('opening.expired', 'opening 3 has expired'))).toEqual({ _form: '这条招工已过期' });
    expect(problemText({ field: 'phone', code: 'phone.invalid' })).toBe('手机：不是有效的大陆手机号');
    expect(problemText({ field: null, code: 'survey.opted_out' })).toMatch(/^以前退订过/);
  });
});

describe('console config', () => {
  it('refuses the demo session secret for an https deployment and a short secret anywhere', () => {
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://guiyan.example.cn' })).toThrow(/SESSION_SECRET: set your own secret/);
    expect(() => loadConfig({ SESSION_SECRET: 'too-short' })).toThrow(ConfigError);
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://guiyan.example.cn', SESSION_SECRET: 'x'.repeat(40) }).SESSION_SECRET).toHaveLength(40);
    expect(loadConfig({}).SESSION_COOKIE_SECURE).toBe('auto');
  });
});
