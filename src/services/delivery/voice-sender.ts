import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/prisma.js';
import type { VoiceCall, VoiceProvider } from '../../channels/voice/voice-provider.js';
import { nextAllowedCall, nextCallingTime, voiceScript, voiceVariables } from '../../domain/voice-rules.js';
import type { Metrics } from '../../metrics.js';
import type { Claimed } from './channel-router.js';
import type { Outbox } from './outbox.js';

const DAY_MS = 24 * 3600_000;
/** A refused or failed call request is tried again this much later at the earliest. */
const RETRY_CALL_MS = 61_000;

export interface VoiceSenderDeps {
  config: Pick<Config, 'VOICE_CALL_HOURS' | 'VOICE_RECORDINGS'>;
  db: Db;
  outbox: Pick<Outbox, 'callAsSms' | 'takeCallTurn' | 'release' | 'markSent' | 'markFailed' | 'markUnknown' | 'enqueueCallsAt'>;
  voice: VoiceProvider;
  metrics: Pick<Metrics, 'providerCalls' | 'providerLatency'>;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

/** The alert's call as the provider takes it: the station's recording for the opening's type, else the TTS template. */
export function callFor(c: Claimed, outId: string, openingType: string | null, recordings: Readonly<Record<string, string>>, keypress: boolean): VoiceCall {
  const variables = voiceVariables(c.template_params);
  const text = voiceScript(variables, keypress);
  const voiceCode = openingType ? recordings[openingType] : undefined;
  if (voiceCode) return { kind: 'recording', phone: c.phone!, outId, voiceCode, text };
  return { kind: keypress ? 'ivr' : 'tts', phone: c.phone!, outId, variables, text };
}

/**
 * Places the calls of a notify job (docs/aliyun-voice.md): one request per number, inside the
 * calling hours and the number's frequency limits (a call that must wait is put back with a
 * job at the moment it may go), each under its own OutId (`v<id>a<attempt>`: ≤ 15 bytes, as
 * Aliyun allows) so that a receipt finds its call even when the request's answer was lost.
 */
export function createVoiceSender({ config, db, outbox, voice, metrics, log, now = () => new Date() }: VoiceSenderDeps) {
  async function openingTypes(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await db.$queryRaw<{ id: number; day_labour: boolean; form: string }[]>`
      SELECT o.id, o.day_labour, w.form::text AS form FROM openings o JOIN workshops w ON w.id = o.workshop_id WHERE o.id = ANY(${ids}::int[])`;
    return new Map(rows.map((r) => [r.id, r.day_labour ? 'day_labour' : r.form]));
  }

  return {
    /** Sends what can go as a call; returns the counts and the calls that go as SMS instead. */
    async send(rows: Claimed[], claimOutId: string, attempt: number): Promise<{ sent: number; failed: number; waiting: number; bySms: Claimed[] }> {
      const asSms = rows.filter((r) => !r.call_ok || !r.phone);
      if (asSms.length) await outbox.callAsSms(asSms.map((r) => r.id), 'CALLS_STOPPED');
      const calls = rows.filter((r) => r.call_ok && r.phone);
      const types = await openingTypes([...new Set(calls.map((c) => c.opening_id).filter((x): x is number => x !== null))]);
      let sent = 0;
      let failed = 0;
      const waits: { id: bigint; campaignId: number | null; at: Date }[] = [];
      const wait = async (c: Claimed, at: Date, code: string, message: string) => {
        await outbox.release([c.id], code, message);
        waits.push({ id: c.id, campaignId: c.campaign_id, at });
      };
      for (const c of calls) {
        const at = now();
        const open = nextCallingTime(at, config.VOICE_CALL_HOURS);
        if (open > at) {
          await wait(c, open, 'VOICE_HOURS', 'outside calling hours (VOICE_CALL_HOURS): called when they open');
          continue;
        }
        const outId = `v${c.id}a${attempt}`;
        // The number's limits, under its lock; the claim's OutId becomes the call's, so a
        // receipt or the reconciler finds it, and a call to the same number elsewhere waits.
        const turn = await outbox.takeCallTurn({ id: c.id, phone: c.phone!, claimOutId, callOutId: outId }, new Date(at.getTime() - DAY_MS), (past) => nextAllowedCall(past, at), at);
        if ('waitUntil' in turn) {
          await wait(c, nextCallingTime(turn.waitUntil, config.VOICE_CALL_HOURS), 'VOICE_NUMBER_LIMIT', 'this number had its calls for now (1 a minute, 5 an hour, 20 a day)');
          continue;
        }
        if (!turn.held) continue;
        const call = callFor(c, outId, c.opening_id !== null ? (types.get(c.opening_id) ?? null) : null, config.VOICE_RECORDINGS, voice.keypress);
        const operation = call.kind === 'recording' && !voice.keypress ? 'SingleCallByVoice' : call.kind === 'tts' ? 'SingleCallByTts' : 'IvrCall';
        const end = metrics.providerLatency.startTimer({ operation });
        const result = await voice.call(call);
        end();
        metrics.providerCalls.inc({ operation, outcome: result.ok ? 'ok' : result.errorClass });
        if (result.ok) {
          await outbox.markSent([c.id], result.callId);
          sent += 1;
          continue;
        }
        switch (result.errorClass) {
          case 'unknown_outcome':
            // The call may be ringing: never call again blindly; the receipt (by OutId) or the reconciler settles it.
            await outbox.markUnknown([c.id], result.code, result.message);
            log.warn({ outId, code: result.code }, 'call request outcome unknown; left for its receipt');
            break;
          case 'phone_limited':
          case 'throttled':
          case 'transient':
          case 'account':
            if (result.errorClass === 'account') log.error({ code: result.code, message: result.message }, 'voice account problem');
            await wait(c, nextCallingTime(new Date(at.getTime() + RETRY_CALL_MS), config.VOICE_CALL_HOURS), result.code, result.message);
            break;
          default:
            if (result.errorClass === 'config') log.error({ code: result.code, message: result.message }, 'voice template, recording or number rejected');
            await outbox.markFailed([c.id], result.code, result.message);
            failed += 1;
        }
      }
      await outbox.enqueueCallsAt(waits, now());
      return { sent, failed, waiting: waits.length, bySms: asSms };
    },
  };
}

export type VoiceSender = ReturnType<typeof createVoiceSender>;
