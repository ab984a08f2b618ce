import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { describeError } from '../lib/error-messages';
import { loadDraft, saveDraft } from '../lib/form-draft';
import { coinLabel, formatCoins } from '../lib/format-coins';
import { checkNote, checkUserId, parseAmount } from '../lib/parse-amount';
import { useSubmission } from '../lib/use-submission';
import { FormMessages } from './FormMessages';

export interface CoinFormValues {
  readonly userId: string;
  readonly amount: number;
  readonly note: string | undefined;
}

export interface CoinFormProps {
  readonly idPrefix: string;
  readonly userIdLabel: string;
  readonly noteLabel: string;
  readonly submitLabel: string;
  readonly pendingLabel: string;
  /** An extra check on the recipient (e.g. not yourself): a message, or undefined when fine. */
  readonly checkRecipient?: (userId: string) => string | undefined;
  /** Moves the coins; returns the message to announce. Throws ApiError on refusal. */
  readonly onSubmit: (values: CoinFormValues, idempotencyKey: string) => Promise<string>;
  /** Turns an expired session into a sign-out instead of an inline message. */
  readonly onAuthError?: (error: unknown) => boolean;
  /** Where what was typed is kept through a session end (see form-draft); none when absent. */
  readonly draftKey?: string;
  /** With it, the details are shown for confirmation before anything is sent. */
  readonly confirmation?: {
    /** "Send 250 DasWos coins to bob?" */
    readonly question: (values: CoinFormValues) => string;
    readonly confirmLabel: string;
  };
  /** The coins the user can move: shown under the amount, with a Max shortcut. */
  readonly available?: number | undefined;
}

interface Draft {
  readonly userId: string;
  readonly amount: string;
  readonly note: string;
}

/**
 * The form behind both transfers and admin giveaways: a user id, an amount and a note, checked
 * here with the API's own rules, sent once per submission (see useSubmission), with the outcome
 * in live regions and the invalid field marked and described.
 */
