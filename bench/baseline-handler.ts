import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { createDocumentClient } from '#shared/dynamo/client';

/**
 * The bench's yardstick: the smallest useful function on the same SDK packages and client
 * settings as the ledger's (`@aws-sdk/lib-dynamodb`, one client per process), doing one GetItem.
 * Every bundle size and cold start is reported as a multiple of this one's.
 */
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });

export const handler = async (): Promise<APIGatewayProxyResult> => {
  const { Item } = await db.send(
    new GetCommand({
      TableName: process.env.WALLETS_TABLE,
      Key: { user_id: process.env.BASELINE_USER_ID ?? '0' },
      ConsistentRead: true,
    }),
  );
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? null) };
};
