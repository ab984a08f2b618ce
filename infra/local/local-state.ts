import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start` leaves a note in its data folder saying where its DynamoDB Local listens, so that
 * other tools (`npm run audit`) use the running instance instead of opening the same files twice.
 */
interface LocalState {
  readonly endpoint: string;
  readonly pid: number;
}

const stateFile = (dataDir: string) => join(dataDir, 'daswos-local.json');

export function writeLocalState(dataDir: string, state: LocalState): void {
  writeFileSync(stateFile(dataDir), `${JSON.stringify(state)}\n`);
}

export function clearLocalState(dataDir: string): void {
  rmSync(stateFile(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The endpoint of a DynamoDB Local that `npm start` is running on this folder, if any. */
export function runningEndpoint(dataDir: string): string | undefined {
  if (!existsSync(stateFile(dataDir))) return undefined;
  try {
    const state = JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as LocalState;
    return isAlive(state.pid) ? state.endpoint : undefined;
  } catch {
    return undefined;
  }
}
