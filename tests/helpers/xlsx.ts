import { inflateRawSync } from 'node:zlib';

/**
 * Reads an .xlsx back without a spreadsheet library: the zip's central directory (the writer
 * streams, so local headers carry no sizes), each part inflated with node's zlib, and the first
 * sheet's cells with the shared strings resolved. Enough to check what Excel or WPS would show.
 */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

export interface SheetCell {
  ref: string;
  /** t="s" (shared string), "n"/absent (number), "b", or "str"/formula. */
  type: string;
  value: string;
  formula: boolean;
}

/** The first sheet as rows of cells (text resolved), plus its raw XML. */
export function readSheet(buf: Buffer): { rows: SheetCell[][]; xml: string; sharedStrings: string[]; parts: string[] } {
  const files = unzip(buf);
  const sst = files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
  const sharedStrings = [...sst.matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>|<t\/>)<\/si>/g)].map((m) => unescapeXml(m[1] ?? ''));
  const xml = files.get('xl/worksheets/sheet1.xml')?.toString('utf8');
  if (!xml) throw new Error(`no first sheet among ${[...files.keys()].join(', ')}`);
  const rows = [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1]!.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const type = /t="(\w+)"/.exec(c[2]!)?.[1] ?? 'n';
      const inner = c[3] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '';
      return { ref: c[1]!, type, formula: /<f[ >]/.test(inner), value: type === 's' ? (sharedStrings[Number(v)] ?? '') : unescapeXml(v) };
    }),
  );
  return { rows, xml, sharedStrings, parts: [...files.keys()] };
}

/** The sheet as plain text rows (empty cells left out), for simple assertions. */
export const sheetText = (buf: Buffer) => readSheet(buf).rows.map((r) => r.map((c) => c.value));

/** Rows after the header as objects keyed by the header's text (by column letter, so empty cells keep their place). */
export function records(buf: Buffer): Record<string, string>[] {
  const { rows } = readSheet(buf);
  const col = (ref: string) => ref.replace(/\d+$/, '');
  const headers = new Map(rows[0]?.map((c) => [col(c.ref), c.value]) ?? []);
  return rows.slice(1).map((r) => Object.fromEntries(r.map((c) => [headers.get(col(c.ref)) ?? col(c.ref), c.value])));
}
