/**
 * GBK bytes for test input, as Excel on a Chinese Windows PC writes a CSV. Built by inverting
 * the platform's own GBK decoder over every two-byte code, so it needs no extra package.
 */
let table: Map<string, [number, number]> | undefined;

function buildTable(): Map<string, [number, number]> {
  const dec = new TextDecoder('gbk');
  const map = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  return map;
}

export function encodeGbk(text: string): Uint8Array {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}
