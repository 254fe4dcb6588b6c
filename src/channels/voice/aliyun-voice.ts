import openapi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import { classifyBusinessCode, classifySdkError } from '../sms/aliyun-errors.js';
import type { VoiceCall, VoiceCallDetail, VoiceCallResult, VoiceProvider } from './voice-provider.js';

// The package is CommonJS with `exports.default = Client` (see the SMS driver for why both shapes).
type OpenApiClass = typeof openapi.default;
const loaded = openapi as unknown as OpenApiClass | { default: OpenApiClass };
const OpenApiClient: OpenApiClass = typeof loaded === 'function' ? loaded : loaded.default;

export const DYVMS_VERSION = '2017-05-25';

/** How long IvrCall waits for a key after the message (ms). */
const IVR_KEY_TIMEOUT_MS = 8000;

/** QueryCallDetailByCallId's product ids (docs/aliyun-voice.md, "Reconciliation"). */
export const PROD_ID = { notice: 11000000300006, ivr: 11000000300005 } as const;

export interface AliyunVoiceOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** host[:port] only. */
  endpoint: string;
  protocol: 'https' | 'http';
  timeoutMs: number;
  /** Empty: public mode (no CalledShowNumber). */
  calledShowNumber: string | undefined;
  ttsCode: string;
  /** MenuKeyMap: what key 1, 2, 9 play; empty turns IvrCall off. */
  keyCodes: Readonly<Record<string, string>>;
  playTimes: number;
}

/**
 * Aliyun's voice service (Dyvmsapi 2017-05-25) through `@alicloud/openapi-core`'s generic RPC
 * call, signed ACS3-HMAC-SHA256 exactly as the SMS SDK signs (docs/aliyun-voice.md). Retries
 * stay off: a call request is not idempotent, and a second call rings the worker twice.
 */
export function createAliyunVoiceProvider(o: AliyunVoiceOptions): VoiceProvider {
  const client = new OpenApiClient(
    new $OpenApiUtil.Config({
      accessKeyId: o.accessKeyId,
      accessKeySecret: o.accessKeySecret,
      endpoint: o.endpoint,
      protocol: o.protocol,
      readTimeout: o.timeoutMs,
      connectTimeout: o.timeoutMs,
    }),
  );
  const keypress = Object.keys(o.keyCodes).length > 0 && Boolean(o.calledShowNumber);
  // Runtime options are read field by field (timeouts come from the config above); none set
  // means no retry policy, which is what a non-idempotent call needs.
  const runtime = {} as never;

  async function rpc(action: string, query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const params = new $OpenApiUtil.Params({
      action,
      version: DYVMS_VERSION,
      protocol: o.protocol.toUpperCase(),
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    // `OpenApiUtil.query` flattens MenuKeyMap into MenuKeyMap.1.Key, MenuKeyMap.1.Code … (RPC style).
    const req = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
    const res = (await client.callApi(params, req, runtime)) as { body?: Record<string, unknown> };
    return res.body ?? {};
  }

  /** What each key plays; the 报名 answer may read the code back. */
  const menu = (v: { code: string }) =>
    Object.entries(o.keyCodes).map(([Key, Code]) => ({ Key, Code, ...(Code.startsWith('TTS_') ? { TtsParams: JSON.stringify({ code: v.code }) } : {}) }));

  function request(call: VoiceCall): { action: string; query: Record<string, unknown> } {
    const show = o.calledShowNumber ? { CalledShowNumber: o.calledShowNumber } : {};
    const common = { ...show, CalledNumber: call.phone, PlayTimes: o.playTimes, OutId: call.outId };
    switch (call.kind) {
      case 'recording':
        // With the keypress menu on, a recording opens an IvrCall (StartCode takes a voice id too).
        if (keypress) return { action: 'IvrCall', query: { ...common, StartCode: call.voiceCode, MenuKeyMap: menu({ code: '' }), Timeout: IVR_KEY_TIMEOUT_MS } };
        return { action: 'SingleCallByVoice', query: { ...common, VoiceCode: call.voiceCode } };
      case 'ivr':
        return {
          action: 'IvrCall',
          query: {
            ...common,
            StartCode: o.ttsCode,
            StartTtsParams: JSON.stringify(call.variables),
            MenuKeyMap: menu(call.variables),
            Timeout: IVR_KEY_TIMEOUT_MS,
          },
        };
      case 'tts':
        return { action: 'SingleCallByTts', query: { ...common, TtsCode: o.ttsCode, TtsParam: JSON.stringify(call.variables) } };
    }
  }

  return {
    name: 'aliyun',
    keypress,
    async call(call): Promise<VoiceCallResult> {
      const { action, query } = request(call.kind === 'ivr' && !keypress ? { ...call, kind: 'tts' } : call);
      try {
        const body = await rpc(action, query);
        const code = typeof body.Code === 'string' ? body.Code : undefined;
        const callId = typeof body.CallId === 'string' ? body.CallId : undefined;
        // Business errors arrive as HTTP 200 with Code ≠ OK, as with SMS.
        if (code === 'OK' && callId) return { ok: true, callId, requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined };
        return { ok: false, errorClass: code ? classifyVoiceCode(code) : 'unknown_outcome', code: code ?? 'EmptyResponse', message: String(body.Message ?? '') };
      } catch (err) {
        return { ok: false, ...classifySdkError(err) };
      }
    },
    async queryCall(callId, placedAt): Promise<VoiceCallDetail> {
      const body = await rpc('QueryCallDetailByCallId', {
        CallId: callId,
        // Every call is an IvrCall once the keypress menu is on.
        ProdId: keypress ? PROD_ID.ivr : PROD_ID.notice,
        QueryDate: placedAt.getTime(),
      });
      if (body.Code !== 'OK') throw new Error(`QueryCallDetailByCallId failed: ${String(body.Code)} ${String(body.Message ?? '')}`);
      // Data is a JSON document in a string (docs/aliyun-voice.md); empty while the record is not ready.
      const data = typeof body.Data === 'string' && body.Data ? (JSON.parse(body.Data) as Record<string, unknown>) : {};
      const state = data.state === undefined || data.state === null || data.state === '' ? null : String(data.state);
      return { state, duration: Number(data.duration ?? 0) || 0, callee: typeof data.callee === 'string' ? data.callee : null };
    },
  };
}

/** Voice's business codes (docs/aliyun-voice.md, "Error codes") on the SMS driver's classes. */
export function classifyVoiceCode(code: string): ReturnType<typeof classifyBusinessCode> {
  switch (code) {
    case 'isv.BUSINESS_LIMIT_CONTROL':
      return 'phone_limited';
    case 'isv.VOICE_CALL_PERIOD_ERROR':
    case 'isv.VOICE_ROBOT_NOT_PERIOD':
      return 'throttled';
    case 'isv.TTS_TEMPLATE_ILLEGAL':
    case 'isv.TEMPLATE_ILLEGAL':
    case 'isv.VOICE_FILE_ILLEGAL':
    case 'isv.DISPLAY_NUMBER_ILLEGAL':
    case 'isv.BILLID_NOT_EXIST':
    case 'isv.PRODUCT_UNSUBSCRIBE':
    case 'isv.PRODUCT_UN_SUBSCRIPT':
      return 'config';
    case 'isv.TEMPLATE_PARAMS_ILLEGAL':
      return 'request';
    case 'isv.COMPLAINT_REJECT':
    case 'isv.VOICE_CALL_FAIL':
      return 'phone_limited';
    default:
      return classifyBusinessCode(code);
  }
}
