import fc from 'fast-check';
import { findDuplicateKey } from '#shared/http/duplicate-keys';

describe('findDuplicateKey', () => {
  it.each([
    ['{"amount":1,"amount":7}', 'amount'],
    ['{"a":{"b":1,"b":2}}', 'a.b'],
    ['{"items":[{"id":1},{"id":2,"id":3}]}', 'items.1.id'],
    ['[{"x":1},{"y":[1,{"z":0,"z":0}]}]', '1.y.1.z'],
    ['{"a\\u0062":1,"ab":2}', 'ab'],
    ['{ "a" : 1 , "a" : 1 }', 'a'],
  ])('finds the repeated key in %s', (text, path) => {
    expect(findDuplicateKey(text)).toBe(path);
  });

  it.each([
    '{"amount":1,"toUserId":"bob"}',
    '{"a":{"a":{"a":1}}}',
    '[{"id":1},{"id":2}]',
    '{"text":"\\"amount\\":1,\\"amount\\":2","amount":3}',
    '{"a":"{\\"b\\":1,\\"b\\":2}"}',
    '"amount"',
    '[]',
    '{}',
  ])('finds none in %s', (text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
  });

  it('finds none in any JSON that JSON.stringify writes (keys are unique there)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(findDuplicateKey(JSON.stringify(value))).toBeUndefined();
      }),
    );
  });
});
