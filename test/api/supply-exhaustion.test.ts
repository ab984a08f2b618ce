import { API, startTestSystem } from '#test/support/test-system';

// Its own file: a process serves one ledger (as a Lambda does), so a second system needs its own.
describe('supply exhaustion over the API', () => {
  it('answers 409 SUPPLY_EXHAUSTED when a giveaway exceeds what DASWOS AI still holds', async () => {
    const api = await startTestSystem({ totalSupply: 100 });
    try {
      const admin = await api.register('admin-1', ['admin']);
      await api.register('carol');
      await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'carol', amount: 60 },
      });

      const response = await api.request('POST', `${API}/give`, {
        token: admin,
        body: { userId: 'carol', amount: 41 },
      });

      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('SUPPLY_EXHAUSTED');
      expect((await api.request('GET', `${API}/supply`)).body).toEqual({
        totalAmount: 100,
        mintedAmount: 60,
        remainingAmount: 40,
      });
      expect((await api.audit()).breaches).toEqual([]);
    } finally {
      await api.stop();
    }
  });
});
