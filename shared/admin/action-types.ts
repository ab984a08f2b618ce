/** What the admin action log records (its own module: the API schemas import it without DynamoDB). */
export const ADMIN_ACTION_TYPES = [
  'give',
  'grant_requested',
  'grant_approved',
  'grant_rejected',
  'batch_requested',
  'batch_approved',
  'batch_rejected',
  'freeze',
  'unfreeze',
] as const;
export type AdminActionType = (typeof ADMIN_ACTION_TYPES)[number];
