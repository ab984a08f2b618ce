import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { clearLocalState, writeLocalState } from '#infra/local/local-state';
import { LOCAL_DEFAULTS, startLocalSystem } from '#infra/local/local-system';
import { staticSite } from '#infra/local/static-site';
import { ensureWebBuild } from '#infra/local/web-build';

/** Each step with the seconds since the process started (npm's and tsx's own start included). */
const log = (line: string) =>
  console.info(`[${(performance.now() / 1000).toFixed(1).padStart(4)} s] ${line}`);

/** `.env` fills in what the environment leaves unset: the environment wins. */
function loadDotEnv(path = '.env'): void {
  if (!existsSync(path)) return;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    process.env[name] ??= value;
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const port = Number(process.env.PORT ?? LOCAL_DEFAULTS.PORT);
  const dataDir = resolve(process.env.DATA_DIR ?? LOCAL_DEFAULTS.DATA_DIR ?? '.data');
  const started = performance.now();
  log(`DasWos Coins: starting on port ${port} (data in ${dataDir})`);
  // The page is (re)built, when its sources changed, while DynamoDB Local starts.
  const [built, starting] = await Promise.allSettled([
    ensureWebBuild({ log }),
    startLocalSystem({
      port,
      host: process.env.HOST ?? '127.0.0.1',
      dataDir,
      // The web page beside the API, as CloudFront serves it in AWS.
      fallback: staticSite(),
      log,
    }),
  ]);
  if (starting.status === 'rejected') throw starting.reason;
  const system = starting.value;
  if (built.status === 'rejected') {
    await system.stop();
    throw built.reason;
  }
  writeLocalState(dataDir, { endpoint: system.dynamoEndpoint, pid: process.pid });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`\n${signal}: stopping the gateway and DynamoDB Local…`);
    clearLocalState(dataDir);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.info(
    `DasWos Coins is listening on http://localhost:${system.gateway.port} (data in ${dataDir}; started in ${seconds} s)`,
  );
  console.info(
    system.stripe
      ? 'Stripe: local stand-in (no STRIPE_SECRET_KEY); checkout pages under /local/stripe/'
      : 'Stripe: the API with STRIPE_SECRET_KEY; forward webhooks with `stripe listen`',
  );
}

main().catch((error: unknown) => {
  console.error('DasWos Coins could not start:', error);
  process.exit(1);
});
