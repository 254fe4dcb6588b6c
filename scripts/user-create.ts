import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/prisma.js';
import { createAuditLog } from '../src/services/access/audit-log.js';
import { createConsoleUserService, createUserSchema } from '../src/services/access/console-user-service.js';

/**
 * npm run user:create -- --name admin --role admin [--divisions 532528,532529] [--employer 3]
 * Creates a console user, e.g. the very first admin. The password comes from GUIYAN_USER_PASSWORD,
 * or is asked for on the terminal (never as an argument: it would stay in the shell history).
 */
const { values } = parseArgs({
  options: { name: { type: 'string' }, role: { type: 'string', default: 'admin' }, divisions: { type: 'string' }, employer: { type: 'string' } },
});

/** Reads a line from the terminal without echoing it (raw mode: we see each key, the terminal shows none). */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let line = '';
    const cleanup = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          return resolve(line);
        }
        if (ch === '\u0003' || ch === '\u0004') {
          cleanup();
          return reject(new Error('cancelled'));
        }
        line = ch === '\u007f' || ch === '\b' ? [...line].slice(0, -1).join('') : line + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('set GUIYAN_USER_PASSWORD, or run in a terminal to type the password');
  const first = await readHidden('密码 password: ');
  const again = await readHidden('再输入一次 again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

const config = loadConfig(process.env);
const db = createDb(config.DATABASE_URL, { max: 2 });
try {
  const password = process.env.GUIYAN_USER_PASSWORD ?? (await askPassword());
  const parsed = createUserSchema.safeParse({
    name: values.name,
    password,
    role: values.role,
    divisionPrefixes: values.divisions ? values.divisions.split(',').map((s) => s.trim()).filter(Boolean) : [],
    employerId: values.employer ? Number(values.employer) : undefined,
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`${i.path.join('.') || 'input'}: ${i.message}`);
    process.exitCode = 1;
  } else {
    const users = createConsoleUserService({ db, audit: createAuditLog({ db }), passwordCost: config.CONSOLE_PASSWORD_COST });
    const u = await users.create({ actor: 'cli:user-create', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null }, parsed.data);
    console.log(`created console user ${u.name} (${u.role}, id ${u.id}); sign in at /console/login`);
  }
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
