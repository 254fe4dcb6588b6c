import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as DysmsModule from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIGN_NAME,
  DEFAULT_TEMPLATES,
  acs3Signature,
  acs3StringToSign,
  buildCanonicalRequest,
  sha256Hex,
  signAcs3,
  startFakeAliyunSms,
  verifyAcs3,
  type FakeAliyunSms,
  type FakeAliyunSmsOptions,
  type SmsReport,
} from './fake-aliyun-sms.js';

// The SDK is CommonJS compiled with `exports.default = Client`. Node's ESM loader (tsx) hands the
// whole `module.exports` to a default import, so the class sits at `.default.default`, and that is
// also what TypeScript's NodeNext typing says; vitest's interop unwraps one level instead.
type DysmsClientClass = typeof DysmsModule.default.default;
const dysmsDefault: DysmsClientClass | { default: DysmsClientClass } = DysmsModule.default;
const Dysmsapi: DysmsClientClass = typeof dysmsDefault === 'function' ? dysmsDefault : dysmsDefault.default;

const AK_ID = 'LTAItestAccessKeyId';
const AK_SECRET = 'testAccessKeySecret';
const SIGN = DEFAULT_SIGN_NAME;
const VERIFY = 'SMS_900000001'; // verification: ${code}
const NOTIFY = 'SMS_900000002'; // notification: ${place} ${job} ${wage}
const LONG = 'SMS_900000099'; // notification, long enough to need several segments

const TEMPLATES: FakeAliyunSmsOptions['templates'] = {
  ...DEFAULT_TEMPLATES,
  [LONG]: { vars: ['detail'], text: `${'红河州元阳县家门口工坊招工，'.repeat(8)}${'${detail}'}` },
};

function smsClient(fake: FakeAliyunSms, config: { accessKeyId?: string; accessKeySecret?: string; readTimeout?: number } = {}) {
  return new Dysmsapi(
    new $OpenApiUtil.Config({
      accessKeyId: AK_ID,
      accessKeySecret: AK_SECRET,
      endpoint: fake.endpoint, // host:port only; a scheme here yields http://http//...
      protocol: 'http', // the SDK defaults to HTTPS
      ...config,
    }),
  );
}

const notifyParams = (job = '采茶工'): string => JSON.stringify({ place: '元阳县新街镇', job, wage: '120元/天' });
const phoneNo = (i: number): string => `138${String(i).padStart(8, '0')}`;

