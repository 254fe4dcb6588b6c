import type { FastifyReply } from 'fastify';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
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

/** A cell as plain data (a worker thread gets it by structured clone): text, a number, or empty. */
type Plain = string | number | null;

/** Times as Beijing wall-clock text: a date cell would show in the reader's own time zone settings. */
function plain(v: XlsxValue): Plain {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return fmtTime(v);
  return v;
}

/**
 * The workbook from plain rows: text as a String cell (never 'Formula'), numbers as Number.
 * WORKER_SOURCE below does the same in a worker thread.
 */
function build(write: typeof writeXlsxFile, columns: { header: string; width?: number }[], rows: Plain[][], sheet: string) {
  const head = columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' as const }));
  const data = [head, ...rows.map((r) => r.map((v) => (v === null ? null : typeof v === 'number' ? { value: v, type: Number } : { value: String(v), type: String })))];
  return write(data as Row[], { sheet, columns: columns.map((c) => ({ width: c.width ?? 14 })), stickyRowsCount: 1 }).toBuffer();
}

/**
 * Sheets at least this long are built in a worker thread: write-excel-file builds the sheet XML
 * and deflates it synchronously (about 4–6 s and 200 MB for 50,000 rows of ten columns on the
 * bench machine), which would stall every other request of the process for that long.
 */
export const XLSX_WORKER_ROWS = 2000;
/** Workbooks built at once in worker threads; more wait their turn (each holds ~4 KB a row while it runs). */
const WORKERS_AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

// The worker's own copy of build() in plain JavaScript (a worker started from source needs no
// loader, in the built app as under tsx), kept to the same cell rules: text never a formula.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const write = require(workerData.lib);
const { columns, sheet } = workerData;
const cell = (v) => (v === null ? null : typeof v === 'number' ? { value: v, type: Number } : { value: String(v), type: String });
const data = [columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' }))];
parentPort.on('message', (chunk) => {
  if (chunk !== null) {
    for (const r of chunk) data.push(r.map(cell));
    return;
  }
  write(data, { sheet, columns: columns.map((c) => ({ width: c.width ?? 14 })), stickyRowsCount: 1 })
    .toBuffer()
    .then((buf) => {
      const out = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      parentPort.postMessage(out, [out.buffer]);
      parentPort.close();
    });
});
`;

/** Rows handed to the worker per message: each copy blocks this thread only briefly, and other requests run between. */
const CHUNK_ROWS = 2000;

async function inWorker(columns: readonly XlsxColumn[], rows: Plain[][], sheet: string): Promise<Buffer> {
  if (running >= WORKERS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    const lib = createRequire(import.meta.url).resolve('write-excel-file/node');
    return await new Promise<Buffer>((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { lib, columns, sheet } });
      w.once('message', (m: Uint8Array) => {
        resolve(Buffer.from(m.buffer, m.byteOffset, m.length));
        void w.terminate();
      });
      w.once('error', reject);
      w.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`xlsx worker exited with ${code}`))));
      void (async () => {
        for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
          w.postMessage(rows.slice(i, i + CHUNK_ROWS));
          await new Promise((r) => setImmediate(r));
        }
        w.postMessage(null);
      })().catch(reject);
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The sheet (header row first) as .xlsx bytes: inline when short, in a worker thread when long. */
export async function xlsxBuffer(columns: readonly XlsxColumn[], rows: Iterable<readonly XlsxValue[]>, sheetName = '导出'): Promise<Buffer> {
  const sheet = sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  const data = Array.from(rows, (r) => r.map(plain));
  if (data.length < XLSX_WORKER_ROWS) return build(writeXlsxFile, [...columns], data, sheet);
  return inWorker(columns, data, sheet);
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
