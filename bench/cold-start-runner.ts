import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { lambdaContext } from '#infra/local/lambda-events';

/**
 * One cold start, in a fresh Node process (built by the bench into plain CommonJS, so no tsx or
 * loader sits between `node` and the bundle): require the bundle, as the Lambda runtime's init
 * does, then serve one invocation. Usage: node runner.js <bundle> <job.json>; prints one line,
 * `BENCH_RESULT {...}`, that the bench reads.
 */
interface Job {
  readonly name: string;
  readonly event: unknown;
  /** Where the Cognito stand-in's JWKS is served, for the authorizers' first verification. */
  readonly jwksUrl?: string;
}

const [bundle, jobFile] = process.argv.slice(2);
if (!bundle || !jobFile) throw new Error('usage: runner.js <bundle> <job.json>');
const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Job;

// On AWS an authorizer's first call fetches the pool's JWKS from Cognito over HTTPS. There is no
// Cognito here, so that one request goes to the stand-in's keys over local HTTP instead: the
// fetch still happens, on a fresh connection, as it would on a cold start.
if (job.jwksUrl) {
  const jwksUrl = job.jwksUrl;
  const original = https.request;
  const redirect = (uri: unknown, ...rest: unknown[]) =>
    String(uri).endsWith('/.well-known/jwks.json')
      ? (http.request as (...args: unknown[]) => http.ClientRequest)(jwksUrl, ...rest)
      : (original as (...args: unknown[]) => http.ClientRequest)(uri, ...rest);
  https.request = redirect as typeof https.request;
}

async function main(): Promise<void> {
  const started = performance.now();
  // A Lambda's init: load the handler's module (and everything it creates at module scope).
  const module = require(bundle as string) as {
    handler: (event: unknown, context: unknown) => Promise<unknown>;
  };
  const loaded = performance.now();
  const result = (await module.handler(job.event, lambdaContext(job.name))) as {
    statusCode?: number;
    policyDocument?: { Statement: { Effect: string }[] };
    batchItemFailures?: unknown[];
  };
  const answered = performance.now();
  // An answer that is an error would time the wrong path: the bench refuses it.
  const ok =
    result.statusCode !== undefined
      ? result.statusCode < 300
      : result.batchItemFailures !== undefined
        ? result.batchItemFailures.length === 0
        : (result.policyDocument?.Statement.every((s) => s.Effect === 'Allow') ?? true);
  const line = {
    ok,
    status: result.statusCode ?? null,
    body: ok ? undefined : JSON.stringify(result).slice(0, 500),
    loadMs: loaded - started,
    invokeMs: answered - loaded,
    coldStartMs: answered - started,
    // performance.now() counts from the process's own start: Node's boot included.
    sinceProcessStartMs: answered,
  };
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(line)}\n`);
  // The SDK keeps its sockets open; a Lambda is frozen here, this process just ends.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ ok: false, body: String(error) })}\n`);
  process.exit(1);
});
