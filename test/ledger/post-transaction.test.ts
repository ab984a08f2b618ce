import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InsufficientFundsError, ValidationError, WalletFrozenError } from '#shared/errors';
import { postTransaction } from '#shared/ledger/post-transaction';
import { newRecord, transactionIdFor } from '#shared/ledger/transaction';
import {
  createTestLedger,
  expectLedgerInvariants,
  fundedUsers,
  type TestLedger,
} from '#test/support/ledger-fixture';

/** A transfer record from alice to bob, as the transfer operation would write it. */
function transferRecord(amount: number, key: string) {
  return newRecord({
    transactionId: transactionIdFor('transfer', { owner: 'alice', key }),
    type: 'transfer',
    from: 'alice',
    to: 'bob',
    amount,
    referenceId: undefined,
    description: undefined,
    initiatedBy: 'alice',
    requestHash: key,
    now: new Date(),
  });
}

describe('posting', () => {
  let t: TestLedger;

  beforeEach(async () => {
    t = await createTestLedger();
    await fundedUsers(t, { alice: 1_000, bob: 0 });
  });

  afterEach(async () => {
    await expectLedgerInvariants(t);
    await t.destroy();
  });

  const balances = async () => ({
    alice: await t.ledger.getBalance('alice'),
    bob: await t.ledger.getBalance('bob'),
  });
  const setFrozen = (userId: string, frozen: boolean) =>
    t.db.send(
      new UpdateCommand({
        TableName: t.tables.wallets,
        Key: { user_id: userId },
        UpdateExpression: 'SET frozen = :frozen',
        ExpressionAttributeValues: { ':frozen': frozen },
      }),
    );

  it('refuses to debit a frozen wallet inside the transaction, and writes nothing', async () => {
    await setFrozen('alice', true);

    await expect(
      postTransaction(t.ledger.context, {
        record: transferRecord(10, 'frozen-1'),
        debit: { userId: 'alice', mustCover: true },
        credit: { userId: 'bob' },
      }),
    ).rejects.toBeInstanceOf(WalletFrozenError);

    expect(await balances()).toEqual({ alice: 1_000, bob: 0 });
  });

  it('still credits a frozen wallet, and debits it again once unfrozen', async () => {
    await setFrozen('bob', true);
    await postTransaction(t.ledger.context, {
      record: transferRecord(10, 'to-frozen'),
      debit: { userId: 'alice', mustCover: true },
      credit: { userId: 'bob' },
    });
    await setFrozen('alice', false);

    const result = await t.ledger.transfer({ from: 'alice', to: 'bob', amount: 5 });

    expect(result.balance).toBe(985);
    expect(await balances()).toEqual({ alice: 985, bob: 15 });
  });

  it('says insufficient funds, not frozen, for an unfrozen wallet that cannot cover', async () => {
    await setFrozen('alice', false);

    await expect(
      t.ledger.transfer({ from: 'alice', to: 'bob', amount: 1_001 }),
    ).rejects.toBeInstanceOf(InsufficientFundsError);
  });

  it('commits a companion write with the posting, and cancels the posting when it fails', async () => {
    // A companion is another item of the same operation: here a marker on carol's wallet.
    await fundedUsers(t, { carol: 0 });
    const companion = (key: string) => ({
      write: {
        Update: {
          TableName: t.tables.wallets,
          Key: { user_id: 'carol' },
          UpdateExpression: 'SET marker = :key',
          ConditionExpression: 'attribute_not_exists(marker)',
          ExpressionAttributeValues: { ':key': key },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      explain: (old: Record<string, unknown> | undefined) =>
        new ValidationError(`marker already ${String(old?.marker)}`),
    });

    await postTransaction(t.ledger.context, {
      record: transferRecord(10, 'companion-1'),
      debit: { userId: 'alice', mustCover: true },
      credit: { userId: 'bob' },
      companions: [companion('first')],
    });
    await expect(
      postTransaction(t.ledger.context, {
        record: transferRecord(20, 'companion-2'),
        debit: { userId: 'alice', mustCover: true },
        credit: { userId: 'bob' },
        companions: [companion('second')],
      }),
    ).rejects.toThrow('marker already first');

    expect(await balances()).toEqual({ alice: 990, bob: 10 });
  });

  it('applies extra wallet updates and explains their failed condition', async () => {
    const limited = {
      userId: 'alice',
      mustCover: true,
      extra: {
        set: ['sends = if_not_exists(sends, :zero) + :one'],
        condition: '(attribute_not_exists(sends) OR sends < :max)',
        values: { ':zero': 0, ':one': 1, ':max': 1 },
        explain: (old: Record<string, unknown> | undefined) =>
          (old?.sends as number) >= 1 ? new ValidationError('one send only') : undefined,
      },
    };

    await postTransaction(t.ledger.context, {
      record: transferRecord(1, 'extra-1'),
      debit: limited,
      credit: { userId: 'bob' },
    });
    await expect(
      postTransaction(t.ledger.context, {
        record: transferRecord(1, 'extra-2'),
        debit: limited,
        credit: { userId: 'bob' },
      }),
    ).rejects.toThrow('one send only');

    const { Item } = await t.db.send(
      new GetCommand({ TableName: t.tables.wallets, Key: { user_id: 'alice' } }),
    );
    expect(Item).toMatchObject({ balance: 999, sends: 1 });
  });

  describe('a debit from held coins (fromHeld)', () => {
    /** Arranged as a hold would leave the wallet: 100 of alice's coins held, not in balance. */
    const holdCoins = (held: number) =>
      t.db.send(
        new UpdateCommand({
          TableName: t.tables.wallets,
          Key: { user_id: 'alice' },
          UpdateExpression: 'SET balance = balance - :held, held = :held',
          ExpressionAttributeValues: { ':held': held },
        }),
      );
    const walletOf = async () =>
      (await t.db.send(new GetCommand({ TableName: t.tables.wallets, Key: { user_id: 'alice' } })))
        .Item;

    it('takes the amount from held and returns the released rest to the balance, in one write', async () => {
      await holdCoins(100);

      await postTransaction(t.ledger.context, {
        record: transferRecord(60, 'from-held'),
        debit: { userId: 'alice', mustCover: true, fromHeld: { release: 40 } },
        credit: { userId: 'bob' },
      });

      expect(await walletOf()).toMatchObject({ balance: 940, held: 0 });
      expect(await t.ledger.getBalance('bob')).toBe(60);
    });

    it('refuses when held does not cover amount + release, whatever the balance, and writes nothing', async () => {
      await holdCoins(50);

      await expect(
        postTransaction(t.ledger.context, {
          record: transferRecord(40, 'held-short'),
          debit: { userId: 'alice', mustCover: true, fromHeld: { release: 20 } },
          credit: { userId: 'bob' },
        }),
      ).rejects.toBeInstanceOf(InsufficientFundsError);

      expect(await walletOf()).toMatchObject({ balance: 950, held: 50 });
      // No hold item explains these held coins: put them back before the audit.
      await t.db.send(
        new UpdateCommand({
          TableName: t.tables.wallets,
          Key: { user_id: 'alice' },
          UpdateExpression: 'SET balance = balance + held REMOVE held',
        }),
      );
    });
  });
});
