import { EventEmitter } from 'node:events';
import net from 'node:net';

/**
 * A raw HTTP/1.1 client for the bad-input battery. fetch and node:http refuse to send much of
 * what an attacker sends (invalid UTF-8, CR/LF or NUL in the path, conflicting lengths), so
 * every request is written byte for byte on its own TCP connection (`Connection: close`) and
 * the answer is parsed here.
 */

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

export type Outcome =
  | { kind: 'response'; res: RawResponse; ms: number }
  /** No complete answer within the time limit: the request hangs. */
  | { kind: 'timeout'; ms: number; partial: string }
  /** The connection ended without a status line. */
  | { kind: 'closed'; ms: number; partial: string }
  /** The app threw an error nothing caught (a real process would exit) while this request ran. */
  | { kind: 'crash'; ms: number; error: string };

export interface WireRequest {
  method: string;
  /** The request-target exactly as sent (already percent-encoded where meant to be). */
  target: string | Buffer;
  headers?: [string, string | Buffer][];
  body?: string | Buffer;
  /** Leave out the Content-Length this client would add (the case sets its own framing). */
  noContentLength?: boolean;
  /** Bytes sent instead of everything above (malformed HTTP). */
  raw?: Buffer;
}

const bytes = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

export function encodeRequest(r: WireRequest): Buffer {
  if (r.raw) return r.raw;
  const body = r.body === undefined ? undefined : bytes(r.body);
  const parts: Buffer[] = [Buffer.from(`${r.method} `), bytes(r.target), Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n')];
  for (const [k, v] of r.headers ?? []) parts.push(Buffer.from(`${k}: `), bytes(v), Buffer.from('\r\n'));
  if (body !== undefined && !r.noContentLength) parts.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  parts.push(Buffer.from('\r\n'));
  if (body !== undefined) parts.push(body);
  return Buffer.concat(parts);
}

/** Parses what arrived; `complete` is false while more body bytes are due. */
function parse(buf: Buffer, method: string): { res: RawResponse; complete: boolean } | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(head[0] ?? '');
  if (!m) return null;
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}${k === 'set-cookie' ? '\n' : ', '}${v}`;
  }
  const status = Number(m[1]);
  let rest = buf.subarray(end + 4);
  let complete = false;
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    rest = Buffer.alloc(0);
    complete = true;
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks: Buffer[] = [];
    let at = 0;
    for (;;) {
      const nl = rest.indexOf('\r\n', at);
      if (nl < 0) break;
      const size = parseInt(rest.subarray(at, nl).toString('latin1'), 16);
      if (Number.isNaN(size)) break;
      if (size === 0) {
        complete = true;
        break;
      }
      if (rest.length < nl + 2 + size) break;
      chunks.push(rest.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
    rest = Buffer.concat(chunks);
  } else if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    complete = rest.length >= n;
    rest = rest.subarray(0, n);
  }
  return { res: { status, headers, body: rest, text: rest.toString('utf8') }, complete };
}

/**
 * Uncaught exceptions and unhandled rejections while the battery runs. Node ends the process
 * on either (the app installs no handler), so each one is a request that would have killed
 * the service; the test runner catches them instead, and this records them.
 */
export class CrashMonitor extends EventEmitter {
  readonly errors: { at: number; error: string }[] = [];
  private readonly onError = (err: unknown) => {
    const text = err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err);
    this.errors.push({ at: Date.now(), error: text });
    this.emit('crash', text);
  };
  install(): this {
    process.on('uncaughtException', this.onError);
    process.on('unhandledRejection', this.onError);
    return this;
  }
  uninstall(): void {
    process.off('uncaughtException', this.onError);
    process.off('unhandledRejection', this.onError);
  }
}

/** Sends one request on a new connection and waits for the whole answer. */
export function send(port: number, req: WireRequest, opts: { timeoutMs?: number; crashes?: CrashMonitor } = {}): Promise<Outcome> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const data = encodeRequest(req);
  const start = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const sock = net.connect(port, '127.0.0.1');
    const finish = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.crashes?.off('crash', onCrash);
      sock.destroy();
      resolve(o);
    };
    const ms = () => Math.round(performance.now() - start);
    const current = () => parse(Buffer.concat(chunks), req.method);
    const timer = setTimeout(() => finish({ kind: 'timeout', ms: ms(), partial: Buffer.concat(chunks).toString('latin1').slice(0, 200) }), timeoutMs);
    // A crash in the app usually leaves this request unanswered: give the app a moment, then stop waiting.
    const onCrash = (error: string) => {
      setTimeout(() => {
        const p = current();
        if (p?.complete) finish({ kind: 'response', res: p.res, ms: ms() });
        else finish({ kind: 'crash', ms: ms(), error });
      }, 50);
    };
    opts.crashes?.on('crash', onCrash);
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      const p = current();
      if (p?.complete) finish({ kind: 'response', res: p.res, ms: ms() });
    });
    const ended = () => {
      const p = current();
      if (p) finish({ kind: 'response', res: p.res, ms: ms() });
      else finish({ kind: 'closed', ms: ms(), partial: Buffer.concat(chunks).toString('latin1').slice(0, 200) });
    };
    sock.on('end', ended);
    sock.on('close', ended);
    // The server may answer (401, 413) and close before a large body is written: keep what arrived.
    sock.on('error', () => undefined);
    sock.write(data);
  });
}
