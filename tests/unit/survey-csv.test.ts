import { describe, expect, it } from 'vitest';
import { decodeSurvey, parseSurvey, readYesNo } from '../../src/domain/survey-csv.js';
import { encodeGbk } from '../helpers/gbk.js';

const CSV = '姓名,手机,住址,技能,返乡,家庭作坊,同意\r\n李秀英,13800001111,新街镇胜村,"缝纫、刺绣",是,否,是\r\n王强,138 0000 2222,南沙,普工,否,,是\r\n';

describe('field survey files', () => {
  it('decodes GBK as Excel writes it, and UTF-8 with or without a BOM', () => {
    const gbk = encodeGbk(CSV);
    expect(gbk.length).toBeLessThan(Buffer.byteLength(CSV)); // two bytes a character, not three
    expect(decodeSurvey(gbk)).toEqual({ text: CSV, encoding: 'gbk' });
    expect(decodeSurvey(new TextEncoder().encode(CSV))).toEqual({ text: CSV, encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV)]);
    expect(decodeSurvey(bom)).toEqual({ text: CSV, encoding: 'utf-8' });
  });

  it('maps Chinese or English headers in any order to fields', () => {
    const r = parseSurvey(CSV);
    if ('error' in r) throw new Error(r.error.message);
    expect(r.rows).toEqual([
      { line: 2, phone: '13800001111', name: '李秀英', place: '新街镇胜村', skills: ['缝纫', '刺绣'], returnee: true, homeWork: false, consent: true, person: null },
      { line: 3, phone: '138 0000 2222', name: '王强', place: '南沙', skills: ['普工'], returnee: false, homeWork: false, consent: true, person: null },
    ]);
    const en = parseSurvey('consent,place,phone\nyes,南沙,13800003333\n');
    expect('rows' in en && en.rows[0]).toMatchObject({ phone: '13800003333', place: '南沙', consent: true, returnee: null, homeWork: null, skills: [] });
  });

  it('reads which person on a shared phone a row is (第几人), and marks a number it cannot read', () => {
    const r = parseSurvey('手机,住址,同意,第几人\n13800001111,新街镇,是,2\n13800001111,新街镇,是,第3人\n13800001111,新街镇,是,\n13800001111,新街镇,是,十\n');
    if ('error' in r) throw new Error(r.error.message);
    expect(r.rows.map((x) => x.person)).toEqual([2, 3, null, Number.NaN]);
  });

  it('names the missing columns when the header is wrong', () => {
    const r = parseSurvey('姓名,电话号\n李,138\n');
    expect(r).toEqual({
      error: { code: 'survey.missing_columns', message: expect.stringMatching(/missing column\(s\): phone \(手机\/手机号\), place .*consent/), params: { columns: '手机（或 手机号）、住址（或 地址）、同意（或 同意短信）' } },
    });
    expect(parseSurvey('')).toEqual({ error: { code: 'survey.empty', message: 'the file is empty' } });
  });

  it('reads yes/no cells the way people fill them', () => {
    expect(readYesNo('是')).toBe(true);
    expect(readYesNo(' √ ')).toBe(true);
    expect(readYesNo('否')).toBe(false);
    expect(readYesNo('')).toBe(false);
    expect(readYesNo('可能')).toBeNull();
  });
});
