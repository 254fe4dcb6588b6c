import type { FastifyReply } from 'fastify';
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import { fmtTime } from './html.js';

/**
 * Excel exports for the console: .xlsx that Excel and WPS open, Chinese headers in bold, one
 * sheet. What a person typed is always a text cell: write-excel-file writes a string value as a
 * shared string (`t="s"`), and only a cell given the type 'Formula' becomes a formula, which
 * this module never asks for. So a name like `=HYPERLINK(...)` or `+86…`, `-1`, `@SUM(…)` reads
 * in Excel as the text itself and never runs (tests/integration/console-exports.test.ts reads
 * the sheet XML back). Phones stay text too, so 138… is not turned into 1.38E+10.
 */
export type XlsxValue = string | number | Date | null | undefined;

export interface XlsxColumn {
  header: string;
  /** Width in characters (Chinese counts about two). */
  width?: number;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An exported row's cell: text as a string cell (never a formula), numbers as numbers, times as Beijing text. */
function cell(v: XlsxValue): Cell {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, type: Number } : null;
  // Beijing wall-clock time as text: a date cell shows in the reader's own time zone settings.
  if (v instanceof Date) return { value: fmtTime(v), type: String };
  return { value: v, type: String };
}

/** The sheet (header row first) as .xlsx bytes, built in memory and zipped by the library's stream. */
export async function xlsxBuffer(columns: readonly XlsxColumn[], rows: Iterable<readonly XlsxValue[]>, sheet = '导出'): Promise<Buffer> {
  const data: Row[] = [columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' as const }))];
  for (const r of rows) data.push(r.map(cell));
  return writeXlsxFile(data, {
    sheet: sheet.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31),
    columns: columns.map((c) => ({ width: c.width ?? 14 })),
    stickyRowsCount: 1,
  }).toBuffer();
}

/**
 * Content-Disposition for a Chinese file name (RFC 6266 with RFC 5987's filename*): browsers
 * that read filename* get 工人名单-2026-12-02.xlsx; the plain filename is an ASCII stand-in.
 */
export function attachment(name: string, asciiFallback: string): string {
  const safe = name.replace(/[\r\n"\\/]/g, '_');
  const enc = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${enc}`;
}

/** Today's Beijing date, for file names. */
export const beijingDay = (d = new Date()) => fmtTime(d).slice(0, 10);

/** Sends the workbook as a download. */
export async function sendXlsx(reply: FastifyReply, o: { name: string; ascii: string; columns: readonly XlsxColumn[]; rows: Iterable<readonly XlsxValue[]>; sheet?: string }) {
  const buf = await xlsxBuffer(o.columns, o.rows, o.sheet);
  return reply
    .type(XLSX_TYPE)
    .header('content-disposition', attachment(`${o.name}-${beijingDay()}.xlsx`, `${o.ascii}-${beijingDay()}.xlsx`))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(buf);
}
