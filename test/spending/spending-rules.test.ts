import {
  captureHoldRequestSchema,
  placeHoldRequestSchema,
  spendRequestSchema,
} from '#shared/api/spending-schemas';
import { ValidationError } from '#shared/errors';
import { createHolds } from '#shared/holds/holds';
import { parseWith } from '#shared/http/request';
import { AmountOverServiceLimitError } from '#shared/services/limits';
import type { ServiceClient } from '#shared/services/service-clients';
import { createSpending } from '#shared/spending/spending';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

const shop: ServiceClient = {
  clientId: 'shop',
  name: 'Shop',
  scopes: ['daswos-coins/spend'],
  maxAmount: 500,
};

/** Each layer on its own: the API schemas, and the domain rules behind them. */
describe('spending rules', () => {
  describe('the API schemas', () => {
    it.each([
      ['spend', spendRequestSchema, { userId: 'alice', amount: 0, feature: 'boost' }],
      ['spend', spendRequestSchema, { userId: 'alice', amount: 1, feature: 'Boost!' }],
      [
        'hold',
        placeHoldRequestSchema,
        { userId: 'alice', amount: 1, feature: 'boost', expiresInSeconds: 59 },
      ],
      [
        'hold',
        placeHoldRequestSchema,
        { userId: 'alice', amount: 1, feature: 'boost', expiresInSeconds: 604_801 },
      ],
      ['capture', captureHoldRequestSchema, { amount: 0 }],
    ])('refuse a bad %s body', (_name, schema, body) => {
      expect(() => parseWith(schema, body)).toThrow(ValidationError);
    });
  });

  describe('the domain, called directly', () => {
    let t: TestLedger;

    beforeAll(async () => {
      t = await createTestLedger();
      await fundedUsers(t, { alice: 1_000 });
    });

    afterAll(async () => {
      await expectLedgerInvariants(t);
      await t.destroy();
    });

    const spend = (fields: Record<string, unknown>) =>
      createSpending(t.ledger.context).spend({
        client: shop,
        userId: 'alice',
        amount: 1,
        feature: 'boost',
        idempotencyKey: `k-${Math.random()}`,
        ...fields,
      });
    const hold = (fields: Record<string, unknown>) =>
      createHolds(t.ledger.context).place({
        client: shop,
        userId: 'alice',
        amount: 1,
        feature: 'boost',
        idempotencyKey: `k-${Math.random()}`,
        ...fields,
      });

    it.each<[string, Record<string, unknown>]>([
      ['an amount of 0', { amount: 0 }],
      ['a fractional amount', { amount: 1.5 }],
      ['a bad feature', { feature: 'Boost!' }],
      ['DASWOS AI as the user', { userId: '0' }],
    ])('refuses a spend and a hold with %s', async (_case, fields) => {
      await expect(spend(fields)).rejects.toBeInstanceOf(ValidationError);
      await expect(hold(fields)).rejects.toBeInstanceOf(ValidationError);
    });

    it('refuses a hold shorter than 60 s or longer than a week', async () => {
      await expect(hold({ expiresInSeconds: 59 })).rejects.toBeInstanceOf(ValidationError);
      await expect(hold({ expiresInSeconds: 604_801 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('refuses more than the service may move at once', async () => {
      await expect(spend({ amount: 501 })).rejects.toBeInstanceOf(AmountOverServiceLimitError);
      await expect(hold({ amount: 501 })).rejects.toBeInstanceOf(AmountOverServiceLimitError);
      expect(await t.ledger.getWallet('alice')).toMatchObject({ balance: 1_000, held: 0 });
    });
  });
});
