/**
 * Starts the REST API: listen on HOST:PORT, and on SIGINT/SIGTERM close gracefully (stop
 * accepting, finish requests, abort running renders, which are re-queued at the next start,
 * and stop webhook timers, which resume at the next start).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type ServerConfig } from './config.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The address it listens on, e.g. `http://127.0.0.1:3000`. */
  address: string;
  close(): Promise<void>;
}

/** Builds the app for `config` and listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const app = await buildApp(config);
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info({ publicUrl: config.publicUrl, dataDir: config.dataDir }, `framesmith API listening on ${address}; docs at ${config.publicUrl}/docs`);
  return { app, address, close: () => app.close() };
}

/**
 * Runs the server until SIGINT or SIGTERM; resolves when it has closed. A second signal
 * during the close exits at once.
 */
export async function runServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const server = await startServer(loadConfig(env));
  await new Promise<void>((resolve) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) process.exit(130);
      closing = true;
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(resolve, (err: unknown) => {
        server.app.log.error({ err }, 'error while closing');
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

// `node dist/server/server.js` runs the server directly.
if (import.meta.url === `file://${process.argv[1]}`) {
  runServer().catch((err: unknown) => {
    process.stderr.write(`framesmith: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
