import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCESS_KEYS, normalizeMainlandPhone, verifyAcs3 } from './fake-aliyun-sms.js';

/**
 * A local stand-in for Aliyun's voice service (Dyvmsapi 2017-05-25, host dyvmsapi.aliyuncs.com),
 * with the fidelity of the SMS fake (docs/aliyun-voice.md): ACS3 signatures checked, the
 * actions SingleCallByTts, SingleCallByVoice, IvrCall and QueryCallDetailByCallId with their
 * required parameters, approved templates, recordings and display numbers, the per-number
 * frequency limits (1 a minute, 5 an hour, 20 in 24 hours; failed calls count), public mode's
 * refused hours, and VoiceReport / VoiceCallReport receipts pushed to our webhook.
 */

const API_VERSION = '2017-05-25';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const LIMITS = [
  { windowMs: MINUTE_MS, max: 1 },
  { windowMs: HOUR_MS, max: 5 },
  { windowMs: DAY_MS, max: 20 },
];
/** QueryCallDetailByCallId product ids: voice notice, IVR. */
const PROD_NOTICE = '11000000300006';
const PROD_IVR = '11000000300005';

/** How a call ends, per called number (default: answered, heard to the end, no key). */
export interface CallScript {
  status: string;
  dtmf?: string;
  duration?: number;
}

export interface FakeVoiceCall {
  action: string;
  query: Record<string, string>;
  code: string;
  callId?: string;
  at: Date;
}

export interface FakeAliyunVoiceOptions {
  accessKeys?: Record<string, string>;
  /** Approved TTS templates and the variables each needs. */
  ttsTemplates?: Record<string, string[]>;
  /** Approved recordings (VoiceCode). */
  voiceFiles?: string[];
  /** Purchased display numbers (dedicated mode). */
  showNumbers?: string[];
  reportDelayMs?: number;
  /** The business clock (calling hours, limits); the signature's timestamp is judged by the wall clock. */
  now?: () => Date;
}

export interface FakeAliyunVoice {
  endpoint: string;
  calls: FakeVoiceCall[];
  /** VoiceReport pushes go here; VoiceCallReport (keys) to `callReportUrl` when set. */
  setReportUrl(url: string, callReportUrl?: string): void;
  script(phone: string, s: CallScript): void;
  /** The next call to this number is accepted but its answer never comes (a lost response). */
  hangNext(phone: string): void;
  /** Receipts are not pushed (to exercise reconciliation). */
  holdReceipts(on: boolean): void;
  pushes: { url: string; body: unknown[]; status: number }[];
  settled(): Promise<void>;
  close(): Promise<void>;
}

type Reply = { status: number; payload: Record<string, unknown> };
const business = (code: string, message: string): Reply => ({ status: 200, payload: { Code: code, Message: message } });
const gateway = (status: number, code: string, message: string): Reply => ({ status, payload: { Code: code, Message: message, HostId: 'dyvmsapi.aliyuncs.com' } });

function beijing(date: Date): string {
  const b = new Date(date.getTime() + 8 * HOUR_MS);
  return b.toISOString().slice(0, 19).replace('T', ' ');
}

/** Public mode is refused 12:00–14:00 and 21:00–09:00 Beijing time. */
function publicModeRefused(at: Date): boolean {
  const h = new Date(at.getTime() + 8 * HOUR_MS).getUTCHours();
  return (h >= 12 && h < 14) || h >= 21 || h < 9;
}