export function CoinForm(props: CoinFormProps) {
  const uid = useId();
  const ids = {
    user: `${props.idPrefix}-user`,
    amount: `${props.idPrefix}-amount`,
    note: `${props.idPrefix}-note`,
    userError: `${uid}-user-error`,
    amountError: `${uid}-amount-error`,
    noteError: `${uid}-note-error`,
    confirm: `${uid}-confirm`,
  };
  const [draft] = useState(() => loadDraft<Draft>(props.draftKey));
  const [userId, setUserId] = useState(draft.userId ?? '');
  const [amount, setAmount] = useState(draft.amount ?? '');
  const [note, setNote] = useState(draft.note ?? '');
  useEffect(
    () => saveDraft(props.draftKey, { userId, amount, note }),
    [props.draftKey, userId, amount, note],
  );
  const [fieldErrors, setFieldErrors] = useState<{ user?: string; amount?: string; note?: string }>(
    {},
  );
  const [success, setSuccess] = useState<string>();
  const [error, setError] = useState<string>();
  const { submit, pending, resetKey } = useSubmission();
  const [awaiting, setAwaiting] = useState<CoinFormValues>();
  const confirmRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (awaiting) confirmRef.current?.focus();
  }, [awaiting]);

  function edit(setter: (value: string) => void) {
    return (value: string) => {
      setter(value);
      // Changed details are confirmed again.
      setAwaiting(undefined);
      // Different details are a different request: it must not reuse the last key.
      resetKey();
    };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const recipient = userId.trim();
    const userError = checkUserId(recipient) ?? props.checkRecipient?.(recipient);
    const parsed = parseAmount(amount);
    const amountError = 'error' in parsed ? parsed.error : undefined;
    const noteError = checkNote(note.trim());
    setFieldErrors({ user: userError, amount: amountError, note: noteError });
    setSuccess(undefined);
    if (userError || noteError || 'error' in parsed) {
      setError('Please correct the highlighted fields.');
      return;
    }
    setError(undefined);
    const values = { userId: recipient, amount: parsed.amount, note: note.trim() || undefined };
    if (props.confirmation) setAwaiting(values);
    else await send(values);
  }

  async function send(values: CoinFormValues) {
    const recipient = values.userId;
    await submit(async (key) => {
      try {
        setSuccess(await props.onSubmit(values, key));
        setAwaiting(undefined);
        setUserId('');
        setAmount('');
        setNote('');
      } catch (failure) {
        setAwaiting(undefined);
        if (!props.onAuthError?.(failure)) setError(describeError(failure, { recipient }));
        // Rethrown so that useSubmission keeps the key: sending the same form again after a lost
        // answer replays the first request instead of moving the coins twice.
        throw failure;
      }
    }).catch(() => undefined);
  }

  return (
    <form className="coin-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div className="field">
        <label htmlFor={ids.user}>{props.userIdLabel}</label>
        <input
          id={ids.user}
          name="userId"
          autoComplete="off"
          spellCheck={false}
          value={userId}
          onChange={(e) => edit(setUserId)(e.target.value)}
          aria-invalid={fieldErrors.user ? true : undefined}
          aria-describedby={fieldErrors.user ? ids.userError : undefined}
          required
        />
        {fieldErrors.user ? (
          <p id={ids.userError} className="field-error">
            {fieldErrors.user}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.amount}>Amount (coins)</label>
        <input
          id={ids.amount}
          name="amount"
          inputMode="numeric"
          autoComplete="off"
          value={amount}
          onChange={(e) => edit(setAmount)(e.target.value)}
          aria-invalid={fieldErrors.amount ? true : undefined}
          aria-describedby={fieldErrors.amount ? ids.amountError : undefined}
          required
        />
        {fieldErrors.amount ? (
          <p id={ids.amountError} className="field-error">
            {fieldErrors.amount}
          </p>
        ) : null}
        {props.available !== undefined ? (
          <p className="field-hint">
            <span>Available: {coinLabel(props.available)}</span>
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => edit(setAmount)(formatCoins(props.available ?? 0))}
              aria-label={`Max: send all ${coinLabel(props.available)}`}
            >
              Max
            </button>
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.note}>
          {props.noteLabel} <span className="muted">(optional)</span>
        </label>
        <input
          id={ids.note}
          name="note"
          value={note}
          onChange={(e) => edit(setNote)(e.target.value)}
          aria-invalid={fieldErrors.note ? true : undefined}
          aria-describedby={fieldErrors.note ? ids.noteError : undefined}
        />
        {fieldErrors.note ? (
          <p id={ids.noteError} className="field-error">
            {fieldErrors.note}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--primary" aria-disabled={pending}>
        {pending ? props.pendingLabel : props.submitLabel}
      </button>
      {awaiting && props.confirmation ? (
        <section
          className="confirm"
          aria-labelledby={ids.confirm}
          tabIndex={-1}
          ref={confirmRef}
          data-testid={`${props.idPrefix}-confirm`}
        >
          <p id={ids.confirm} className="confirm__question">
            {props.confirmation.question(awaiting)}
          </p>
          {awaiting.note ? <p className="confirm__note">Note: {awaiting.note}</p> : null}
          {props.available !== undefined ? (
            <p className={awaiting.amount > props.available ? 'message message--error' : 'muted'}>
              {awaiting.amount > props.available
                ? `This is more than your available ${coinLabel(props.available)}.`
                : `Left after: ${coinLabel(props.available - awaiting.amount)}.`}
            </p>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              aria-disabled={pending}
              onClick={() => void send(awaiting)}
            >
              {pending ? props.pendingLabel : props.confirmation.confirmLabel}
            </button>
            <button type="button" className="button" onClick={() => setAwaiting(undefined)}>
              Change
            </button>
          </div>
        </section>
      ) : null}
      <FormMessages success={success} error={error} />
    </form>
  );
}
