import type { FastifyPluginAsync } from 'fastify';
import { UnauthorizedError, UnavailableError, ValidationError } from '../../errors.js';
import { decryptWechat, encryptedReply, verifyWechatMsgSignature, type WechatAes } from '../../channels/wechat/wechat-crypto.js';
import { parseWechatPush, passiveTextReply, verifyWechatSignature, wechatEncryptedPart } from '../../channels/wechat/wechat-message.js';

export const WECHAT_BODY_BYTES = 64 * 1024;

interface SignedQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  /** Safe and compatible mode: `aes`, with the signature of the <Encrypt>. */
  encrypt_type?: string;
  msg_signature?: string;
  openid?: string;
}

const SIGNED_PARAMS = ['signature', 'timestamp', 'nonce'] as const;
const WECHAT_PARAMS = [...SIGNED_PARAMS, 'echostr', 'encrypt_type', 'msg_signature', 'openid'] as const;

/**
 * The parameters WeChat puts in the URL, each a single string. One given twice arrives as an
 * array (`?signature=a&signature=b`); WeChat never sends that, so it is refused by name rather
 * than guessed at: 401 for the three the signature is checked with (such a request cannot be
 * authenticated, and strangers hear 401 whatever else they sent), 400 for the others.
 */
function signedQuery(query: unknown, names: readonly (typeof WECHAT_PARAMS)[number][] = WECHAT_PARAMS): SignedQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const out: SignedQuery = {};
  for (const name of names) {
    const value = q[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      const why = `the WeChat query parameter ${name} is given more than once`;
      throw (SIGNED_PARAMS as readonly string[]).includes(name) ? new UnauthorizedError('request.repeated_param', why) : new ValidationError('request.repeated_param', why);
    }
    out[name] = value;
  }
  return out;
}

/**
 * The WeChat Official Account server URL (docs/wechat.md). Every request must carry a
 * valid signature, or it is refused with 401 before anything is read or stored. A message is
 * stored, then answered in the HTTP reply if the answer is ready within the deadline (WeChat
 * gives up at 5 s and retries); otherwise we answer `success` and the reply follows through the
 * customer-service API. In safe or compatible mode (with WECHAT_ENCODING_AES_KEY) an encrypted
 * push must also carry a valid msg_signature and decrypt for our AppID, and its passive reply
 * is encrypted; `success` needs no encryption. A signed query is good for one body only.
 */
export const wechatWebhookRoutes: FastifyPluginAsync<{ token: string | undefined; aes: WechatAes | null; deadlineMs: number }> = async (
  app,
  { token, aes, deadlineMs },
) => {
  // Late replies still running when the server stops: close() waits for them.
  const late = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...late]);
  });

  // WeChat off: the URL does not exist here (404 from the app's not-found handler).
  if (!token) return;

  // A WeChat push is a small XML document (text up to ~2,000 characters, or encrypted: a third
  // more); 64 KB holds any of them (docs/inbound-limits.md).
  app.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string', bodyLimit: WECHAT_BODY_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.addHook('onRequest', async (req) => {
    if (!verifyWechatSignature(token, signedQuery(req.query, SIGNED_PARAMS))) throw new UnauthorizedError('wechat.bad_signature', 'bad or missing WeChat signature');
    signedQuery(req.query); // the other parameters, once the sender is known to be WeChat
  });

  // Server URL verification: echo echostr back as the raw body.
  app.get('/', { config: { cleansOwnText: true } }, async (req, reply) => {
    const { echostr } = signedQuery(req.query);
    return reply.type('text/plain; charset=utf-8').send(echostr ?? '');
  });

  // Each push is cleaned where it is parsed (src/channels/wechat/wechat-message.ts).
  app.post('/', { bodyLimit: WECHAT_BODY_BYTES, config: { cleansOwnText: true } }, async (req, reply) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const q = signedQuery(req.query);
    // The signature does not cover the body: a signed query seen before may only come back
    // with the same body (WeChat's own retry), never with another (docs/wechat-replays.md).
    if ((await app.ctx.services.wechatReplay.sight(q, raw)) === 'replay') {
      req.log.warn('WeChat push refused: its signature was already used with another body');
      throw new UnauthorizedError('wechat.signature_reused', 'this WeChat signature was already used for another message');
    }
    // Safe mode sends only <Encrypt>; compatible mode sends it beside the plaintext fields,
    // which are read (and answered) as plaintext when no key is set.
    const plain = parseWechatPush(raw);
    const encrypt = plain ? (plain.Encrypt ?? null) : wechatEncryptedPart(raw);
    const sentEncrypted = q.encrypt_type === 'aes' || (encrypt !== null && plain === null);
    const encrypted = sentEncrypted && (aes !== null || plain === null);
    let body = raw;
    let push = plain;
    if (encrypted) {
      if (!aes) throw new UnavailableError('wechat.no_aes_key', 'WeChat sends encrypted pushes, but WECHAT_ENCODING_AES_KEY is not set on this server');
      if (encrypt === null) throw new ValidationError('wechat.not_encrypted', 'body is not an encrypted WeChat message (no Encrypt)');
      if (!verifyWechatMsgSignature(token, q, encrypt)) throw new UnauthorizedError('wechat.bad_msg_signature', 'bad or missing WeChat msg_signature');
      const inner = decryptWechat(aes, encrypt);
      if (inner === null) throw new UnauthorizedError('wechat.bad_encrypt', 'the WeChat Encrypt does not decrypt to a message for our AppID');
      body = inner;
      push = parseWechatPush(inner);
    }
    if (!push) throw new ValidationError('wechat.not_xml', 'body is not a WeChat XML message');
    const answer = (xml: string) =>
      reply.type('application/xml; charset=utf-8').send(encrypted && aes ? encryptedReply(token, aes, xml, new Date()) : xml);

    const { wechat, conversation } = app.ctx.services;
    const stored = await wechat.store(push, body);
    if (stored.processed) return reply.type('text/plain').send('success');

    const handling = conversation.handleWithoutWechatDelivery(stored.id);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    const first = await Promise.race([handling, deadline]).finally(() => clearTimeout(timer));
    if (first === 'late') {
      const p = handling
        .then((r) => (r ? wechat.push(r.sender, r.wechatReplyIds) : undefined))
        .catch((err: unknown) => req.log.error({ err, inboundId: stored.id.toString() }, 'late WeChat reply failed'))
        .finally(() => late.delete(p));
      late.add(p);
      return reply.type('text/plain').send('success');
    }
    const texts = first ? await wechat.claimPassive(first.wechatReplyIds) : [];
    if (texts.length === 0) return reply.type('text/plain').send('success');
    return answer(passiveTextReply(push, texts.join('\n\n'), new Date()));
  });
};
