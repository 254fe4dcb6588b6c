/**
 * The malformations: values an attacker puts in paths, query strings, headers and bodies.
 * Path and query values are written as they go on the wire (percent-encoded where a client
 * would encode them); raw bytes that no client library sends are in the protocol cases.
 */

const MB = 1 << 20;

export interface PathValue {
  label: string;
  /** The value as sent, given the parameter's normal value (an existing row's id). */
  value: (normal: string) => string;
  /** Refused by the router before any hook (bad percent-encoding, too long): a 4xx without authentication first is fine. */
  router?: boolean;
  /** In the set every route gets (the rest run on the representative routes). */
  core?: boolean;
}

/** Substituted for one path parameter at a time. */
export const PATH_VALUES: readonly PathValue[] = [
  { label: 'id 2^31', value: () => '2147483648', core: true },
  { label: 'id 10^20', value: () => '99999999999999999999' },
  { label: 'negative id', value: () => '-1', core: true },
  // The existing row's id with a fraction: a lax parser acts on that row (1.5 is not 1).
  { label: 'fraction of an existing id', value: (n) => (/^\d+$/.test(n) ? `${n}.5` : '1.5'), core: true },
  { label: 'non-numeric', value: () => 'abc', core: true },
  { label: '%00', value: () => '%00' },
  { label: '%0D%0A', value: () => '310%0D%0A', core: true },
  { label: 'unicode', value: () => '%E5%B7%A5%E4%BA%BA' },
  { label: 'invalid UTF-8 %FF%FE', value: () => '%FF%FE', router: true, core: true },
  { label: 'very long (4,000 characters)', value: () => '9'.repeat(4000), router: true },
];

/** For wildcard parameters (static files, Bull Board's page): path traversal on top of the above. */
export const WILDCARD_VALUES: readonly PathValue[] = [
  { label: 'traversal ../', value: () => '..%2F..%2F..%2F..%2Fetc%2Fpasswd', core: true },
  { label: 'traversal %2e%2e', value: () => '%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd' },
  { label: 'traversal to the source', value: () => '..%2F..%2F..%2Fpackage.json', core: true },
  { label: '%00', value: () => 'index.html%00.js' },
  { label: 'invalid UTF-8 %FF%FE', value: () => '%FF%FE', router: true },
  { label: 'very long (4,000 characters)', value: () => 'x'.repeat(4000), router: true },
];

export interface BodyVariant {
  label: string;
  contentType?: string;
  /** undefined: no body at all. */
  body?: string | Buffer;
  /** What a route that reads its body must do with it (default: reject). */
  expect?: 'reject' | 'handled';
}

const deepArrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObjects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/**
 * Bodies the server must refuse before any handler reads them (the JSON parser or the
 * content-type check): 4xx on every route that accepts a body.
 */
export const PARSE_LEVEL_BODIES: readonly BodyVariant[] = [
  { label: 'invalid JSON', contentType: 'application/json', body: '{"name":' },
  { label: 'JSON with trailing garbage', contentType: 'application/json', body: '{"a":1} x' },
  { label: 'empty body with a JSON content-type', contentType: 'application/json', body: '' },
  { label: 'invalid UTF-8 bytes as JSON', contentType: 'application/json', body: Buffer.from([0xff, 0xfe, 0x7b, 0xc3, 0x28, 0x7d]) },
  { label: '__proto__ in JSON', contentType: 'application/json', body: '{"__proto__":{"role":"admin"},"a":1}' },
  { label: 'multipart junk', contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
  { label: 'unknown content-type', contentType: 'application/x-guiyan-junk', body: 'hello' },
];

/** A POST with nothing in it (no content-type, no length): the handler must not assume a body. */
export const NO_BODY: BodyVariant = { label: 'no body at all' };

/** Bodies in the right syntax and the wrong shape, for routes that read their body. */
export const SHAPE_BODIES: readonly BodyVariant[] = [
  { label: 'JSON array instead of an object', contentType: 'application/json', body: '[{"a":1},2,"x"]' },
  { label: 'JSON string instead of an object', contentType: 'application/json', body: '"text"' },
  { label: 'JSON null', contentType: 'application/json', body: 'null' },
  { label: 'JSON number', contentType: 'application/json', body: '12345678901234567890' },
  { label: 'arrays nested 5,000 deep', contentType: 'application/json', body: deepArrays(5000) },
  // An object under an unknown key: a schema may drop it (200 for a partial update), but must not choke.
  { label: 'objects nested 5,000 deep', contentType: 'application/json', body: deepObjects(5000), expect: 'handled' },
];

/** The full set only: the same on a few representative routes. */
export const HEAVY_BODIES: readonly BodyVariant[] = [
  { label: 'arrays nested 100,000 deep', contentType: 'application/json', body: deepArrays(100_000) },
  { label: 'objects nested 50,000 deep', contentType: 'application/json', body: deepObjects(50_000), expect: 'handled' },
  { label: '6 MB body (over the limit)', contentType: 'application/json', body: `{"a":"${'x'.repeat(6 * MB)}"}` },
  { label: 'one key repeated 100,000 times', contentType: 'application/json', body: `{${Array.from({ length: 100_000 }, () => '"a":1').join(',')}}`, expect: 'handled' },
  { label: 'JSON number 1e400', contentType: 'application/json', body: '{"headcount":1e400}', expect: 'handled' },
  { label: 'charset=utf-16 JSON', contentType: 'application/json; charset=utf-16', body: Buffer.from('{"a":1}', 'utf16le'), expect: 'handled' },
];

/**
 * Replacements for one JSON leaf of an otherwise valid body; all must be refused with a 4xx,
 * except a lone surrogate, which may also be cleaned (stored as U+FFFD). `core` ones run on
 * every route, the rest on the representative routes.
 */
export function leafVariants(value: unknown): [label: string, value: unknown, core: boolean][] {
  if (typeof value === 'string') {
    return [
      ['NUL in a string', `a${'\u0000'}b`, true],
      ['1 MB string', 'a'.repeat(MB), true],
      ['number instead of a string', 12345, true],
      [LONE_SURROGATE, 'a\ud800b', false],
      ['object instead of a string', { a: 1 }, false],
    ];
  }
  if (typeof value === 'number') {
    return [
      ['number 2^31', 2147483648, true],
      ['string instead of a number', 'abc', true],
      ['number 1e308', 1e308, false],
      ['number 2^63', 9223372036854775808, false],
    ];
  }
  if (typeof value === 'boolean') {
    return [
      ['string instead of a boolean', 'yes', true],
      ['number instead of a boolean', 1, false],
    ];
  }
  if (Array.isArray(value)) {
    return [
      ['string instead of an array', 'x', true],
      ['array of 10,000 items', Array.from({ length: 10_000 }, () => value[0] ?? 'x'), true],
      ['array of objects', [{ a: 1 }], false],
    ];
  }
  if (value && typeof value === 'object') {
    return [
      ['array instead of an object', [], true],
      ['string instead of an object', 'x', false],
    ];
  }
  return [];
}

export const LONE_SURROGATE = 'lone surrogate';

/** Every leaf of a JSON value, as a path of keys and indexes. */
export function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [path, ...v.flatMap((x, i) => leaves(x, [...path, i]))].filter((p) => p.length > 0);
  if (v && typeof v === 'object') return [...(path.length ? [path] : []), ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))];
  return [path];
}

