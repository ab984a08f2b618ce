import { describe, expect, it, vi } from 'vitest';
import { fakeToken } from '../test-support/fake-api';
import { createLocalAuthenticator, TOKEN_STORAGE_KEY } from './local-authenticator';
import { userFromToken } from './token-claims';

describe('token claims (display only)', () => {
  it('reads the user and the admin group', () => {
    expect(userFromToken(fakeToken('alice', ['admin']))).toMatchObject({
      id: 'alice',
      groups: ['admin'],
      isAdmin: true,
    });
    expect(userFromToken(fakeToken('bob'))).toMatchObject({ id: 'bob', isAdmin: false });
  });

  it('ignores what is not a JWT', () => {
    expect(userFromToken('nonsense')).toBeUndefined();
    expect(userFromToken('a.%%%.c')).toBeUndefined();
  });
});

describe('local sign-in', () => {
  it('asks the stand-in for a token, with the admin group when ticked, and keeps it for the tab', async () => {
    const token = fakeToken('carol', ['admin']);
    const fetcher = vi.fn(async () => new Response(JSON.stringify({ token }), { status: 200 }));
    const auth = createLocalAuthenticator('', fetcher);
    await expect(auth.signIn({ userId: 'carol', admin: true })).resolves.toBe(token);
    expect(fetcher).toHaveBeenCalledWith(
      '/local/token',
      expect.objectContaining({ method: 'POST' }),
    );
    const [, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ sub: 'carol', groups: ['admin'] });
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(token);
    await expect(auth.restore()).resolves.toBe(token);
    await auth.signOut();
    await expect(auth.restore()).resolves.toBeUndefined();
  });

  it('surfaces the API error of a refused sign-in', async () => {
    const fetcher = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'VALIDATION_ERROR', message: 'bad sub' } }), {
          status: 400,
        }),
    );
    await expect(
      createLocalAuthenticator('', fetcher).signIn({ userId: 'x', admin: false }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
