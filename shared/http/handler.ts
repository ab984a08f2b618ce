import { correlationPaths } from '@aws-lambda-powertools/logger/correlationId';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { httpErrorResponses } from '#shared/http/errors';
import { logger } from '#shared/logger';

export type HttpHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/**
 * Every API function is this: structured logs tagged with the request ids, lower-cased headers,
 * and errors turned into JSON answers. The handler itself only parses, calls the ledger, answers.
 */
export function httpHandler(handler: HttpHandler) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>(handler)
    .use(
      injectLambdaContext(logger, {
        resetKeys: true,
        correlationIdPath: correlationPaths.API_GATEWAY_REST,
      }),
    )
    .use(httpHeaderNormalizer())
    .use(httpErrorResponses());
}
