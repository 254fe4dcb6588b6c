import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { coded, type Coded } from './error-codes.js';
import { cleanText } from './inbound-text.js';

/**
 * Field surveys as caseworkers keep them: a spreadsheet saved as CSV, by Excel on a Chinese
 * Windows PC (GBK) or by WPS / a phone (UTF-8, often with a BOM). Pure: bytes in, rows out.
 */
export function decodeSurvey(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  // NUL bytes (a file saved as UTF-16, or junk) are dropped: PostgreSQL cannot store them
  // (the decoders already turn broken sequences into U+FFFD).
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: cleanText(new TextDecoder('utf-8').decode(bytes.subarray(3))), encoding: 'utf-8' };
  }
  try {
    return { text: cleanText(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: Excel's "CSV" on a Chinese system writes the ANSI code page, GBK.
    return { text: cleanText(new TextDecoder('gbk').decode(bytes)), encoding: 'gbk' };
  }
}

export type SurveyField = 'phone' | 'name' | 'place' | 'skills' | 'returnee' | 'homeWork' | 'consent' | 'person';

/** Header words people use for each column; matched after trimming, case-insensitive. */
export const SURVEY_HEADERS: Record<SurveyField, readonly string[]> = {
  phone: ['手机', '手机号', '手机号码', '电话', '联系电话', 'phone'],
  name: ['姓名', '名字', 'name'],
  place: ['住址', '地址', '地点', '村', '村组', '所在地', 'place', 'division'],
  skills: ['技能', '会的活', '特长', '工种', 'skills'],
  returnee: ['返乡', '返乡人员', '是否返乡', 'returnee'],
  homeWork: ['家庭作坊', '居家', '想在家做', '在家干活', 'home_work', 'homework'],
  consent: ['同意', '同意短信', '同意接收短信', 'consent'],
  // Several people on one phone (docs/shared-phones.md): which of them the row is, 1..9.
  person: ['同号第几人', '第几人', '人号', 'person'],
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
  /** The person's number on a shared phone (1..9); null when the column is absent or empty, NaN when unreadable. */
  person: number | null;
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

/**
 * What one import may hold (docs/inbound-limits.md): a village's or township's survey is
 * hundreds to a couple of thousand rows of a dozen columns. Each row is checked and written
 * one by one (about 15 ms a row here), so 2,000 rows answer within about half a minute; a
 * larger survey is split into several files.
 */
export const SURVEY_MAX_ROWS = 2000;
export const SURVEY_MAX_COLUMNS = 100;
const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 64 * 1024 } as const;

/** Rows of a decoded survey, or the header problem that makes the whole file unreadable. */
export function parseSurvey(text: string): { rows: SurveyRow[] } | { error: Coded } {
  let records: string[][];
  try {
    records = parse(text, CSV_OPTIONS);
  } catch (err) {
    return { error: coded('survey.unreadable', `CSV could not be read: ${(err as Error).message}`) };
  }
  return rowsOf(records);
}

/**
 * parseSurvey for a file from the network: the text is parsed a slice at a time, giving the
 * event loop back between slices (csv-parse takes ~1 ms a KB here, so a 2 MB file read in one
 * go would hold every other request for seconds), and it stops at the first row or column
 * past the limits.
 */
export async function parseSurveyInSlices(text: string, sliceChars = 8192): Promise<{ rows: SurveyRow[] } | { error: Coded }> {
  const records: string[][] = [];
  let failure: Coded | null = null;
  const parser = parseStream(CSV_OPTIONS);
  parser.on('data', (r: string[]) => {
    if (failure) return;
    const problem = limitProblem(records.length + 1, r.length);
    if (problem) failure = problem;
    else records.push(r);
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (err: Error) => {
      failure ??= coded('survey.unreadable', `CSV could not be read: ${err.message}`);
      resolve();
    });
  });
  for (let at = 0; at < text.length && !failure; ) {
    let end = Math.min(text.length, at + sliceChars);
    // Never split a surrogate pair between two slices.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end += 1;
    parser.write(text.slice(at, end));
    at = end;
    await new Promise((r) => setImmediate(r));
  }
  if (failure) {
    parser.destroy();
    return { error: failure };
  }
  parser.end();
  await finished;
  return failure ? { error: failure } : rowsOf(records);
}

/** The limit a file breaks at its `records`-th record (the header is the first) of `columns` columns, if any. */
function limitProblem(records: number, columns: number): Coded | null {
  if (records > SURVEY_MAX_ROWS + 1) return coded('survey.too_many_rows', `the file has more than ${SURVEY_MAX_ROWS} rows; split it into several files`, { max: SURVEY_MAX_ROWS });
  if (columns > SURVEY_MAX_COLUMNS) return coded('survey.too_many_columns', `line ${records} has more than ${SURVEY_MAX_COLUMNS} columns`, { line: records });
  return null;
}

function rowsOf(records: string[][]): { rows: SurveyRow[] } | { error: Coded } {
  for (let i = 0; i < records.length; i++) {
    const problem = limitProblem(i + 1, records[i]!.length);
    if (problem) return { error: problem };
  }
  const [header, ...body] = records;
  if (!header) return { error: coded('survey.empty', 'the file is empty') };
  const col: Partial<Record<SurveyField, number>> = {};
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    for (const [field, names] of Object.entries(SURVEY_HEADERS) as [SurveyField, readonly string[]][]) {
      if (col[field] === undefined && names.includes(key)) col[field] = i;
    }
  });
  const missing = REQUIRED.filter((f) => col[f] === undefined);
  if (missing.length) {
    const english = missing.map((f) => `${f} (${SURVEY_HEADERS[f].slice(0, 2).join('/')})`).join(', ');
    // People read the Chinese column names: 手机（或 手机号）、同意（或 同意短信）.
    const columns = missing.map((f) => `${SURVEY_HEADERS[f][0]}（或 ${SURVEY_HEADERS[f][1]}）`).join('、');
    return { error: coded('survey.missing_columns', `missing column(s): ${english}; found: ${header.join(', ').slice(0, 300)}`, { columns }) };
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
      person: personNumber(cell(r, 'person')),
    })),
  };
}

/** "2", "2号", "第2人": a person's number on a shared phone; null when empty, NaN when not 1..9. */
function personNumber(cell: string): number | null {
  if (cell === '') return null;
  const m = /^第?([1-9])(号|人|个)?$/.exec(cell.replace(/\s/g, ''));
  return m ? Number(m[1]) : Number.NaN;
}