export async function startFakeAliyunVoice(options: FakeAliyunVoiceOptions = {}): Promise<FakeAliyunVoice> {
  const accessKeys = options.accessKeys ?? DEFAULT_ACCESS_KEYS;
  const templates = options.ttsTemplates ?? { TTS_100001: ['job', 'place', 'pay', 'code'], TTS_100002: ['code'], TTS_100003: [], TTS_100009: [] };
  const voiceFiles = new Set(options.voiceFiles ?? []);
  const showNumbers = new Set(options.showNumbers ?? []);
  const now = options.now ?? (() => new Date());
  const reportDelayMs = options.reportDelayMs ?? 50;
  const calls: FakeVoiceCall[] = [];
  const pushes: FakeAliyunVoice['pushes'] = [];
  const scripts = new Map<string, CallScript>();
  const hang = new Set<string>();
  const placed = new Map<string, number[]>();
  const records = new Map<string, { state: string; duration: number; callee: string; prod: string; at: Date }>();
  const pending = new Set<Promise<void>>();
  let reportUrl = '';
  let callReportUrl = '';
  let held = false;
  let seq = 100000000;

  function limited(phone: string, at: number): boolean {
    const times = placed.get(phone) ?? [];
    return LIMITS.some(({ windowMs, max }) => times.filter((t) => t > at - windowMs).length >= max);
  }

  async function push(url: string, body: unknown[]): Promise<void> {
    // Aliyun pushes again after a failure (1, 5, 10 min); here: at most 3 tries, 50 ms apart.
    for (let attempt = 0; attempt < 3; attempt++) {
      let status = 0;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        status = res.status;
        const answer = (await res.json().catch(() => ({}))) as { code?: unknown };
        pushes.push({ url, body, status });
        if (status === 200 && typeof answer.code === 'number') return;
      } catch {
        pushes.push({ url, body, status });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  function finish(callId: string, q: Record<string, string>, action: string, phone: string): void {
    const script = scripts.get(phone) ?? { status: '200000' };
    const ivr = action === 'IvrCall';
    const answered = ['200000', '200001', '200008'].includes(script.status);
    const duration = answered ? (script.duration ?? 25) : 0;
    const start = now();
    records.set(callId, { state: script.status, duration, callee: phone, prod: ivr ? PROD_IVR : PROD_NOTICE, at: start });
    if (held || !reportUrl) return;
    const dtmf = ivr && answered ? (script.dtmf ?? '') : '';
    const report = {
      call_id: callId,
      originate_time: beijing(start),
      start_time: answered ? beijing(start) : '',
      end_time: beijing(new Date(start.getTime() + duration * 1000)),
      caller: q.CalledShowNumber ?? '',
      callee: phone,
      duration: String(duration),
      status_code: script.status,
      status_msg: answered ? '执行完成' : '呼叫失败',
      hangup_direction: '用户',
      out_id: q.OutId ?? '',
      dtmf,
      voice_type: 'voice',
      toll_type: 'LOCAL',
    };
    const p = (async () => {
      await new Promise((r) => setTimeout(r, reportDelayMs));
      if (dtmf && callReportUrl) {
        await push(callReportUrl, [{ call_id: callId, status_code: '300000', dtmf, status_time: beijing(start), out_id: q.OutId ?? '' }]);
      }
      await push(reportUrl, [report]);
    })();
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }

  function placeCall(action: string, q: Record<string, string>): Reply {
    if (!q.CalledNumber) return gateway(400, 'MissingCalledNumber', 'CalledNumber is mandatory for this action.');
    const phone = normalizeMainlandPhone(q.CalledNumber);
    if (!phone) return business('isv.MOBILE_NUMBER_ILLEGAL', '号码格式非法');
    if (q.OutId !== undefined && (Buffer.byteLength(q.OutId) < 1 || Buffer.byteLength(q.OutId) > 15)) return business('isv.INVALID_PARAMETERS', 'OutId 长度为 1~15 个字节');
    if (q.PlayTimes !== undefined && !/^[1-3]$/.test(q.PlayTimes)) return business('isv.INVALID_PARAMETERS', 'PlayTimes 取值 1~3');
    const show = q.CalledShowNumber;
    if (show && !showNumbers.has(show)) return business('isv.DISPLAY_NUMBER_ILLEGAL', '号显不合法');
    if (action === 'IvrCall' && !show) return gateway(400, 'MissingCalledShowNumber', 'CalledShowNumber is mandatory for this action.');
    if (action === 'SingleCallByTts' || action === 'IvrCall') {
      const code = action === 'IvrCall' ? q.StartCode : q.TtsCode;
      if (!code) return gateway(400, `Missing${action === 'IvrCall' ? 'StartCode' : 'TtsCode'}`, 'mandatory');
      if (code.startsWith('TTS_')) {
        const vars = templates[code];
        if (!vars) return business('isv.TTS_TEMPLATE_ILLEGAL', 'TTS模板不合法');
        let params: Record<string, unknown> = {};
        try {
          params = JSON.parse((action === 'IvrCall' ? q.StartTtsParams : q.TtsParam) ?? '{}') as Record<string, unknown>;
        } catch {
          return business('isv.INVALID_PARAMETERS', '参数异常');
        }
        if (vars.some((v) => typeof params[v] !== 'string' || params[v] === '')) return business('isv.TEMPLATE_MISSING_PARAMETERS', '文本转语音模板参数缺失');
        if (JSON.stringify(params).length >= 250) return business('isv.PARAM_LENGTH_LIMIT', '参数长度受限');
      } else if (!voiceFiles.has(code)) return business('isv.VOICE_FILE_ILLEGAL', '语音文件不合法');
      if (action === 'IvrCall') {
        const keys = Object.keys(q).filter((k) => /^MenuKeyMap\.\d+\.Key$/.test(k));
        if (keys.length === 0) return gateway(400, 'MissingMenuKeyMap', 'MenuKeyMap is mandatory for this action.');
        for (const k of keys) {
          const menuCode = q[k.replace(/Key$/, 'Code')];
          if (!menuCode || (menuCode.startsWith('TTS_') ? !templates[menuCode] : !voiceFiles.has(menuCode))) return business('isv.TEMPLATE_ILLEGAL', '模板非法或不存在');
        }
      }
    } else if (action === 'SingleCallByVoice') {
      if (!q.VoiceCode) return gateway(400, 'MissingVoiceCode', 'VoiceCode is mandatory for this action.');
      if (!voiceFiles.has(q.VoiceCode)) return business('isv.VOICE_FILE_ILLEGAL', '语音文件不合法');
    }
    const at = now();
    if (!show && publicModeRefused(at)) return business('isv.VOICE_ROBOT_NOT_PERIOD', '发送时间不能在限制时段内');
    if (limited(phone, at.getTime())) return business('isv.BUSINESS_LIMIT_CONTROL', '触发流控');
    placed.set(phone, [...(placed.get(phone) ?? []), at.getTime()]);
    const callId = `${++seq}^${crypto.randomInt(100000000, 999999999)}`;
    finish(callId, q, action, phone);
    return { status: 200, payload: { Code: 'OK', Message: 'OK', CallId: callId } };
  }

  function queryDetail(q: Record<string, string>): Reply {
    for (const name of ['CallId', 'ProdId', 'QueryDate']) if (!q[name]) return gateway(400, `Missing${name}`, `${name} is mandatory for this action.`);
    const r = records.get(q.CallId!);
    // ProdId and the day must match the call, or Data comes back empty (docs/aliyun-voice.md).
    const sameDay = r && Math.abs(Number(q.QueryDate) - r.at.getTime()) < DAY_MS;
    if (!r || r.prod !== q.ProdId || !sameDay) return { status: 200, payload: { Code: 'OK', Message: 'OK', Data: '' } };
    const data = { callee: r.callee, state: r.state, stateDesc: r.state, duration: r.duration, gmtCreate: beijing(r.at), startDate: beijing(r.at), endDate: beijing(r.at) };
    return { status: 200, payload: { Code: 'OK', Message: 'OK', Data: JSON.stringify(data) } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const isForm = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const q = { ...Object.fromEntries(url.searchParams), ...(isForm ? Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) : {}) };
      const action = String(req.headers['x-acs-action'] ?? '');
      const call: FakeVoiceCall = { action, query: q, code: '', at: now() };
      calls.push(call);
      let reply: Reply;
      const verdict = verifyAcs3(req, raw, (id) => accessKeys[id]);
      const stamp = Date.parse(String(req.headers['x-acs-date'] ?? ''));
      if (req.headers['x-acs-version'] !== API_VERSION) reply = gateway(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
      else if (!verdict.ok) reply = gateway(verdict.code === 'InvalidAccessKeyId.NotFound' ? 404 : 400, verdict.code, 'signature check failed');
      else if (Number.isNaN(stamp) || Math.abs(Date.now() - stamp) > 15 * MINUTE_MS) reply = gateway(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
      else if (['SingleCallByTts', 'SingleCallByVoice', 'IvrCall'].includes(action)) reply = placeCall(action, q);
      else if (action === 'QueryCallDetailByCallId') reply = queryDetail(q);
      else reply = gateway(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      call.code = String(reply.payload.Code);
      if (typeof reply.payload.CallId === 'string') call.callId = reply.payload.CallId;
      const phone = normalizeMainlandPhone(q.CalledNumber ?? '');
      if (phone && hang.has(phone) && call.code === 'OK') {
        hang.delete(phone);
        return; // accepted, answer never sent: the client times out
      }
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ RequestId: crypto.randomUUID().toUpperCase(), ...reply.payload }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    calls,
    pushes,
    setReportUrl(url, callUrl) {
      reportUrl = url;
      callReportUrl = callUrl ?? '';
    },
    script(phone, s) {
      scripts.set(phone, s);
    },
    hangNext(phone) {
      hang.add(phone);
    },
    holdReceipts(on) {
      held = on;
    },
    async settled() {
      await Promise.all([...pending]);
    },
    async close() {
      await Promise.all([...pending]);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
