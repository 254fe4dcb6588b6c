/**
 * Fake WeCom group robot webhook (docs/wechat.md, "WeCom group robot"): `POST /cgi-bin/webhook/send?key=…` with a
 * text message. Unknown keys get 93000, texts over 2048 bytes 40058, and more than 20 messages
 * in a minute per key 45009, like the real robot.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWecomMessage {
  key: string;
  content: string;
  at: Date;
}

export interface FakeWecom {
  baseUrl: string;
  messages: FakeWecomMessage[];
  /** Every call with its errcode, including refused ones. */
  calls: { key: string; errcode: number }[];
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeWecom(options: { keys?: string[]; perMinute?: number } = {}): Promise<FakeWecom> {
  const keys = new Set(options.keys ?? ['robot-key-1']);
  const perMinute = options.perMinute ?? 20;
  const messages: FakeWecomMessage[] = [];
  const calls: { key: string; errcode: number }[] = [];
  const answer = (res: http.ServerResponse, key: string, errcode: number, errmsg: string) => {
    calls.push({ key, errcode });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg }));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const key = url.searchParams.get('key') ?? '';
      if (req.method !== 'POST' || url.pathname !== '/cgi-bin/webhook/send') return answer(res, key, 404, 'not found');
      if (!keys.has(key)) return answer(res, key, 93000, 'invalid webhook url');
      let body: { msgtype?: string; text?: { content?: string } };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return answer(res, key, 40008, 'invalid message type');
      }
      const content = body.text?.content ?? '';
      if (body.msgtype !== 'text' || !content) return answer(res, key, 40008, 'invalid message type');
      if (Buffer.byteLength(content) > 2048) return answer(res, key, 40058, 'content exceed max length');
      const now = Date.now();
      if (messages.filter((m) => m.key === key && now - m.at.getTime() < 60_000).length >= perMinute) return answer(res, key, 45009, 'api freq out of limit');
      messages.push({ key, content, at: new Date(now) });
      answer(res, key, 0, 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages,
    calls,
    reset() {
      messages.length = 0;
      calls.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
