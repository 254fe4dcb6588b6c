import { parse } from 'csv-parse/sync';

/**
 * Field surveys as caseworkers keep them: a spreadsheet saved as CSV, by Excel on a Chinese
 * Windows PC (GBK) or by WPS / a phone (UTF-8, often with a BOM). Pure: bytes in, rows out.
 */
export function decodeSurvey(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: Excel's "CSV" on a Chinese system writes the ANSI code page, GBK.
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

export type SurveyField = 'phone' | 'name' | 'place' | 'skills' | 'returnee' | 'homeWork' | 'consent';

/** Header words people use for each column; matched after trimming, case-insensitive. */
export const SURVEY_HEADERS: Record<SurveyField, readonly string[]> = {
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', 'phone'],
  name: ['姓名', '名字', 'name'],
  place: ['住址', '地址', '地点', '村', '村组', '所在地', 'place', 'division'],
  skills: ['技能', '会的活', '特长', '工种', 'skills'],
  returnee: ['返乡', '返乡人员', '是否返乡', 'returnee'],
  homeWork: ['家庭作坊', '居家', '想在家做', '在家干活', 'home_work', 'homework'],
  consent: ['同意', '同意短信', '同意接收短信', 'consent'],
};
const REQUIRED: SurveyField[] = ['phone', 'place', 'consent'];

export interface SurveyRow {
  /** Line number in the file (the header is line 1), for the report. */
  line: number;
  phone: string;
  name: string;
  place: string;
  skills: string[];
  returnee: boolean | null;
  homeWork: boolean | null;
  consent: boolean | null;
}

const YES = new Set(['是', '有', '愿意', '同意', 'y', 'yes', '1', 'true', '√', '✓']);
const NO = new Set(['否', '无', '没有', '不', '不愿意', '不同意', 'n', 'no', '0', 'false', '×', '']);

/** "是"/"否" and friends; null when the cell says something else. */
export function readYesNo(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** Rows of a decoded survey, or the header problem that makes the whole file unreadable. */
export function parseSurvey(text: string): { rows: SurveyRow[] } | { error: string } {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    return { error: `CSV could not be read: ${(err as Error).message}` };
  }
  const [header, ...body] = records;
  if (!header) return { error: 'the file is empty' };
  const col: Partial<Record<SurveyField, number>> = {};
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    for (const [field, names] of Object.entries(SURVEY_HEADERS) as [SurveyField, readonly string[]][]) {
      if (col[field] === undefined && names.includes(key)) col[field] = i;
    }
  });
  const missing = REQUIRED.filter((f) => col[f] === undefined);
  if (missing.length) {
    return {
      error: `missing column(s): ${missing.map((f) => `${f} (${SURVEY_HEADERS[f].slice(0, 2).join('/')})`).join(', ')}; found: ${header.join(', ')}`,
    };
  }
  const cell = (r: string[], f: SurveyField) => (col[f] === undefined ? '' : (r[col[f]!] ?? '').trim());
  return {
    rows: body.map((r, i) => ({
      line: i + 2,
      phone: cell(r, 'phone'),
      name: cell(r, 'name'),
      place: cell(r, 'place'),
      skills: cell(r, 'skills').split(/[、,，;；/\s]+/u).filter(Boolean),
      returnee: col.returnee === undefined ? null : readYesNo(cell(r, 'returnee')),
      homeWork: col.homeWork === undefined ? null : readYesNo(cell(r, 'homeWork')),
      consent: readYesNo(cell(r, 'consent')),
    })),
  };
}
