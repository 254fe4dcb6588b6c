import type { SmsErrorClass } from './sms-provider.js';

// Business errors come back as HTTP 200 with Code ≠ "OK" (docs/aliyun-sms.md, "Error codes").
const BUSINESS_CODES: Record<string, SmsErrorClass> = {
  'isv.BUSINESS_LIMIT_CONTROL': 'phone_limited',
  'isv.DAY_LIMIT_CONTROL': 'account',
  'isv.MONTH_LIMIT_CONTROL': 'account',
  'isv.AMOUNT_NOT_ENOUGH': 'account',
  'isv.OUT_OF_SERVICE': 'account',
  'isv.ACCOUNT_ABNORMAL': 'account',
  'isv.ACCOUNT_NOT_EXISTS': 'account',
  'isv.MOBILE_NUMBER_ILLEGAL': 'invalid_number',
  'isv.MOBILE_COUNT_OVER_LIMIT': 'request',
  'isv.TEMPLATE_MISSING_PARAMETERS': 'config',
  'isv.INVALID_JSON_PARAM': 'request',
  'isv.INVALID_PARAMETERS': 'request',
  'isv.PARAM_LENGTH_LIMIT': 'request',
  'isv.PARAM_NOT_SUPPORT_URL': 'request',
  'isv.BLACK_KEY_CONTROL_LIMIT': 'request',
  'isv.SMS_TEMPLATE_ILLEGAL': 'config',
  'isv.SMS_SIGNATURE_ILLEGAL': 'config',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL': 'config',
  'isv.SIGN_STATE_ILLEGAL': 'config',
  'isp.RAM_PERMISSION_DENY': 'config',
  'isp.SYSTEM_ERROR': 'transient',
};

/** Classifies a Code from a 200 response body. */
export function classifyBusinessCode(code: string): SmsErrorClass {
  return BUSINESS_CODES[code] ?? (code.startsWith('isp.') ? 'transient' : 'request');
}

/** Classifies an exception thrown by the SDK (gateway 4xx/5xx, timeouts, network). */
export function classifySdkError(err: unknown): { errorClass: SmsErrorClass; code: string; message: string; retryAfterMs?: number } {
  const e = (err ?? {}) as { name?: string; code?: string; statusCode?: number; message?: string; retryAfter?: number };
  const message = String(e.message ?? err).slice(0, 500);
  if (e.name === 'ThrottlingError' || (e.code ?? '').includes('Throttling')) {
    return { errorClass: 'throttled', code: e.code ?? 'Throttling', message, retryAfterMs: e.retryAfter };
  }
  if (e.name === 'ServerError' || (typeof e.statusCode === 'number' && e.statusCode >= 500)) {
    return { errorClass: 'transient', code: e.code ?? `HTTP${e.statusCode ?? ''}`, message };
  }
  if (e.name === 'ClientError') {
    // Signature, key and timestamp problems are configuration; Missing* is a bug of ours.
    return { errorClass: (e.code ?? '').startsWith('Missing') ? 'request' : 'config', code: e.code ?? 'ClientError', message };
  }
  if (e.name === 'RequestTimeoutError' || /timeout/i.test(message)) {
    return { errorClass: 'unknown_outcome', code: 'Timeout', message };
  }
  const netCode = e.code ?? '';
  // The request never left: nothing was sent, so it is safe to retry.
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(netCode)) {
    return { errorClass: 'transient', code: netCode, message };
  }
  // Reset mid-flight, a proxy's HTML error page, a truncated body: the send may have happened.
  return { errorClass: 'unknown_outcome', code: netCode || e.name || 'Error', message };
}
