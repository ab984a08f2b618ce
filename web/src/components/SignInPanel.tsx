import { type FormEvent, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { checkUserId } from '../lib/parse-amount';

/**
 * Signing in. Locally: a user id and an admin box, answered by the gateway's Cognito stand-in.
 * Deployed: one button to Cognito's hosted sign-in. Which one shows is the runtime config's call.
 */
export function SignInPanel() {
  const { mode, state, signIn } = useAuth();
  const [userId, setUserId] = useState('');
  const [admin, setAdmin] = useState(false);
  const [fieldError, setFieldError] = useState<string>();
  const [pending, setPending] = useState(false);
  const serverError = state.status === 'signed-out' ? state.error : undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkUserId(userId);
    setFieldError(problem);
    if (problem || pending) return;
    setPending(true);
    try {
      await signIn({ userId: userId.trim(), admin });
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="panel sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      {mode === 'cognito' ? (
        <>
          <p>Sign in with your DasWos account to see your coins.</p>
          <button type="button" className="button button--primary" onClick={() => void signIn()}>
            Sign in
          </button>
        </>
      ) : (
        <form onSubmit={(event) => void onSubmit(event)} noValidate>
          <p className="muted">
            Local development sign-in: any user id gets a wallet. Deployed, this is Cognito.
          </p>
          <div className="field">
            <label htmlFor="sign-in-user">User id</label>
            <input
              id="sign-in-user"
              name="userId"
              autoComplete="username"
              spellCheck={false}
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'sign-in-user-error' : undefined}
              required
            />
            {fieldError ? (
              <p id="sign-in-user-error" className="field-error">
                {fieldError}
              </p>
            ) : null}
          </div>
          <div className="field field--checkbox">
            <input
              id="sign-in-admin"
              type="checkbox"
              checked={admin}
              onChange={(e) => setAdmin(e.target.checked)}
            />
            <label htmlFor="sign-in-admin">Sign in as an admin</label>
          </div>
          <button type="submit" className="button button--primary" aria-disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      <div role="alert">
        {serverError ? <p className="message message--error">{serverError}</p> : null}
      </div>
    </section>
  );
}
