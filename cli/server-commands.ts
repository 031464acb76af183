/**
 * The `serve` and `keys` commands of the framesmith CLI: run the REST API, and create, list,
 * revoke and credit API keys in the server's database (DATA_DIR / DATABASE_PATH, the same
 * settings as the server; safe while the server runs).
 */
import { parseArgs } from 'node:util';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const SERVER_USAGE = `  framesmith serve [--port N] [--host H] [--data-dir DIR]     (same as npm start; settings: README "REST API")
  framesmith keys create --name NAME [--credits N]             prints the new key alone on stdout
  framesmith keys list
  framesmith keys revoke <keyId>
  framesmith keys credit <keyId> <N>                           adds N credits (negative removes)`;

/** Usage mistakes exit 2 with one line. */
class ServerUsageError extends Error {}

/** Environment overridden by the serve flags. */
function envWith(flags: { port?: string; host?: string; 'data-dir'?: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(flags.port !== undefined ? { PORT: flags.port } : {}),
    ...(flags.host !== undefined ? { HOST: flags.host } : {}),
    ...(flags['data-dir'] !== undefined ? { DATA_DIR: flags['data-dir'] } : {}),
  };
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args, allowPositionals: false,
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  // The flag is named in its own error (the environment variable it sets would be named otherwise).
  if (values.port !== undefined && !(/^\d{1,5}$/.test(values.port) && Number(values.port) <= 65535)) {
    throw new ServerUsageError(`--port must be a port number (0..65535), got "${values.port}"`);
  }
  const { runServer } = await import('../server/server.js');
  await runServer(envWith(values));
  return 0;
}

function wholeNumber(flag: string, raw: string | undefined, allowNegative: boolean): number | undefined {
  if (raw === undefined) return undefined;
  if (!(allowNegative ? /^-?\d+$/ : /^\d+$/).test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new ServerUsageError(`${flag} must be a whole number${allowNegative ? '' : ' ≥ 0'}, got "${raw}"`);
  }
  return Number(raw);
}

async function keys(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: { name: { type: 'string', short: 'n' }, credits: { type: 'string' }, 'data-dir': { type: 'string' } },
  });
  const { loadConfig } = await import('../server/config.js');
  const { createStore } = await import('../server/store/store.js');
  const config = loadConfig(envWith(values));
  const open = () => createStore(config.databasePath);
  // Each subcommand takes only its own arguments: a stray one is a mistake, not something to drop.
  const only = (what: string, positionalCount: number, flags: Array<keyof typeof values>) => {
    if (positionals.length > positionalCount) throw new ServerUsageError(`keys ${sub} takes ${what}; unexpected "${positionals[positionalCount]}"`);
    const extra = (Object.keys(values) as Array<keyof typeof values>).find((f) => f !== 'data-dir' && !flags.includes(f));
    if (extra) throw new ServerUsageError(`keys ${sub} takes ${what}; unexpected --${extra}`);
  };
  switch (sub) {
    case 'create': {
      only('--name NAME [--credits N]', 0, ['name', 'credits']);
      if (!values.name || values.name.trim() === '') throw new ServerUsageError('keys create needs --name NAME');
      const credits = wholeNumber('--credits', values.credits, false) ?? config.defaultCredits;
      const store = open();
      try {
        const { key, record } = store.keys.create(values.name.trim(), credits);
        io.out(key);
        io.err(`created ${record.id} "${record.name}" with ${credits} credits in ${config.databasePath}`);
        io.err(`webhook signing secret: ${record.webhookSecret} (also at GET /api/v1/webhooks/secret)`);
        io.err('the key is shown once: keep it now');
      } finally {
        store.close();
      }
      return 0;
    }
    case 'list': {
      only('no arguments', 0, []);
      const store = open();
      try {
        const rows = store.keys.list();
        io.out(['id', 'name', 'key', 'credits', 'created', 'status'].join('\t'));
        for (const k of rows) {
          io.out([k.id, k.name, k.keyPrefix, String(k.credits), k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active'].join('\t'));
        }
      } finally {
        store.close();
      }
      return 0;
    }
    case 'revoke': {
      only('one key id', 1, []);
      const [id, extra] = positionals;
      if (!id || extra !== undefined) throw new ServerUsageError('keys revoke needs one key id (see keys list)');
      const store = open();
      try {
        if (!store.keys.revoke(id)) {
          io.err(`framesmith: no key ${id}`);
          return 1;
        }
        io.err(`revoked ${id}`);
      } finally {
        store.close();
      }
      return 0;
    }
    case 'credit': {
      only('a key id and a whole number', 2, []);
      const [id, amount, extra] = positionals;
      const delta = wholeNumber('the amount', amount, true);
      if (!id || delta === undefined || extra !== undefined) throw new ServerUsageError('keys credit needs a key id and a whole number');
      const store = open();
      try {
        if (!store.keys.get(id)) {
          io.err(`framesmith: no key ${id}`);
          return 1;
        }
        store.keys.addCredits(id, delta, 'grant');
        io.out(String(store.keys.balance(id)));
      } finally {
        store.close();
      }
      return 0;
    }
    default:
      throw new ServerUsageError(sub === undefined ? 'keys needs a subcommand: create, list, revoke or credit' : `unknown keys subcommand "${sub}"`);
  }
}

/** Runs `serve` or `keys`; resolves to the exit code. */
export async function serverCommand(command: 'serve' | 'keys', args: string[], io: Io): Promise<number> {
  try {
    return command === 'serve' ? await serve(args) : await keys(args, io);
  } catch (err) {
    const usage = err instanceof ServerUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(`framesmith: ${err instanceof Error ? err.message : String(err)}${usage ? ' (see framesmith help)' : ''}`);
    return usage ? 2 : 1;
  }
}
