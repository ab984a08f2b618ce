import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import {
  AUTHORIZER_CACHE_SECONDS,
  type GatewayResponseType,
  gatewayResponseBody,
  gatewayResponses,
  headersTooLargeResponse,
  REQUEST_HEADER_LIMIT_BYTES,
} from '#infra/gateway-responses';
import { lambdaContext, proxyEvent, tokenAuthorizerEvent } from '#infra/local/lambda-events';
import { policyAllows } from '#infra/local/policy';
import { matchRoute } from '#infra/local/route-match';
import { API_BASE_PATH, type RouteDefinition } from '#infra/routes';

type ProxyHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;
type Authorizer = (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

/** A route that exists only on a laptop (the Cognito and Stripe stand-ins). */
export interface LocalRoute {
  readonly method: string;
  readonly path: string;
  handle(request: {
    body: string;
    query: URLSearchParams;
    headers: Record<string, string>;
  }): Promise<{
    status: number;
    headers?: Record<string, string>;
    body: string;
  }>;
}

export interface LocalGateway {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface LocalGatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly routes: readonly RouteDefinition[];
  readonly localRoutes?: readonly LocalRoute[];
  /** Serves anything no route claims (the built web page); 404 when absent. */
  readonly fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}

/** API Gateway's cap on the request line and headers, rather than Node's 16 KB. */
const SERVER_OPTIONS = { maxHeaderSize: REQUEST_HEADER_LIMIT_BYTES };

/** API Gateway's own limit is 10 MB; nothing in this API comes close to 1 MB. */
const MAX_BODY_BYTES = 1024 * 1024;

async function loadHandler<T>(name: string): Promise<T> {
  const module = (await import(`#functions/${name}`)) as { handler: T };
  return module.handler;
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
) {
  response.writeHead(status, headers);
  response.end(body);
}

function sendGatewayResponse(response: ServerResponse, type: GatewayResponseType) {
  send(
    response,
    gatewayResponses[type].statusCode,
    { 'content-type': 'application/json' },
    gatewayResponseBody(type),
  );
}

function singleValuedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i];
    const value = request.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) headers[name] = value;
  }
  return headers;
}

/** What to answer a request Node refused, by Node's error code. */
function clientErrorAnswer(nodeCode: string | undefined) {
  if (nodeCode === 'HPE_HEADER_OVERFLOW') return headersTooLargeResponse;
  if (nodeCode === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { statusCode: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long' };
  }
  return { statusCode: 400, code: 'BAD_REQUEST', message: 'The request is not valid HTTP' };
}

/**
 * A request Node refuses before any route sees it. Node's own answer is a bare status line (431
 * with no body for over-long headers); callers get the API's JSON error format instead.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { statusCode, code, message } = clientErrorAnswer(error.code);
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\n` +
      'content-type: application/json\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}

/**
 * API Gateway on a laptop: the same route table, the same authorizer functions, the same REST
 * proxy event shape and the same handlers as the deployed stack.
 */
export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const handlers = new Map<string, ProxyHandler>();
  for (const route of options.routes)
    handlers.set(route.handler, await loadHandler<ProxyHandler>(route.handler));
  const authorizers = {
    user: await loadHandler<Authorizer>('authorize-user'),
    admin: await loadHandler<Authorizer>('authorize-admin'),
    service: await loadHandler<Authorizer>('authorize-service'),
  };
  type GuardedCaller = keyof typeof authorizers;

  type Decision =
    | { context: Record<string, string> }
    | { rejected: 'UNAUTHORIZED' | 'ACCESS_DENIED' };
  // API Gateway caches each authorizer's answer (its policy) per token and evaluates the cached
  // policy against every request's method ARN; so does the local gateway.
  const answers = new Map<string, { answer: APIGatewayAuthorizerResult; expires: number }>();

  function evaluate(answer: APIGatewayAuthorizerResult, methodArn: string): Decision {
    if (!policyAllows(answer.policyDocument, methodArn)) return { rejected: 'ACCESS_DENIED' };
    const context = Object.fromEntries(
      Object.entries(answer.context ?? {}).map(([key, value]) => [key, String(value)]),
    );
    return { context: { principalId: answer.principalId, ...context } };
  }

  async function authorize(
    route: RouteDefinition,
    headers: Record<string, string>,
    path: string,
  ): Promise<Decision | { context: null }> {
    if (!isGuarded(route.caller)) return { context: null };
    const token = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === 'authorization',
    )?.[1];
    if (!token) return { rejected: 'UNAUTHORIZED' };
    const event = tokenAuthorizerEvent(token, route.method, path);
    const key = `${route.caller} ${token}`;
    const cached = answers.get(key);
    if (cached && cached.expires > Date.now()) return evaluate(cached.answer, event.methodArn);
    let answer: APIGatewayAuthorizerResult;
    try {
      answer = await authorizers[route.caller](event);
    } catch {
      // An authorizer that throws "Unauthorized" is not cached by API Gateway either.
      return { rejected: 'UNAUTHORIZED' };
    }
    answers.set(key, { answer, expires: Date.now() + AUTHORIZER_CACHE_SECONDS * 1000 });
    return evaluate(answer, event.methodArn);
  }

  function isGuarded(caller: RouteDefinition['caller']): caller is GuardedCaller {
    return caller in authorizers;
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const local = options.localRoutes?.find((r) => r.method === method && r.path === url.pathname);
    const matched = matchRoute(options.routes, method, url.pathname);
    const route = matched?.route;
    if (!local && !route) {
      if (
        !url.pathname.startsWith(`${API_BASE_PATH}/`) &&
        (await options.fallback?.(request, response))
      )
        return;
      return sendGatewayResponse(response, 'MISSING_AUTHENTICATION_TOKEN');
    }
    const body = await readBody(request);
    if (body === undefined) return sendGatewayResponse(response, 'REQUEST_TOO_LARGE');
    const headers = singleValuedHeaders(request);
    if (local) {
      const answer = await local.handle({ body, query: url.searchParams, headers });
      return send(
        response,
        answer.status,
        answer.headers ?? { 'content-type': 'application/json' },
        answer.body,
      );
    }
    if (!route) return;
    const auth = await authorize(route, headers, url.pathname);
    if ('rejected' in auth) return sendGatewayResponse(response, auth.rejected);
    const handler = handlers.get(route.handler);
    if (!handler) return sendGatewayResponse(response, 'DEFAULT_5XX');
    const event = proxyEvent({
      method,
      resource: `${API_BASE_PATH}${route.path}`,
      path: url.pathname,
      pathParameters: matched?.pathParameters ?? null,
      headers,
      query: url.searchParams,
      body,
      authorizer: auth.context,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    });
    const result = await handler(event, lambdaContext(route.handler));
    const payload = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    const resultHeaders = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    send(response, result.statusCode, resultHeaders, payload);
  }

  const server: Server = createServer(SERVER_OPTIONS, (request, response) => {
    serve(request, response).catch((error: unknown) => {
      // A handler that throws past its middlewares is a Lambda error: API Gateway answers 502.
      console.error('local gateway: unhandled error', error);
      if (!response.headersSent) sendGatewayResponse(response, 'DEFAULT_5XX');
      else response.destroy();
    });
  });
  server.on('clientError', answerClientError);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
