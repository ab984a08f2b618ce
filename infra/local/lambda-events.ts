import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';

/** Builds the REST API (v1) proxy event API Gateway sends to a Lambda, for the local gateway. */
export function proxyEvent(request: {
  method: string;
  resource: string;
  path: string;
  pathParameters?: Record<string, string> | null;
  headers: Record<string, string>;
  query: URLSearchParams;
  body: string;
  authorizer: Record<string, string> | null;
  sourceIp: string;
}): APIGatewayProxyEvent {
  const query = [...request.query.keys()];
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: request.headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, [v]]),
    ),
    // A repeated parameter (`?limit=1&limit=7`): the REST proxy's single-valued map keeps the
    // last value, the multi-valued one keeps them all.
    queryStringParameters:
      query.length === 0
        ? null
        : Object.fromEntries(query.map((key) => [key, request.query.getAll(key).at(-1) ?? ''])),
    multiValueQueryStringParameters:
      query.length === 0
        ? null
        : Object.fromEntries(query.map((key) => [key, request.query.getAll(key)])),
    pathParameters: request.pathParameters ?? null,
    stageVariables: null,
    body: request.body === '' ? null : request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: request.authorizer,
      httpMethod: request.method,
      identity: { sourceIp: request.sourceIp, userAgent: request.headers['user-agent'] ?? null },
      path: request.path,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: request.resource,
      stage: 'local',
    } as APIGatewayProxyEvent['requestContext'],
  };
}

export function tokenAuthorizerEvent(
  token: string,
  method: string,
  path: string,
): APIGatewayTokenAuthorizerEvent {
  return {
    type: 'TOKEN',
    authorizationToken: token,
    methodArn: `arn:aws:execute-api:local:000000000000:local/local/${method}${path}`,
  };
}

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
