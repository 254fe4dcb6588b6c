import dysms, * as $Dysms from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { classifyBusinessCode, classifySdkError } from './aliyun-errors.js';
import { sameParams, type SmsBatchLimits, type SmsDetail, type SmsProvider, type SmsSendResult } from './sms-provider.js';

// The package is CommonJS with `exports.default = Client`. Under Node's ESM loader (tsx,
// production) the default import is the whole module object; under vitest's loader it is
// already the class. Accept both.
type DysmsClass = typeof dysms.default;
const loaded = dysms as unknown as DysmsClass | { default: DysmsClass };
const DysmsClient: DysmsClass = typeof loaded === 'function' ? loaded : loaded.default;

/** SendBatchSms takes at most 100 numbers; SendSms takes up to 1,000 that share variables. */
export const SEND_SMS_MAX = 1000;
export const SEND_BATCH_SMS_MAX = 100;
export const ALIYUN_LIMITS: SmsBatchLimits = { maxBatch: SEND_SMS_MAX, maxVariedBatch: SEND_BATCH_SMS_MAX };

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** host[:port] only; the SDK builds `${protocol}://${endpoint}/`. */
  endpoint: string;
  protocol: 'https' | 'http';
  timeoutMs: number;
}

/** Aliyun SMS through the official SDK. SDK retries stay off: SendSms is not idempotent. */
export function createAliyunSmsProvider(options: AliyunSmsOptions): SmsProvider {
  const client = new DysmsClient(
    new $OpenApiUtil.Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: options.endpoint,
      protocol: options.protocol,
      readTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
    }),
  );

  async function call(run: () => Promise<{ body?: { code?: string; message?: string; bizId?: string; requestId?: string } }>): Promise<SmsSendResult> {
    try {
      const res = await run();
      const body = res.body ?? {};
      // Business errors arrive as HTTP 200 and resolve normally: check Code ourselves.
      if (body.code === 'OK' && body.bizId) return { ok: true, bizId: body.bizId, requestId: body.requestId };
      const code = body.code ?? 'EmptyResponse';
      return { ok: false, errorClass: body.code ? classifyBusinessCode(code) : 'unknown_outcome', code, message: body.message ?? '' };
    } catch (err) {
      return { ok: false, ...classifySdkError(err) };
    }
  }

  return {
    name: 'aliyun',
    limits: ALIYUN_LIMITS,
    async send(batch) {
      if (batch.recipients.length === 0) throw new Error('empty SMS batch');
      if (sameParams(batch)) {
        if (batch.recipients.length > SEND_SMS_MAX) throw new Error(`SendSms takes at most ${SEND_SMS_MAX} numbers`);
        const first = batch.recipients[0]!;
        return call(() =>
          client.sendSms(
            new $Dysms.SendSmsRequest({
              phoneNumbers: batch.recipients.map((r) => r.phone).join(','),
              signName: batch.signName,
              templateCode: batch.templateCode,
              // Must be a JSON string: an object is silently flattened by the SDK.
              templateParam: JSON.stringify(first.params),
              outId: batch.outId,
            }),
          ),
        );
      }
      if (batch.recipients.length > SEND_BATCH_SMS_MAX) throw new Error(`SendBatchSms takes at most ${SEND_BATCH_SMS_MAX} numbers`);
      return call(() =>
        client.sendBatchSms(
          new $Dysms.SendBatchSmsRequest({
            phoneNumberJson: JSON.stringify(batch.recipients.map((r) => r.phone)),
            signNameJson: JSON.stringify(batch.recipients.map(() => batch.signName)),
            templateCode: batch.templateCode,
            templateParamJson: JSON.stringify(batch.recipients.map((r) => r.params)),
            outId: batch.outId,
          }),
        ),
      );
    },
    async querySendDetails(phone, sendDate, bizId) {
      const details: SmsDetail[] = [];
      for (let page = 1; page <= 20; page++) {
        const res = await client.querySendDetails(
          new $Dysms.QuerySendDetailsRequest({ phoneNumber: phone, sendDate, pageSize: 50, currentPage: page, bizId }),
        );
        const body = res.body;
        if (body?.code !== 'OK') throw new Error(`QuerySendDetails failed: ${body?.code ?? 'no body'} ${body?.message ?? ''}`);
        const rows = body.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
        for (const r of rows) {
          const status = Number(r.sendStatus);
          details.push({
            phone: r.phoneNum ?? phone,
            status: status === 2 || status === 3 ? status : 1,
            errCode: r.errCode ?? null,
            outId: r.outId ?? null,
            bizId: bizId ?? null,
            sendDate: r.sendDate ?? null,
          });
        }
        // TotalCount is typed as a string by the SDK.
        if (details.length >= Number(body.totalCount ?? 0) || rows.length < 50) break;
      }
      return details;
    },
  };
}
