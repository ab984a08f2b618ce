import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs; every line of a request carries its Lambda and API Gateway request ids
 * (the HTTP handler sets the correlation id from the event, see shared/http/handler.ts).
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'daswos-coins',
});
