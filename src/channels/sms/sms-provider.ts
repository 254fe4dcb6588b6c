/**
 * The port every SMS channel implements. One call sends one template to up to 1,000
 * recipients; the caller groups recipients, the adapter chooses the vendor operation.
 */
export interface SmsRecipient {
  phone: string;
  /** Template variables for this recipient (strings, each ≤ 35 characters). */
  params: Record<string, string>;
  /** The rendered text without signature, for drivers that do not render themselves. */
  text: string;
}

export interface SmsBatch {
  templateCode: string;
  signName: string;
  /** Correlation id echoed in receipts and QuerySendDetails; finds a call whose answer was lost. */
  outId: string;
  recipients: SmsRecipient[];
}

/** Whether every recipient has the same variables (one SendSms call) or not (SendBatchSms). */
export function sameParams(batch: SmsBatch): boolean {
  const params = batch.recipients[0]?.params ?? {};
  const first = JSON.stringify(params);
  // The notify worker gives equal variables the same object: most checks end at `===`.
  return batch.recipients.every((r) => r.params === params || JSON.stringify(r.params) === first);
}

/**
 * How a failed call should be treated. The classes follow Aliyun's error table
 * (docs/aliyun-sms.md, "Error codes"); the notify worker maps each to one action.
 */
export type SmsErrorClass =
  | 'throttled' // gateway flow control: wait and retry without spending an attempt
  | 'transient' // provider system error or 5xx: bounded retries with backoff
  | 'unknown_outcome' // timeout or connection lost after sending: reconcile before any resend
  | 'invalid_number' // the phone is not a valid mainland mobile: never retry
  | 'phone_limited' // per-phone frequency limit hit: do not retry today
  | 'account' // balance, suspension or account volume cap: pause sending, alert operators
  | 'config' // template, signature, permission or credentials: fail the campaign loudly
  | 'request'; // our request was malformed (a bug): fail this message

export type SmsSendResult =
  | { ok: true; bizId: string; requestId?: string }
  | { ok: false; errorClass: SmsErrorClass; code: string; message: string; retryAfterMs?: number };

export interface SmsDetail {
  phone: string;
  /** 1 waiting for receipt, 2 failed, 3 delivered (Aliyun SendStatus). */
  status: 1 | 2 | 3;
  errCode: string | null;
  outId: string | null;
  bizId: string | null;
  sendDate: string | null;
}

/** How many recipients one call may carry; the sender groups its calls by these. */
export interface SmsBatchLimits {
  /** Recipients that share one template and one set of variables (Aliyun SendSms: 1,000). */
  readonly maxBatch: number;
  /** Recipients of one template with variables of their own (Aliyun SendBatchSms: 100). */
  readonly maxVariedBatch: number;
}

export interface SmsProvider {
  readonly name: 'aliyun' | 'console';
  readonly limits: SmsBatchLimits;
  send(batch: SmsBatch): Promise<SmsSendResult>;
  /** Records of messages sent to one phone on one Beijing date (yyyyMMdd), optionally one BizId. */
  querySendDetails(phone: string, sendDate: string, bizId?: string): Promise<SmsDetail[]>;
}
