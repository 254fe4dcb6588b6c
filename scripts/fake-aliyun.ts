/**
 * Runs the fake Aliyun SMS server standalone so the whole system can be exercised offline.
 *
 *   npx tsx scripts/fake-aliyun.ts [--port 18080] [--report-url http://127.0.0.1:3000/sms/report]
 *                                  [--templates templates.json] [--sign 归雁就业 ...] [--report-delay-ms 500]
 *
 * `--templates` is a JSON file `{ "SMS_123": { "vars": ["code"], "text": "您的验证码为${code}", "kind": "verification" } }`.
 * Point the SDK at it with endpoint `127.0.0.1:<port>`, protocol `http`, AccessKeyId
 * `LTAItestAccessKeyId`, AccessKeySecret `testAccessKeySecret`.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  DEFAULT_ACCESS_KEYS,
  DEFAULT_SIGN_NAME,
  DEFAULT_TEMPLATES,
  startFakeAliyunSms,
  type FakeTemplate,
} from '../tests/fakes/fake-aliyun-sms.js';

const templateFile = z.record(
  z.string(),
  z.object({
    vars: z.array(z.string()),
    text: z.string(),
    kind: z.enum(['notification', 'promotion', 'verification']).optional(),
  }),
);

async function loadTemplates(path: string | undefined): Promise<Record<string, FakeTemplate>> {
  if (path === undefined) return { ...DEFAULT_TEMPLATES };
  return templateFile.parse(JSON.parse(await readFile(path, 'utf8')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '18080' },
      'report-url': { type: 'string' },
      'report-delay-ms': { type: 'string', default: '500' },
      templates: { type: 'string' },
      sign: { type: 'string', multiple: true },
    },
  });
  const port = Number(values.port);
  const reportDelayMs = Number(values['report-delay-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${values.port}`);
  if (!Number.isFinite(reportDelayMs) || reportDelayMs < 0) throw new Error(`--report-delay-ms: ${values['report-delay-ms']}`);

  const templates = await loadTemplates(values.templates);
  const signNames = values.sign ?? [DEFAULT_SIGN_NAME];
  const reportUrl = values['report-url'];
  const fake = await startFakeAliyunSms({
    port,
    signNames,
    templates,
    reportDelayMs,
    ...(reportUrl === undefined ? {} : { reportUrl }),
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });

  const [[accessKeyId, accessKeySecret] = []] = Object.entries(DEFAULT_ACCESS_KEYS);
  console.log(`fake Aliyun SMS listening: endpoint ${fake.endpoint} (protocol http)`);
  console.log(`  AccessKeyId ${accessKeyId} / AccessKeySecret ${accessKeySecret}`);
  console.log(`  signatures: ${signNames.join(', ')}`);
  console.log(`  templates:  ${Object.keys(templates).join(', ')}`);
  console.log(`  SmsReport:  ${reportUrl ?? '(no --report-url: receipts are not pushed)'}`);

  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
