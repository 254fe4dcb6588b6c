import { describe, expect, it } from 'vitest';
import {
  aliyunTemplateRegistry,
  clipVariable,
  renderMessage,
  TEMPLATES,
  templateVariables,
  type MessageKindName,
} from '../../src/domain/message-templates.js';
import { placeOptions, skillMenuText, type PlaceRef } from '../../src/domain/conversation.js';
import { formatDigest } from '../../src/domain/matching.js';
import { personLabel, pickOptions } from '../../src/domain/household.js';
import { formatWage, shortPlaceName } from '../../src/domain/opening-format.js';
import { maskPhone, normalizePhone } from '../../src/domain/phone.js';
import { jobName, noShowParams, reminderParams } from '../../src/domain/after-hire.js';
import { countSegments, smsLength, withSignature } from '../../src/domain/sms-segments.js';

const SIGN = '归雁就业';

describe('SMS segments (Aliyun: 70, then 67 per part, signature included)', () => {
  it('counts characters as code points', () => {
    expect(smsLength('缝纫ABC，1')).toBe(7);
    expect(countSegments('')).toBe(0);
    expect(countSegments('字'.repeat(70))).toBe(1);
    expect(countSegments('字'.repeat(71))).toBe(2);
    expect(countSegments('字'.repeat(134))).toBe(2);
    expect(countSegments('字'.repeat(135))).toBe(3);
    expect(countSegments('字'.repeat(160))).toBe(3);
    expect(countSegments(withSignature(SIGN, '字'.repeat(64)))).toBe(1);
    expect(countSegments(withSignature(SIGN, '字'.repeat(65)))).toBe(2);
  });
});

// Same-named villages in different counties: the numbered choice fills its variable.
const LONG_PLACES: PlaceRef[] = [
  '金平苗族瑶族傣族自治县马鞍底乡中寨村民委员会',
  '河口瑶族自治县桥头苗族壮族乡中寨村委会',
  '开远市中和营镇中寨村委会',
  '建水县青龙镇中寨村委会',
].map((local, i) => ({ code: String(i), name: '中寨村委会', fullName: `云南省红河哈尼族彝族自治州${local}` }));

