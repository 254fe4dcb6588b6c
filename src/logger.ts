import { createHash } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The process logger, with two privacy rules that hold whatever a log call passes:
 *
 * - Phone numbers are masked (138****0001). Fields that name a phone (`phone`, `sender`, …) are
 *   masked whatever their format; and as a safety net every written line is scanned for
 *   mainland mobile numbers (with or without +86), so a phone inside a message, an SMS text or
 *   an error is masked too.
 * - Request URLs keep their path but not the values of secret or personal query parameters:
 *   on /webhooks/* every value (Aliyun's `?token=`, WeChat's signature, timestamp, nonce and
 *   openid), elsewhere the values of parameters named like a credential.
 *
 * The request serializer is also installed per request by the app (see `redactingChildLogger`),
 * so it holds with a logger that was not built here (tests, benchmarks).
 */

/** A mainland mobile number standing alone (not inside a longer run of digits), optionally +86/86 first. */
const MOBILE_IN_TEXT = /(?<![0-9])((?:\+?86[- ]?)?1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g;

/** Masks every mainland mobile number in a text: 13800000001 → 138****0001. */
export function maskPhonesInText(s: string): string {
  return s.replace(MOBILE_IN_TEXT, '$1****$2');
}

/** Masks one phone-like value of any format: the first 3 and last 4 characters stay. */
export function maskPhone(value: unknown): unknown {
  if (typeof value !== 'string') return Array.isArray(value) ? value.map(maskPhone) : value;
  const s = value.trim();
  if (s.length <= 7) return '****';
  return `${s.slice(0, 3)}****${s.slice(-4)}`;
}

/** Log fields that hold a phone number; their values are masked whatever their shape. */
const PHONE_FIELDS = ['phone', 'phones', 'sender', 'mobile', 'phone_number', 'phoneNumber', 'contactPhone'] as const;

// Query parameters whose values are never logged, on any route.
const SECRET_PARAMS = new Set(['token', 'signature', 'msg_signature', 'nonce', 'timestamp', 'echostr', 'openid', 'key', 'api_key', 'access_token', 'password']);

/** A URL as it may be logged: on webhook routes no query value survives; elsewhere no credential does. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  const all = path.startsWith('/webhooks/');
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (eq < 0) return name.slice(0, 64);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        /* keep as sent */
      }
      return all || SECRET_PARAMS.has(decoded.toLowerCase()) ? `${name.slice(0, 64)}=[redacted]` : pair;
    });
  return `${path}?${parts.join('&')}`;
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  host?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer, with the URL redacted. */
export function requestSerializer(req: RequestLike) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Fastify `childLoggerFactory`: each request's logger serializes `req` with the redacting
 * serializer, whatever logger the app was given.
 */
export function redactingChildLogger(logger: Logger, bindings: Record<string, unknown>, opts: Record<string, unknown>): Logger {
  const serializers = { ...((opts.serializers as Record<string, unknown> | undefined) ?? {}), req: requestSerializer };
  return logger.child(bindings, { ...opts, serializers } as never);
}

/** What may be logged about a body we could not read: its size and a hash of its bytes to match repeats, never its content. */
export function bodyFingerprint(raw: string | Buffer): { bytes: number; sha256: string } {
  return { bytes: Buffer.byteLength(raw), sha256: createHash('sha256').update(raw).digest('hex') };
}

/** A stream that masks phones in every line before passing it on. */
function maskingStream(dest: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      dest.write(maskPhonesInText(line));
    },
  };
}

/** The service's logger. `dest` defaults to stdout; tests pass a stream to read what was written. */
export function createLogger(opts: { level: string; name?: string }, dest: DestinationStream = pino.destination(1)): Logger {
  const serializers: Record<string, (v: unknown) => unknown> = { req: requestSerializer as (v: unknown) => unknown };
  for (const f of PHONE_FIELDS) serializers[f] = maskPhone;
  return pino({ level: opts.level, name: opts.name ?? 'guiyan', serializers }, maskingStream(dest));
}
