import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';

/** Structured JSON logs; every line of a request carries its Lambda and API Gateway request ids. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'daswos-coins',
  correlationIdSearchFn: search,
});
