/**
 * What a user typed into a form, kept for the tab (session storage) under a key that names the
 * form and the user, so that a session that ends mid-form gives it back after the sign-in, and
 * never to somebody else signing in on the same tab. Forgotten once the form is sent.
 */
const PREFIX = 'daswos-coins.draft.';

export function loadDraft<T extends object>(key: string | undefined): Partial<T> {
  if (!key) return {};
  try {
    return (JSON.parse(sessionStorage.getItem(PREFIX + key) ?? '{}') as Partial<T>) ?? {};
  } catch {
    return {};
  }
}

export function saveDraft(key: string | undefined, draft: object): void {
  if (!key) return;
  const empty = Object.values(draft).every((value) => value === '' || value === undefined);
  if (empty) sessionStorage.removeItem(PREFIX + key);
  else sessionStorage.setItem(PREFIX + key, JSON.stringify(draft));
}

export function forgetDraft(key: string | undefined): void {
  if (key) sessionStorage.removeItem(PREFIX + key);
}
