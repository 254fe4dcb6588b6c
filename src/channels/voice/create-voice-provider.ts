import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { createAliyunVoiceProvider } from './aliyun-voice.js';
import { createConsoleVoiceProvider } from './console-voice.js';
import type { VoiceProvider } from './voice-provider.js';

/** VOICE_DRIVER=off: no call is placed (alerts to workers who get calls go as SMS, see outbox `callsTo`). */
const OFF: VoiceProvider = {
  name: 'console',
  keypress: false,
  async call() {
    return { ok: false, errorClass: 'config', code: 'VOICE_OFF', message: 'VOICE_DRIVER=off' };
  },
  async queryCall() {
    return { state: null, duration: 0, callee: null };
  },
};

export function createVoiceProvider(config: Config, log: Logger): VoiceProvider {
  if (config.VOICE_DRIVER === 'aliyun') {
    return createAliyunVoiceProvider({
      accessKeyId: config.ALIYUN_ACCESS_KEY_ID ?? '',
      accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET ?? '',
      endpoint: config.VOICE_ENDPOINT,
      protocol: config.VOICE_PROTOCOL,
      timeoutMs: config.VOICE_TIMEOUT_MS,
      calledShowNumber: config.VOICE_CALLED_SHOW_NUMBER,
      ttsCode: config.VOICE_TTS_CODE ?? '',
      keyCodes: config.VOICE_IVR_KEY_CODES,
      playTimes: config.VOICE_PLAY_TIMES,
    });
  }
  if (config.VOICE_DRIVER === 'console') return createConsoleVoiceProvider(log.child({ channel: 'voice-console' }));
  return OFF;
}
