import { startLocalSystem } from '#infra/local/local-system';
import { uniqueTablePrefix } from '#test/support/ledger-fixture';

describe('npm start with an invalid REWARD_RULES', () => {
  afterAll(() => {
    delete process.env.REWARD_RULES;
  });

  it('does not start', async () => {
    // Read once per process: this file's process never had a valid catalogue.
    process.env.REWARD_RULES = '[{"action":"daily-login","coins":-5}]';

    await expect(
      startLocalSystem({
        port: 0,
        dynamoEndpoint: process.env.DYNAMODB_ENDPOINT,
        tablePrefix: uniqueTablePrefix(),
      }),
    ).rejects.toThrow(/REWARD_RULES is not a valid reward catalogue: 0.coins/);
  });
});