function sendSms(
  fake: FakeAliyunSms,
  fields: { phoneNumbers?: string; signName?: string; templateCode?: string; templateParam?: string; outId?: string },
  config: Parameters<typeof smsClient>[1] = {},
) {
  return smsClient(fake, config).sendSms(new DysmsModule.SendSmsRequest(fields));
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request the SDK would never build (stale date, reused nonce, no signature...). */
function rawRequest(fake: FakeAliyunSms, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: fake.port, method: init.method ?? 'POST', path: init.path ?? '/', headers: init.headers ?? {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

function signedHeaders(fake: FakeAliyunSms, query: Record<string, string>, overrides: { date?: string; nonce?: string } = {}) {
  return signAcs3({
    accessKeyId: AK_ID,
    accessKeySecret: AK_SECRET,
    method: 'POST',
    pathname: '/',
    query,
    headers: {
      host: fake.endpoint,
      'x-acs-action': 'QuerySendDetails',
      'x-acs-version': '2017-05-25',
      'x-acs-date': overrides.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': overrides.nonce ?? sha256Hex(String(Math.random())),
    },
  });
}

/** A tiny stand-in for our SmsReport callback endpoint. */
async function startReportReceiver(statuses: number[] = []) {
  const batches: SmsReport[][] = [];
  let waiter: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      batches.push(JSON.parse(text) as SmsReport[]);
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0, msg: '接收成功' }));
      waiter?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/report`,
    batches,
    async waitForBatches(n: number): Promise<SmsReport[][]> {
      const deadline = Date.now() + 3000;
      while (batches.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} report batches, got ${batches.length}`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
      return batches;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('fake Aliyun SMS driven by the real SDK', () => {
  let fake: FakeAliyunSms;

  beforeAll(async () => {
    fake = await startFakeAliyunSms({ templates: TEMPLATES, reportDelayMs: Infinity });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  describe('SendSms and SendBatchSms', () => {
    it('accepts a SendSms to one number and records the rendered message', async () => {
      const resp = await sendSms(fake, {
        phoneNumbers: '+8613800000001',
        signName: SIGN,
        templateCode: VERIFY,
        templateParam: JSON.stringify({ code: '123456' }),
        outId: 'order-42',
      });

      expect(resp.statusCode).toBe(200);
      expect(resp.body?.code).toBe('OK');
      expect(resp.body?.message).toBe('OK');
      expect(resp.body?.bizId).toMatch(/^\d+\^\d+$/);
      expect(resp.body?.requestId).toBe(resp.headers?.['x-acs-request-id']);
      expect(fake.messages).toEqual([
        expect.objectContaining({
          bizId: resp.body?.bizId,
          outId: 'order-42',
          phone: '13800000001',
          signName: SIGN,
          templateCode: VERIFY,
          params: { code: '123456' },
          content: '【归雁就业】您的验证码为123456，5分钟内有效，请勿泄露给他人。',
          smsSize: 1,
          status: 1,
        }),
      ]);
      expect(fake.calls).toEqual([
        expect.objectContaining({ action: 'SendSms', ok: true, code: 'OK', status: 200, body: {} }),
      ]);
      // SendSms carries everything in the query; the body is empty.
      expect(fake.calls[0]?.query).toMatchObject({ PhoneNumbers: '+8613800000001', SignName: SIGN, OutId: 'order-42' });
      expect(fake.calls[0]?.headers['content-length']).toBe('0');
    });

    it('accepts 1000 numbers in one SendSms under one BizId and refuses 1001', async () => {
      // +86 prefixes push the URL past Node's default 16 KB header limit; the real service accepts it.
      const phones = Array.from({ length: 1000 }, (_, i) => `+86${phoneNo(i)}`);
      const resp = await sendSms(fake, { phoneNumbers: phones.join(','), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() });

      expect(resp.body?.code).toBe('OK');
      expect(fake.messages).toHaveLength(1000);
      expect(new Set(fake.messages.map((m) => m.bizId))).toEqual(new Set([resp.body?.bizId]));
      expect(fake.messages[999]?.phone).toBe(phoneNo(999));

      const over = await sendSms(fake, {
        phoneNumbers: [...phones, phoneNo(1000)].join(','),
        signName: SIGN,
        templateCode: NOTIFY,
        templateParam: notifyParams(),
      });
      expect(over.body?.code).toBe('isv.MOBILE_COUNT_OVER_LIMIT');
      expect(over.body?.bizId).toBeUndefined();
      expect(fake.messages).toHaveLength(1000);
    });

    it('counts segments with the 70/67 rule', async () => {
      const resp = await sendSms(fake, {
        phoneNumbers: phoneNo(1),
        signName: SIGN,
        templateCode: LONG,
        templateParam: JSON.stringify({ detail: '日结' }),
      });
      expect(resp.body?.code).toBe('OK');
      const content = fake.messages[0]?.content ?? '';
      expect([...content].length).toBe(6 + 14 * 8 + 2); // 【归雁就业】 + 8 × 14 chars + 日结
      expect(fake.messages[0]?.smsSize).toBe(2);
    });

    it('signs over the ACS-re-encoded query, not the raw wire text', async () => {
      // querystring.stringify leaves ( ) * ! ' unescaped on the wire; the signature escapes them.
      const resp = await sendSms(fake, {
        phoneNumbers: phoneNo(2),
        signName: SIGN,
        templateCode: NOTIFY,
        templateParam: notifyParams("O'Neil (test)*!"),
      });
      expect(resp.body?.code).toBe('OK');
      expect(fake.messages[0]?.params.job).toBe("O'Neil (test)*!");
    });

    it('accepts a chunked SendBatchSms and records one message per recipient', async () => {
      const resp = await smsClient(fake).sendBatchSms(
        new DysmsModule.SendBatchSmsRequest({
          phoneNumberJson: JSON.stringify([phoneNo(1), `0086${phoneNo(2)}`]),
          signNameJson: JSON.stringify([SIGN, SIGN]),
          templateCode: NOTIFY,
          templateParamJson: JSON.stringify([JSON.parse(notifyParams('采茶工')), JSON.parse(notifyParams('绣娘'))]),
          smsUpExtendCodeJson: JSON.stringify(['90999', '90998']),
          outId: 'batch-7',
        }),
      );

      expect(resp.body?.code).toBe('OK');
      const call = fake.calls[0];
      expect(call?.headers['transfer-encoding']).toBe('chunked');
      expect(call?.headers['content-length']).toBeUndefined();
      expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(call?.body.SignNameJson).toBe(JSON.stringify([SIGN, SIGN]));
      expect(call?.query).toEqual({ TemplateCode: NOTIFY, OutId: 'batch-7' });
      expect(fake.messages.map((m) => [m.phone, m.params.job, m.smsUpExtendCode, m.bizId, m.outId])).toEqual([
        [phoneNo(1), '采茶工', '90999', resp.body?.bizId, 'batch-7'],
        [phoneNo(2), '绣娘', '90998', resp.body?.bizId, 'batch-7'],
      ]);
    });

    it('waitForMessages resolves once enough messages are recorded', async () => {
      const waiting = fake.waitForMessages(1, 1000);
      await sendSms(fake, { phoneNumbers: phoneNo(3), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() });
      await expect(waiting).resolves.toHaveLength(1);
      await expect(fake.waitForMessages(2, 50)).rejects.toThrow(/expected 2 messages/);
    });
  });

  describe('ACS3 signature', () => {
    it('reproduces the signature example of docs/aliyun-sms.md, like the SDK does', () => {
      const query = { PhoneNumbers: '13800000000', SignName: '阿里云', TemplateCode: 'SMS_154950909', TemplateParam: '{"code":"1234"}' };
      const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
      const headers: Record<string, string> = {
        host: 'dysmsapi.aliyuncs.com',
        'x-acs-action': 'SendSms',
        'x-acs-content-sha256': emptyHash,
        'x-acs-credentials-provider': 'static_ak',
        'x-acs-date': '2024-01-01T00:00:00Z',
        'x-acs-signature-nonce': '0123456789abcdef0123456789abcdef',
        'x-acs-version': '2017-05-25',
      };
      const signed = Object.keys(headers).sort();
      const canonical = buildCanonicalRequest({ method: 'POST', pathname: '/', query, headers, signedHeaders: signed, payloadHash: emptyHash });

      expect(canonical).toBe(
        [
          'POST',
          '/',
          'PhoneNumbers=13800000000&SignName=%E9%98%BF%E9%87%8C%E4%BA%91&TemplateCode=SMS_154950909&TemplateParam=%7B%22code%22%3A%221234%22%7D',
          'host:dysmsapi.aliyuncs.com',
          'x-acs-action:SendSms',
          `x-acs-content-sha256:${emptyHash}`,
          'x-acs-credentials-provider:static_ak',
          'x-acs-date:2024-01-01T00:00:00Z',
          'x-acs-signature-nonce:0123456789abcdef0123456789abcdef',
          'x-acs-version:2017-05-25',
          '',
          'host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version',
          emptyHash,
        ].join('\n'),
      );
      expect(acs3StringToSign(canonical)).toBe('ACS3-HMAC-SHA256\n3865665af2f9fccea65b8d324042b09a84f5d0a3dbf24cf8fa52f70375a65778');
      const signature = '3faeaf8894ed336a3c3d4390c100f3f7bc673515e25fef7079dc507da6e24c21';
      expect(acs3Signature('testSecret', canonical)).toBe(signature);

      // The SDK's own signer agrees (it only reads method/pathname/query/headers of its Request).
      const sdkRequest = { method: 'POST', pathname: '/', query, headers };
      const authorization = OpenApiUtil.getAuthorization(
        sdkRequest as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
        'ACS3-HMAC-SHA256',
        emptyHash,
        'testAK',
        'testSecret',
      );
      expect(authorization).toBe(`ACS3-HMAC-SHA256 Credential=testAK,SignedHeaders=${signed.join(';')},Signature=${signature}`);

      // And the verifier accepts that request as it would arrive over the wire.
      const wire = {
        method: 'POST',
        url: `/?${new URLSearchParams(query).toString()}`,
        headers: { ...headers, authorization },
      };
      expect(verifyAcs3(wire, Buffer.alloc(0), (id) => (id === 'testAK' ? 'testSecret' : undefined))).toEqual({ ok: true, accessKeyId: 'testAK' });
      expect(verifyAcs3(wire, Buffer.from('x'), () => 'testSecret')).toEqual({ ok: false, code: 'SignatureDoesNotMatch' });
    });

    it('rejects a wrong secret with ClientError SignatureDoesNotMatch', async () => {
      const sending = sendSms(
        fake,
        { phoneNumbers: phoneNo(1), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() },
        { accessKeySecret: 'not-the-secret' },
      );
      await expect(sending).rejects.toMatchObject({
        name: 'ClientError',
        code: 'SignatureDoesNotMatch',
        statusCode: 400,
        message: expect.stringContaining('Specified signature is not matched with our calculation.'),
      });
      expect(fake.messages).toHaveLength(0);
    });

    it('rejects an unknown AccessKeyId with 404 InvalidAccessKeyId.NotFound', async () => {
      const sending = sendSms(fake, { phoneNumbers: phoneNo(1), signName: SIGN, templateCode: NOTIFY }, { accessKeyId: 'LTAIunknown' });
      await expect(sending).rejects.toMatchObject({ name: 'ClientError', code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
    });

    it('rejects reused nonces, stale timestamps and unsigned requests', async () => {
      const query = { PhoneNumber: phoneNo(1), SendDate: '20260101', PageSize: '10', CurrentPage: '1' };
      const path = `/?${new URLSearchParams(query).toString()}`;
      const headers = signedHeaders(fake, query, { nonce: 'nonce-1' });

      expect((await rawRequest(fake, { path, headers })).status).toBe(200);
      const replay = await rawRequest(fake, { path, headers });
      expect(replay.status).toBe(400);
      expect(JSON.parse(replay.text)).toMatchObject({ Code: 'SignatureNonceUsed' });

      const stale = await rawRequest(fake, { path, headers: signedHeaders(fake, query, { date: '2024-01-01T00:00:00Z' }) });
      expect(stale.status).toBe(400);
      expect(JSON.parse(stale.text)).toMatchObject({ Code: 'InvalidTimeStamp.Expired' });

      const { authorization: _dropped, ...unsigned } = signedHeaders(fake, query);
      const anonymous = await rawRequest(fake, { path, headers: unsigned });
      expect(anonymous.status).toBe(400);
      expect(anonymous.headers['content-type']).toBe('application/json;charset=utf-8');
      expect(JSON.parse(anonymous.text)).toMatchObject({ Code: 'IncompleteSignature', RequestId: expect.any(String) });
    });

    it('answers garbage without crashing', async () => {
      expect((await rawRequest(fake, { method: 'GET', path: '/favicon.ico' })).status).toBe(404);
      expect((await rawRequest(fake, { headers: { 'x-acs-action': 'DeleteEverything' } })).status).toBe(404);
      const noVersion = await rawRequest(fake, { headers: { 'x-acs-action': 'SendSms' }, body: '%%%' });
      expect(JSON.parse(noVersion.text)).toMatchObject({ Code: 'InvalidVersion' });
      const resp = await sendSms(fake, { phoneNumbers: phoneNo(1), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() });
      expect(resp.body?.code).toBe('OK');
    });
  });

  describe('fault injection maps to the SDK results of docs/aliyun-sms.md', () => {
    const send = (config: Parameters<typeof smsClient>[1] = {}, phone = phoneNo(1)) =>
      sendSms(fake, { phoneNumbers: phone, signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() }, config);

    it('throttle → ThrottlingError with retryAfter from x-acs-retry-after', async () => {
      fake.fail({ kind: 'throttle', retryAfterMs: 1500 });
      await expect(send()).rejects.toMatchObject({ name: 'ThrottlingError', code: 'Throttling.User', statusCode: 400, retryAfter: 1500 });
      // times defaults to 1: the next request goes through.
      expect((await send()).body?.code).toBe('OK');
    });

    it('internal / unavailable → ServerError 500 / 503', async () => {
      fake.fail({ kind: 'internal' });
      fake.fail({ kind: 'unavailable' });
      await expect(send()).rejects.toMatchObject({ name: 'ServerError', code: 'InternalError', statusCode: 500 });
      await expect(send()).rejects.toMatchObject({ name: 'ServerError', code: 'ServiceUnavailable', statusCode: 503 });
    });

    it.each([
      ['system', 'isp.SYSTEM_ERROR'],
      ['amount', 'isv.AMOUNT_NOT_ENOUGH'],
      ['dayLimit', 'isv.DAY_LIMIT_CONTROL'],
    ] as const)('%s → resolves with body.code %s and records nothing', async (kind, code) => {
      fake.fail({ kind });
      const resp = await send();
      expect(resp.statusCode).toBe(200);
      expect(resp.body?.code).toBe(code);
      expect(resp.body?.bizId).toBeUndefined();
      expect(fake.messages).toHaveLength(0);
    });

    it('badJson → SyntaxError from the SDK JSON reader', async () => {
      fake.fail({ kind: 'badJson' });
      await expect(send()).rejects.toMatchObject({ name: 'SyntaxError' });
      expect(fake.calls[0]?.code).toBe('<bad-json>');
    });

    it('delay beyond readTimeout → RequestTimeoutError, yet the message was sent', async () => {
      fake.fail({ kind: 'delay', delayMs: 600 });
      await expect(send({ readTimeout: 200 })).rejects.toMatchObject({ name: 'RequestTimeoutError' });
      expect(fake.messages).toHaveLength(1);
      expect(fake.messages[0]?.phone).toBe(phoneNo(1));
    });

    it('a delay shorter than readTimeout is just slow', async () => {
      fake.fail({ kind: 'delay', delayMs: 100 });
      const started = Date.now();
      expect((await send({ readTimeout: 1000 })).body?.code).toBe('OK');
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    });

    it('hang → RequestTimeoutError and nothing sent', async () => {
      fake.fail({ kind: 'hang' });
      await expect(send({ readTimeout: 200 })).rejects.toMatchObject({ name: 'RequestTimeoutError' });
      expect(fake.messages).toHaveLength(0);
      expect(fake.calls[0]).toMatchObject({ status: 0, code: '<hang>' });
    });

    it('filters by action and phone, honours times: Infinity, and clears', async () => {
      fake.fail({ kind: 'system', action: 'SendBatchSms' });
      fake.fail({ kind: 'amount', phone: `+86${phoneNo(9)}`, times: Infinity });
      expect((await send()).body?.code).toBe('OK');
      expect((await send({}, phoneNo(9))).body?.code).toBe('isv.AMOUNT_NOT_ENOUGH');
      expect((await send({}, phoneNo(9))).body?.code).toBe('isv.AMOUNT_NOT_ENOUGH');
      const batch = await smsClient(fake).sendBatchSms(
        new DysmsModule.SendBatchSmsRequest({
          phoneNumberJson: JSON.stringify([phoneNo(1)]),
          signNameJson: JSON.stringify([SIGN]),
          templateCode: NOTIFY,
          templateParamJson: JSON.stringify([JSON.parse(notifyParams())]),
        }),
      );
      expect(batch.body?.code).toBe('isp.SYSTEM_ERROR');
      fake.clearFaults();
      expect((await send({}, phoneNo(9))).body?.code).toBe('OK');
    });
  });

  describe('validation like the real service', () => {
    it('missing parameters → ClientError Missing<Name> (HTTP 400)', async () => {
      await expect(smsClient(fake).sendSms(new DysmsModule.SendSmsRequest({}))).rejects.toMatchObject({
        name: 'ClientError',
        code: 'MissingPhoneNumbers',
        statusCode: 400,
      });
      await expect(sendSms(fake, { phoneNumbers: phoneNo(1), signName: SIGN })).rejects.toMatchObject({ code: 'MissingTemplateCode' });
      await expect(smsClient(fake).querySendDetails(new DysmsModule.QuerySendDetailsRequest({ phoneNumber: phoneNo(1) }))).rejects.toMatchObject({
        code: 'MissingSendDate',
      });
    });

    it.each([
      ['a landline', { phoneNumbers: '087112345678' }, 'isv.MOBILE_NUMBER_ILLEGAL'],
      ['one bad number in a list', { phoneNumbers: `${phoneNo(1)},1234` }, 'isv.MOBILE_NUMBER_ILLEGAL'],
      ['an unknown signature', { signName: '别人家' }, 'isv.SMS_SIGNATURE_ILLEGAL'],
      ['an unknown template', { templateCode: 'SMS_1' }, 'isv.SMS_TEMPLATE_ILLEGAL'],
      ['TemplateParam that is not JSON', { templateParam: '{code:1}' }, 'isv.INVALID_JSON_PARAM'],
      ['a number-valued variable', { templateParam: '{"code":123456}' }, 'isv.INVALID_JSON_PARAM'],
      ['a missing variable', { templateParam: '{"other":"1"}' }, 'isv.TEMPLATE_MISSING_PARAMETERS'],
      ['no TemplateParam at all', { templateParam: undefined }, 'isv.TEMPLATE_MISSING_PARAMETERS'],
      ['a 3-character code', { templateParam: '{"code":"123"}' }, 'isv.PARAM_LENGTH_LIMIT'],
      ['a 7-character code', { templateParam: '{"code":"1234567"}' }, 'isv.PARAM_LENGTH_LIMIT'],
    ])('rejects %s', async (_label, override, code) => {
      const fields = { phoneNumbers: phoneNo(1), signName: SIGN, templateCode: VERIFY, templateParam: '{"code":"1234"}', ...override };
      const resp = await sendSms(fake, fields);
      expect(resp.statusCode).toBe(200);
      expect(resp.body?.code).toBe(code);
      expect(fake.messages).toHaveLength(0);
    });

    it('limits notification variables to 35 characters and refuses URLs', async () => {
      const send = (job: string) =>
        sendSms(fake, { phoneNumbers: phoneNo(1), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams(job) });
      expect((await send('工'.repeat(35))).body?.code).toBe('OK');
      expect((await send('工'.repeat(36))).body?.code).toBe('isv.PARAM_LENGTH_LIMIT');
      expect((await send('详见 https://x.cn/a')).body?.code).toBe('isv.PARAM_NOT_SUPPORT_URL');
    });

    it('checks SendBatchSms array shapes', async () => {
      const batch = (fields: Record<string, string>) =>
        smsClient(fake).sendBatchSms(
          new DysmsModule.SendBatchSmsRequest({
            phoneNumberJson: JSON.stringify([phoneNo(1), phoneNo(2)]),
            signNameJson: JSON.stringify([SIGN, SIGN]),
            templateCode: VERIFY,
            templateParamJson: JSON.stringify([{ code: '1111' }, { code: '2222' }]),
            ...fields,
          }),
        );
      expect((await batch({ signNameJson: JSON.stringify([SIGN]) })).body?.code).toBe('isv.INVALID_PARAMETERS');
      expect((await batch({ templateParamJson: JSON.stringify([{ code: '1111' }]) })).body?.code).toBe('isv.INVALID_PARAMETERS');
      expect((await batch({ phoneNumberJson: phoneNo(1) })).body?.code).toBe('isv.INVALID_JSON_PARAM');
      expect((await batch({ templateParamJson: JSON.stringify([{ code: '1111' }, { code: 2222 }]) })).body?.code).toBe('isv.INVALID_JSON_PARAM');
      expect((await batch({ phoneNumberJson: JSON.stringify(Array.from({ length: 101 }, (_, i) => phoneNo(i))) })).body?.code).toBe(
        'isv.MOBILE_COUNT_OVER_LIMIT',
      );
      expect((await batch({ signNameJson: JSON.stringify([SIGN, '别人家']) })).body?.code).toBe('isv.SMS_SIGNATURE_ILLEGAL');
      expect(fake.messages).toHaveLength(0);
      expect((await batch({})).body?.code).toBe('OK');
    });
  });

  describe('QuerySendDetails', () => {
    const query = (phoneNumber: string, sendDate: string, extra: { bizId?: string; pageSize?: number; currentPage?: number } = {}) =>
      smsClient(fake).querySendDetails(
        new DysmsModule.QuerySendDetailsRequest({ phoneNumber, sendDate, pageSize: 10, currentPage: 1, ...extra }),
      );

    it('returns an empty array, never a missing or single object', async () => {
      const resp = await query(phoneNo(1), '20260101');
      expect(resp.body?.code).toBe('OK');
      expect(resp.body?.totalCount).toBe('0'); // the SDK models TotalCount as a string
      expect(resp.body?.smsSendDetailDTOs?.smsSendDetailDTO).toEqual([]);
    });

    it('serves the store by phone, Beijing SendDate, BizId and page, and tracks receipts', async () => {
      const at = new Date('2026-03-01T17:30:00Z'); // 2026-03-02 01:30:00 in Beijing
      const local = await startFakeAliyunSms({ now: () => at, reportDelayMs: Infinity, frequencyLimits: false });
      try {
        const send = (job: string) =>
          sendSms(local, { phoneNumbers: phoneNo(5), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams(job), outId: job });
        const first = await send('采茶工');
        await send('绣娘');
        await send('搬运工');

        const q = (extra: Parameters<typeof query>[2], date = '20260302') =>
          smsClient(local).querySendDetails(
            new DysmsModule.QuerySendDetailsRequest({ phoneNumber: `86${phoneNo(5)}`, sendDate: date, pageSize: 10, currentPage: 1, ...extra }),
          );
        expect((await q({}, '20260301')).body?.totalCount).toBe('0');

        const all = await q({});
        expect(all.body?.totalCount).toBe('3');
        const dto = all.body?.smsSendDetailDTOs?.smsSendDetailDTO?.[0];
        expect(dto).toMatchObject({
          phoneNum: phoneNo(5),
          sendStatus: 1,
          templateCode: NOTIFY,
          outId: '采茶工',
          sendDate: '2026-03-02 01:30:00',
          content: '【归雁就业】元阳县新街镇有新活：采茶工，工钱120元/天。详情请在归雁公众号查看。',
        });
        expect(dto?.receiveDate).toBeUndefined();

        const page2 = await q({ pageSize: 2, currentPage: 2 });
        expect(page2.body?.totalCount).toBe('3');
        expect(page2.body?.smsSendDetailDTOs?.smsSendDetailDTO?.map((d) => d.outId)).toEqual(['搬运工']);

        const byBiz = await q({ bizId: first.body?.bizId ?? '' });
        expect(byBiz.body?.smsSendDetailDTOs?.smsSendDetailDTO?.map((d) => d.outId)).toEqual(['采茶工']);

        await local.pushReports((m) => m.outId === '采茶工');
        const afterReceipt = (await q({ bizId: first.body?.bizId ?? '' })).body?.smsSendDetailDTOs?.smsSendDetailDTO?.[0];
        expect(afterReceipt).toMatchObject({ sendStatus: 3, errCode: 'DELIVERED', receiveDate: '2026-03-02 01:30:00' });
        expect(local.messages.map((m) => m.status)).toEqual([3, 1, 1]);

        expect((await q({ pageSize: 51 })).body?.code).toBe('isv.INVALID_PARAMETERS');
      } finally {
        await local.close();
      }
    });
  });
});

describe('frequency limits (docs/aliyun-sms.md)', () => {
  let clock = new Date('2026-03-02T02:00:00Z'); // 10:00:00 Beijing, the start of a natural hour
  let fake: FakeAliyunSms;
  const advance = (ms: number): void => {
    clock = new Date(clock.getTime() + ms);
  };

  beforeAll(async () => {
    fake = await startFakeAliyunSms({ now: () => clock, reportDelayMs: Infinity });
  });
  afterAll(() => fake.close());

  const code = (phone: string) =>
    sendSms(fake, { phoneNumbers: phone, signName: SIGN, templateCode: VERIFY, templateParam: '{"code":"8888"}' }).then((r) => r.body);

  it('allows verification codes 1/minute and 5/hour in natural windows, 10 per rolling day', async () => {
    const phone = phoneNo(77);
    expect((await code(phone))?.code).toBe('OK');
    advance(30_000);
    expect(await code(phone)).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控Permits:1' });
    expect((await code(phoneNo(78)))?.code).toBe('OK'); // another phone has its own counter

    for (let i = 0; i < 4; i += 1) {
      advance(60_000);
      expect((await code(phone))?.code).toBe('OK');
    }
    advance(60_000);
    expect(await code(phone)).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发小时级流控Permits:5' });

    advance(3600_000); // next natural hour
    for (let i = 0; i < 5; i += 1) {
      expect((await code(phone))?.code).toBe('OK');
      advance(60_000);
    }
    advance(3600_000);
    expect(await code(phone)).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发天级流控Permits:10' });

    advance(24 * 3600_000); // the day window is rolling
    expect((await code(phone))?.code).toBe('OK');
  });

  it('allows 50 notifications per (signature, template, phone) per day', async () => {
    const phone = phoneNo(88);
    const notify = (templateCode: string, templateParam: string) =>
      sendSms(fake, { phoneNumbers: phone, signName: SIGN, templateCode, templateParam }).then((r) => r.body);
    for (let i = 0; i < 50; i += 1) expect((await notify(NOTIFY, notifyParams(`工种${i}`)))?.code).toBe('OK');
    expect(await notify(NOTIFY, notifyParams('又一个'))).toMatchObject({
      code: 'isv.BUSINESS_LIMIT_CONTROL',
      message: '触发天级流控Permits:50',
    });
    expect((await notify('SMS_900000003', JSON.stringify({ name: '李大姐' })))?.code).toBe('OK');
  });
});

describe('SmsReport push (docs/aliyun-sms.md)', () => {
  let fake: FakeAliyunSms | undefined;
  let receiver: Awaited<ReturnType<typeof startReportReceiver>> | undefined;
  afterEach(async () => {
    await fake?.close();
    await receiver?.close();
  });

  it('pushes one JSON array per send after reportDelayMs and marks messages delivered or failed', async () => {
    receiver = await startReportReceiver();
    fake = await startFakeAliyunSms({
      reportUrl: receiver.url,
      reportDelayMs: 30,
      deliver: (phone) =>
        phone.endsWith('9')
          ? { success: false, errCode: 'MK:0001', errMsg: '用户关机' }
          : { success: true, errCode: 'DELIVERED', errMsg: '用户接收成功' },
    });
    const resp = await sendSms(fake, {
      phoneNumbers: `${phoneNo(1)},${phoneNo(9)}`,
      signName: SIGN,
      templateCode: NOTIFY,
      templateParam: notifyParams(),
      outId: 'job-123',
    });
    await sendSms(fake, { phoneNumbers: phoneNo(2), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() });

    const batches = await receiver.waitForBatches(2);
    const first = batches.find((b) => b[0]?.biz_id === resp.body?.bizId);
    expect(first).toHaveLength(2);
    expect(first?.[0]).toEqual({
      phone_number: phoneNo(1),
      send_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      report_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      success: true,
      err_code: 'DELIVERED',
      err_msg: '用户接收成功',
      sms_size: '1',
      biz_id: resp.body?.bizId,
      out_id: 'job-123',
    });
    expect(first?.[1]).toMatchObject({ phone_number: phoneNo(9), success: false, err_code: 'MK:0001' });
    expect(fake.messages.map((m) => m.status)).toEqual([3, 2, 3]);
    expect(fake.reportPushes.every((p) => p.ok && p.attempt === 1)).toBe(true);
  });

  it('re-pushes after a non-200 answer, with bounded attempts', async () => {
    receiver = await startReportReceiver([500, 503, 503]);
    fake = await startFakeAliyunSms({ reportUrl: receiver.url, reportDelayMs: Infinity, reportRetryDelaysMs: [20, 20] });
    await sendSms(fake, { phoneNumbers: phoneNo(1), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() });

    await fake.pushReports();
    expect(fake.reportPushes.map((p) => [p.attempt, p.status, p.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 503, false],
    ]);
    expect(receiver.batches).toHaveLength(3);
    // The receipt itself arrived; only our endpoint failed to take it.
    expect(fake.messages[0]?.status).toBe(3);

    receiver.batches.length = 0;
    await sendSms(fake, { phoneNumbers: phoneNo(2), signName: SIGN, templateCode: NOTIFY, templateParam: notifyParams() });
    await fake.pushReports();
    expect(receiver.batches).toHaveLength(1);
    expect(fake.reportPushes.at(-1)).toMatchObject({ attempt: 1, status: 200, ok: true });
  });
});
