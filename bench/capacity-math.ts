import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * What DynamoDB would bill for the requests the bench captured, by AWS's published rules
 * ("DynamoDB item sizes and formats" and "Read/write capacity mode", developer guide). Pure, so
 * jest covers it (test/bench/capacity-math.test.ts).
 */

/** On-demand prices in us-east-1, USD per million request units, since the 1 Nov 2024 cut. */
export const ON_DEMAND_PRICES = {
  region: 'us-east-1',
  since: '2024-11-01',
  usdPerMillionWriteUnits: 0.625,
  usdPerMillionReadUnits: 0.125,
} as const;

const KB = 1024;
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Leading and trailing zeroes do not count; one byte per two significant digits, plus one. */
export function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE][-+]?\d+$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** The size of one value (without its name). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8Bytes(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  // Lists and maps: 3 bytes, plus one byte and the size of each element (and each map key).
  if (value.L !== undefined) return value.L.reduce((sum, v) => sum + 1 + valueSize(v), 3);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  throw new Error(`Unknown attribute value type: ${Object.keys(value).join(',')}`);
}

/** An item's size: the UTF-8 length of every attribute name plus the size of its value. */
export function itemSize(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + valueSize(value),
    0,
  );
}

/** Standard write: 1 WRU per KB (rounded up) of the larger of the item before and after. */
export function writeUnits(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / KB));
}

/** Transactional write: 2 WRU per KB per item (prepare and commit). */
export function transactionalWriteUnits(sizeBytes: number): number {
  return 2 * writeUnits(sizeBytes);
}

/** Strongly consistent GetItem: 1 RRU per 4 KB (rounded up); eventually consistent: half. */
export function getItemReadUnits(sizeBytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(sizeBytes / (4 * KB)));
  return consistent ? units : units / 2;
}

/** Query: the summed size of every item it read, rounded up to 4 KB, once per request. */
export function queryReadUnits(itemSizes: readonly number[], consistent: boolean): number {
  const total = itemSizes.reduce((sum, size) => sum + size, 0);
  return getItemReadUnits(total, consistent);
}

export function usdPerMillionOperations(writeUnitsPerOp: number, readUnitsPerOp: number): number {
  return (
    writeUnitsPerOp * ON_DEMAND_PRICES.usdPerMillionWriteUnits +
    readUnitsPerOp * ON_DEMAND_PRICES.usdPerMillionReadUnits
  );
}