export function getAt(v: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)?.[k], v);
}

export function setAt<T>(v: T, path: (string | number)[], value: unknown): T {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return copy as T;
}

/** Replacements for one field of an urlencoded console form (written already encoded); the first runs on every route. */
export const FORM_FIELD_VARIANTS: readonly [label: string, encoded: string, expect: 'reject' | 'handled'][] = [
  ['NUL in a field', 'a%00b', 'reject'],
  ['1 MB field', 'a'.repeat(MB), 'reject'],
  ['invalid UTF-8 %FF%FE', '%FF%FE', 'handled'],
  ['UTF-8 of a lone surrogate %ED%A0%80', 'a%ED%A0%80b', 'handled'],
  ['CR/LF in a field', 'a%0D%0Ab', 'handled'],
  ['broken percent-encoding', '%ZZ%', 'handled'],
];

/** Console form fields that hold numbers: huge values must be refused, not overflow a column. */
export const NUMERIC_FORM_FIELDS = new Set(['headcount', 'wage.min', 'wage.max', 'workshopId', 'segmentId', 'schedule.n', 'employerId', 'workerIds']);
export const HUGE_NUMBERS: readonly [label: string, encoded: string][] = [
  ['number 2^31', '2147483648'],
  ['number 10^20', '99999999999999999999'],
  ['number 1e308', '1e308'],
];

/** Query-string values, for every parameter a route documents and one it does not. */
export const QUERY_VALUES: readonly [label: string, encoded: string][] = [
  ['%00', '%00'],
  ['%0D%0A', 'a%0D%0Ab'],
  ['number 2^31', '2147483648'],
  ['number 10^20', '99999999999999999999'],
  ['negative', '-1'],
  ['non-numeric', 'abc'],
  ['6,000 characters', 'a'.repeat(6000)],
  ['invalid UTF-8 %FF%FE', '%FF%FE'],
  ['unicode', '%E5%B7%A5%E4%BA%BA'],
  ['broken percent-encoding', '%ZZ'],
];

/** Values a typed query parameter must refuse (4xx) rather than pass on. */
export const QUERY_MUST_REJECT: Record<string, readonly string[]> = {
  integer: ['%00', 'abc', '%E5%B7%A5%E4%BA%BA', '%ZZ', '99999999999999999999'],
  number: ['%00', 'abc', '%E5%B7%A5%E4%BA%BA', '%ZZ'],
  enum: ['%00', 'abc', '%E5%B7%A5%E4%BA%BA'],
  boolean: ['%00', 'abc', '2147483648'],
};

/** Bad Idempotency-Key headers (raw bytes allowed): each must be a 400, not run the request. */
export const BAD_IDEMPOTENCY_KEYS: readonly [label: string, value: string | Buffer][] = [
  ['too short', 'abc'],
  ['with a space', 'abcd efgh'],
  ['300 characters', 'k'.repeat(300)],
  ['raw UTF-8', Buffer.from('幂等键幂等键幂等键', 'utf8')],
  ['percent-encoded NUL', 'abcdefgh%00'],
];
