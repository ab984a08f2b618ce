import { LOCAL_SERVICE_CLIENTS, parseServiceClients } from '#shared/services/service-clients';

describe('SERVICE_CLIENTS', () => {
  it('parses client id -> name, scopes and largest amount', () => {
    const clients = parseServiceClients(JSON.stringify(LOCAL_SERVICE_CLIENTS));

    expect(clients.get('shop')).toEqual({
      clientId: 'shop',
      name: 'DasWos Shop',
      scopes: ['daswos-coins/spend'],
      maxAmount: 100_000,
    });
    expect([...clients.keys()]).toEqual(['shop', 'rewards']);
  });

  it.each([
    ['unset', undefined],
    ['empty', ' '],
    ['not JSON', '{shop:'],
    ['an array', '[]'],
    ['an unknown scope', '{"shop":{"name":"Shop","scopes":["daswos-coins/admin"],"maxAmount":5}}'],
    ['no scope', '{"shop":{"name":"Shop","scopes":[],"maxAmount":5}}'],
    [
      'a fractional maxAmount',
      '{"shop":{"name":"Shop","scopes":["daswos-coins/spend"],"maxAmount":1.5}}',
    ],
    [
      'a maxAmount over the supply',
      '{"shop":{"name":"Shop","scopes":["daswos-coins/spend"],"maxAmount":1000000001}}',
    ],
    [
      'an unknown field',
      '{"shop":{"name":"Shop","scopes":["daswos-coins/spend"],"maxAmount":5,"admin":true}}',
    ],
    [
      'a client id with spaces',
      '{"my shop":{"name":"Shop","scopes":["daswos-coins/spend"],"maxAmount":5}}',
    ],
  ])('refuses a value that is %s', (_case, raw) => {
    expect(() => parseServiceClients(raw)).toThrow(/SERVICE_CLIENTS is not valid/);
  });
});
