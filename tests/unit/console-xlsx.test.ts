import { describe, expect, it } from 'vitest';
import { attachment, xlsxBuffer, XLSX_WORKER_ROWS } from '../../src/console/xlsx.js';
import { readSheet, records } from '../helpers/xlsx.js';

describe('console Excel files', () => {
  it('names a download in Chinese by RFC 5987, with an ASCII stand-in and nothing that breaks the header', () => {
    const cd = attachment('报名名单-A1-缝纫工(夜班)\'*.xlsx', 'applicants-A1.xlsx');
    expect(cd).toBe(`attachment; filename="applicants-A1.xlsx"; filename*=UTF-8''${encodeURIComponent('报名名单-A1-缝纫工')}%28%E5%A4%9C%E7%8F%AD%29%27%2A.xlsx`);
    // A title with quotes, slashes or line breaks cannot end the header or the quoted name.
    const hostile = attachment('a"b\r\nSet-Cookie: x=1/..\\c.xlsx', 'a"b\r\n.xlsx');
    expect(hostile).not.toMatch(/[\r\n]/);
    expect(hostile).toMatch(/^attachment; filename="a_b__\.xlsx"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
  });

  it('writes = + - @ text as text cells, never formulas, inline and in the worker alike', async () => {
    const hostile = ['=1+1', '+86 138', '-2', '@SUM(A1)', '=HYPERLINK("http://x","y")'];
    for (const n of [hostile.length, XLSX_WORKER_ROWS + 10]) {
      const rows = Array.from({ length: n }, (_, i) => [hostile[i % hostile.length]!, i, null, new Date(Date.UTC(2026, 11, 2, 1, 30))]);
      const buf = await xlsxBuffer([{ header: '姓名' }, { header: '序号' }, { header: '空' }, { header: '时间' }], rows, '工人/名单?');
      const sheet = readSheet(buf);
      expect(sheet.xml).not.toMatch(/<f[ >]/);
      const cells = sheet.rows.slice(1).map((r) => r[0]!);
      expect(cells.every((c) => c.type === 's' && !c.formula)).toBe(true);
      expect(cells.slice(0, 5).map((c) => c.value)).toEqual(hostile.slice(0, Math.min(5, n)));
      const recs = records(buf);
      expect(recs).toHaveLength(n);
      expect(recs[0]).toEqual({ 姓名: '=1+1', 序号: '0', 时间: '2026-12-02 09:30' });
      expect(sheet.rows[1]![1]!.type).toBe('n');
    }
  });
});