// The longest values each variable realistically takes: long workshop and place names,
// a five-digit code, a wage range with a piece rate.
const longest: { [K in MessageKindName]: Record<string, string> } = {
  // The terms variable as alertTerms fills it at these names: the wage and a day-labour start (tests/unit/opening-terms.test.ts).
  job_alert: { workshop: '金平梯田手工刺绣合作社', place: shortPlaceName('金平苗族瑶族傣族自治县', '老集寨乡'), title: '刺绣计件工', terms: `${formatWage(4500, 6500, 'month')}，明早7点`, code: '10245' },
  subscribed: { skills: '缝纫、包装、分拣', place: '胜村村委会' },
  subscribe_incomplete: { missing: '会的活和住的地方' },
  unsubscribed: {},
  erase_offer: {},
  erased: {},
  help: {},
  employer_new_applicant: { title: '缝纫工', code: '10245', phone: '13812345678' },
  employer_no_show: noShowParams('刺绣计件工带班组长学徒', '102450', '13812345678'),
  // The API caps the sender at 15 and the text at 35 characters (REMINDER_LIMITS).
  reminder: { sender: '金平县老集寨乡劳动就业服务中心', message: '12月5日狗街上午在乡政府门口办招聘会，带身份证，现场有车间岗位可报名' },
  skill_menu: { menu: skillMenuText() },
  ask_place: { skills: '缝纫、包装、分拣' },
  ask_new_place: {},
  place_menu: { options: placeOptions(LONG_PLACES).text },
  place_not_found: {},
  confirm_subscribe: { skills: '缝纫、包装、分拣', place: '金平马鞍底中寨村' },
  dialog_cancelled: {},
  not_subscribed: {},
  resubscribe_how: {},
  unsubscribed_status: {},
  status: { skills: '缝纫、包装、分拣', place: '金平马鞍底中寨村', state: '暂停到12月31日' },
  jobs_none: {},
  job_listing: { workshop: '金平梯田手工刺绣合作社', title: '刺绣计件工', wage: formatWage(4500, 6500, 'month'), place: shortPlaceName('金平苗族瑶族傣族自治县', '老集寨乡'), code: '10245' },
  apply_ok: { workshop: '金平梯田手工刺绣合作社', code: '10245' },
  apply_already: { code: '10245' },
  apply_closed: { code: '10245' },
  apply_unknown: { code: '999999' },
  apply_need_code: {},
  apply_need_phone: {},
  apply_limited: { wait: '1小时后' },
  changes_limited: {},
  optout_ask: {},
  clarify: {},
  paused: {},
  paused_until: { until: '12月31日' },
  resumed: {},
  skills_updated: { skills: '缝纫、包装、分拣' },
  place_updated: { place: '金平马鞍底中寨村' },
  location_place: { place: '金平马鞍底中寨村' },
  location_no_place: {},
  location_far: {},
  wechat_text_only: {},
  wechat_welcome: {},
  bind_code: { code: '123456' },
  bind_code_sent: { phone: '138****5678' },
  bind_rate_limited: { wait: '1小时' },
  bind_done: { phone: '138****5678' },
  bind_done_opted_out: {},
  bind_bad_code: {},
  bind_expired: {},
  bind_bad_phone: {},
  bind_in_wechat: {},
  channel_set: { channel: '短信' },
  channel_need_phone: {},
  channel_need_wechat: {},
  // Case numbers to AJ99999 (a hundred thousand reports), a five-digit code, the longest date.
  case_opened: { no: 'AJ99999', due: '12月31日' },
  case_joined: { no: 'AJ99999', due: '12月31日' },
  case_no_opening: { code: '10245', no: 'AJ99999', due: '12月31日' },
  // Capped by AFTER_HIRE_LIMITS (src/domain/after-hire.ts): the longest date, place and title.
  after_hire_start: reminderParams(new Date('2026-12-31T15:59:00Z'), '金平苗族瑶族傣族自治县老集寨乡梯田手工刺绣合作社车间', '刺绣计件工带班组长学徒'),
  after_hire_start_changed: reminderParams(new Date('2026-12-31T15:59:00Z'), '金平苗族瑶族傣族自治县老集寨乡梯田手工刺绣合作社车间', '刺绣计件工带班组长学徒'),
  after_hire_arrival: { job: jobName('金平梯田手工刺绣合作社', '刺绣计件工带班组长') },
  after_hire_pay: { job: jobName('金平梯田手工刺绣合作社', '刺绣计件工带班组长') },
  after_hire_arrived: {},
  after_hire_no_show: {},
  after_hire_paid: {},
  // Two segments at most (DETAILS_MAX_SEGMENTS): checked below, not in the one-segment test.
  opening_details: {},
  wage_benchmark: { place: '金平苗族瑶族傣族自治县', skill: '食品加工', pay: formatWage(4500, 4500, 'month'), count: '1234' },
  wage_benchmark_few: { place: '金平苗族瑶族傣族自治县', skill: '食品加工', count: '2' },
  wage_benchmark_need: {},
  // Shared phones: the longest name cut to 4 characters, a five-digit code, five people with
  // full names in the question. shared_job_alert is checked in household.test.ts.
  shared_job_alert: {},
  person_pick: { code: '10245', options: pickOptions([1, 2, 3, 4, 5].map((slot) => ({ slot, name: '李秀英奶' }))) },
  person_ask_name: {},
  person_added: { who: personLabel({ slot: 9, name: '李秀英奶奶' }), skills: '缝纫、包装', place: '金平马鞍底中寨村', slot: '9', n: '9' },
  person_unsubscribed: { who: personLabel({ slot: 9, name: '李秀英奶奶' }) },
  person_full: { max: '9' },
  employer_new_applicant_named: { title: '刺绣计件工', code: '10245', name: personLabel({ slot: 9, name: '李秀英奶奶' }), phone: '13812345678' },
  opening_digest: {
    list: formatDigest([
      { code: '10245', title: '刺绣计件工', wage: formatWage(4500, 6500, 'month') },
      { code: '10246', title: '缝纫工', wage: formatWage(150, 200, 'day') },
      { code: '10247', title: '包装工', wage: formatWage(2, 5, 'piece') },
    ]).text,
  },
};

