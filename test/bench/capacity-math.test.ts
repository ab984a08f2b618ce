import {
  getItemReadUnits,
  itemSize,
  numberSize,
  queryReadUnits,
  transactionalWriteUnits,
  usdPerMillionOperations,
  valueSize,
  writeUnits,
} from '../../bench/capacity-math';

describe('item sizes (AWS: "DynamoDB item sizes and formats")', () => {
  test('a string is its UTF-8 bytes; names count too', () => {
    expect(valueSize({ S: 'abc' })).toBe(3);
    expect(valueSize({ S: 'é' })).toBe(2);
    expect(itemSize({ user_id: { S: 'alice' } })).toBe(7 + 5);
  });

  test('a number is one byte per two significant digits plus one; zeroes trimmed', () => {
    expect(numberSize('7')).toBe(2);
    expect(numberSize('1000000000')).toBe(2);
    expect(numberSize('123456')).toBe(4);
    expect(numberSize('-0.0125')).toBe(3);
    expect(numberSize('0')).toBe(2);
  });

  test('booleans and nulls are one byte; binaries their raw length; sets their elements', () => {
    expect(valueSize({ BOOL: false })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
    expect(valueSize({ B: new Uint8Array(10) })).toBe(10);
    expect(valueSize({ SS: ['ab', 'cde'] })).toBe(5);
  });

  test('lists and maps: 3 bytes, plus one byte per element', () => {
    expect(valueSize({ L: [] })).toBe(3);
    expect(valueSize({ L: [{ S: 'ab' }, { N: '1' }] })).toBe(3 + (1 + 2) + (1 + 2));
    expect(valueSize({ M: { k: { S: 'v' } } })).toBe(3 + 1 + (1 + 1));
  });

  test('a wallet item as the ledger writes it', () => {
    const wallet = {
      user_id: { S: 'bench-sender' },
      balance: { N: '9999999' },
      last_updated: { S: '2026-11-24T06:55:08.050Z' },
    };
    expect(itemSize(wallet)).toBe(7 + 12 + 7 + 5 + 12 + 24);
  });
});

describe('capacity units', () => {
  test('writes: 1 WRU per KB rounded up, transactional twice that', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(transactionalWriteUnits(300)).toBe(2);
    expect(transactionalWriteUnits(2048)).toBe(4);
  });

  test('GetItem: 1 RRU per 4 KB consistent, half eventually consistent; a miss still costs', () => {
    expect(getItemReadUnits(0, true)).toBe(1);
    expect(getItemReadUnits(4096, true)).toBe(1);
    expect(getItemReadUnits(4097, true)).toBe(2);
    expect(getItemReadUnits(100, false)).toBe(0.5);
  });

  test('Query: the items summed, then rounded up to 4 KB once', () => {
    expect(queryReadUnits(Array(21).fill(250), false)).toBe(1);
    expect(queryReadUnits(Array(10).fill(100), true)).toBe(1);
    expect(queryReadUnits([], false)).toBe(0.5);
  });

  test('USD per million operations at $0.625/M WRU and $0.125/M RRU', () => {
    expect(usdPerMillionOperations(8, 1)).toBeCloseTo(5.125);
    expect(usdPerMillionOperations(0, 2)).toBeCloseTo(0.25);
  });
});
