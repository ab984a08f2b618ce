/**
 * One key per submission: the API replays a repeated key instead of moving coins twice, so a
 * retry after a lost answer is safe. crypto.randomUUID needs a secure context (https or
 * localhost), which is where the page runs.
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