describe('message templates', () => {
  it.each((Object.keys(TEMPLATES) as MessageKindName[]).filter((k) => k !== 'opening_details' && k !== 'shared_job_alert'))('%s fits one SMS segment with the signature at its longest realistic values', (kind) => {
    const m = renderMessage(kind, longest[kind] as never);
    const full = withSignature(SIGN, m.text);
    expect(smsLength(full), full).toBeLessThanOrEqual(70);
    expect(countSegments(full)).toBe(1);
  });

  it('follows Aliyun template rules', () => {
    for (const [kind, def] of Object.entries(TEMPLATES)) {
      expect(def.text, kind).not.toMatch(/[【】]/);
      expect(def.text, kind).not.toMatch(/\}\$\{/); // no adjacent variables
      const vars = templateVariables(def.text);
      expect(new Set(vars).size, kind).toBe(vars.length); // each variable once
      // Promotional templates must end with the unified opt-out; notifications must not carry it.
      if (def.smsType === 'promotion') expect(def.text.endsWith('拒收请回复R'), kind).toBe(true);
      else expect(def.text, kind).not.toContain('拒收请回复R');
    }
  });

  it('every alert tells how to unsubscribe', () => {
    expect(renderMessage('job_alert', longest.job_alert as never).text).toContain('拒收请回复R');
  });

  it('clips variables to 35 characters and fails on a missing one', () => {
    expect([...clipVariable('字'.repeat(50))]).toHaveLength(35);
    expect(clipVariable('  很  长  ')).toBe('很 长');
    const m = renderMessage('subscribed', { skills: '缝'.repeat(40), place: '新街镇' });
    expect([...m.params.skills!]).toHaveLength(35);
    expect(() => renderMessage('subscribed', { skills: '缝纫' } as never)).toThrow(/needs variable place/);
  });

  it('uses configured template codes and exposes the registry the fake server checks against', () => {
    expect(renderMessage('help', {}, { help: 'SMS_123' }).templateCode).toBe('SMS_123');
    const reg = aliyunTemplateRegistry({ job_alert: 'SMS_999' });
    expect(reg.SMS_999).toMatchObject({ kind: 'promotion', vars: ['workshop', 'place', 'title', 'terms', 'code'] });
  });

  it('formats wages and places the way workshops advertise them', () => {
    expect(formatWage(3500, 5000, 'month')).toBe('月薪3500-5000元');
    expect(formatWage(150, 150, 'day')).toBe('日薪150元');
    expect(formatWage(2, 5, 'piece')).toBe('计件2-5元/件');
    expect(shortPlaceName('元阳县', '新街镇')).toBe('元阳新街镇');
    expect(shortPlaceName('蒙自市', '蒙自市')).toBe('蒙自市');
    expect(shortPlaceName('河口瑶族自治县', '南溪镇')).toBe('河口南溪镇');
  });
});

describe('phone numbers', () => {
  it('normalises what people and carriers send', () => {
    expect(normalizePhone('13800000001')).toBe('13800000001');
    expect(normalizePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalizePhone('008613800000001')).toBe('13800000001');
    expect(normalizePhone('8613800000001')).toBe('13800000001');
    expect(normalizePhone('１３８０００００００１')).toBe('13800000001');
    expect(normalizePhone('12800000001')).toBeNull();
    expect(normalizePhone('0871-1234567')).toBeNull();
    expect(normalizePhone('1380000000')).toBeNull();
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
