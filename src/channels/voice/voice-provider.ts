import type { SmsErrorClass } from '../sms/sms-provider.js';
import type { VoiceVariables } from '../../domain/voice-rules.js';

/**
 * The port every voice channel implements: one call to one number (Aliyun takes one called
 * number per request, docs/aliyun-voice.md). What is played is chosen by the caller: the
 * approved TTS template with the alert's variables (with or without the keypress menu), or a
 * station's approved recording.
 */
export type VoiceCall =
  | { kind: 'tts'; phone: string; outId: string; variables: VoiceVariables; text: string }
  | { kind: 'ivr'; phone: string; outId: string; variables: VoiceVariables; text: string }
  | { kind: 'recording'; phone: string; outId: string; voiceCode: string; text: string };

/** Failures are read as SMS failures are (src/channels/sms/sms-provider.ts), by the same classes. */
export type VoiceCallResult =
  | { ok: true; callId: string; requestId?: string }
  | { ok: false; errorClass: SmsErrorClass; code: string; message: string };

/** What QueryCallDetailByCallId says of a call; null fields when the provider has no record yet. */
export interface VoiceCallDetail {
  /** The carrier's status code (200000 answered …), or null while the call is unknown. */
  state: string | null;
  duration: number;
  callee: string | null;
}

export interface VoiceProvider {
  readonly name: 'aliyun' | 'console';
  /** Whether IvrCall (keypress menu) is configured; otherwise calls say to apply by text. */
  readonly keypress: boolean;
  call(call: VoiceCall): Promise<VoiceCallResult>;
  /** The record of one call, for calls whose receipt did not come (reconciliation). */
  queryCall(callId: string, placedAt: Date): Promise<VoiceCallDetail>;
}
