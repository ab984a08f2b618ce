import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../api/api-client';
import type { ReferralResponse } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { describeError } from '../lib/error-messages';
import { COINS_PATH } from '../lib/navigation';
import { forgetReferralOffer, referralOffer } from '../lib/referral-offer';
import { useCoins } from '../state/coins-context';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';
import { FormMessages } from './FormMessages';

/** Answers after which the offered code can never be claimed: it is not offered again. */
const FINAL_REFUSALS = new Set([
  'REFERRAL_ALREADY_CLAIMED',
  'REFERRAL_NOT_ELIGIBLE',
  'REFERRAL_CODE_NOT_FOUND',
  'VALIDATION_ERROR',
]);

/**
 * The caller's referral code and how to share it, what it has earned, and the claim of a
 * friend's code: offered from `?ref=CODE`, or typed in.
 */
export function ReferralCard() {
  const { api, handleAuthError } = useCoins();
  const signedIn = useAuth().state.status === 'signed-in';
  const [summary, setSummary] = useState<ReferralResponse>();
  const [loadError, setLoadError] = useState<string>();
  const [code, setCode] = useState(() => referralOffer() ?? '');
  const [pending, setPending] = useState(false);
  const [success, setSuccess] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!signedIn) return;
    api.referral().then(setSummary, (failure: unknown) => {
      if (!handleAuthError(failure)) setLoadError(describeError(failure));
    });
  }, [api, handleAuthError, signedIn]);

  async function claim(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || code.trim() === '') return;
    setPending(true);
    setError(undefined);
    try {
      await api.claimReferral(code.trim());
      forgetReferralOffer();
      setSuccess(
        `Code ${code.trim().toUpperCase()} claimed: your first purchase earns you a referral bonus.`,
      );
    } catch (failure) {
      if (handleAuthError(failure)) return;
      if (failure instanceof ApiError && FINAL_REFUSALS.has(failure.code)) forgetReferralOffer();
      setError(describeError(failure));
    } finally {
      setPending(false);
    }
  }

  const link = summary ? `${window.location.origin}${COINS_PATH}?ref=${summary.code}` : undefined;
  return (
    <section className="panel" aria-labelledby="referral-heading">
      <h2 id="referral-heading">Invite friends</h2>
      {loadError ? <p role="alert">{loadError}</p> : null}
      {summary ? (
        <>
          <p>
            Your referral code: <strong data-testid="referral-code">{summary.code}</strong>
          </p>
          <p className="muted">
            Share <a href={link}>{link}</a>. When a friend who used it makes their first purchase,
            you both receive DasWos coins.
          </p>
          <p>
            {summary.referredCount} {summary.referredCount === 1 ? 'friend' : 'friends'} joined with
            your code; you earned <DasWosCoinDisplay amount={summary.earnedCoins} />.
          </p>
        </>
      ) : null}
      {success ? null : (
        <form onSubmit={(event) => void claim(event)} noValidate>
          <div className="field">
            <label htmlFor="referral-claim-code">A friend's referral code</label>
            <input
              id="referral-claim-code"
              value={code}
              autoComplete="off"
              onChange={(event) => setCode(event.target.value)}
            />
          </div>
          <button type="submit" className="button" aria-disabled={pending}>
            {pending ? 'Claiming…' : 'Use this code'}
          </button>
        </form>
      )}
      <FormMessages {...(success ? { success } : {})} {...(error ? { error } : {})} />
    </section>
  );
}
