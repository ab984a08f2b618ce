import { type FormEvent, useEffect, useId, useState } from 'react';
import { describeError } from '../lib/error-messages';
import { loadDraft, saveDraft } from '../lib/form-draft';
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

  function edit(setter: (value: string) => void) {
    return (value: string) => {
      setter(value);
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
    await submit(async (key) => {
      try {
        setSuccess(await props.onSubmit(values, key));
        setUserId('');
        setAmount('');
        setNote('');
      } catch (failure) {
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
      <FormMessages success={success} error={error} />
    </form>
  );
}
