import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The compiled LoopbackDynamoDbLocal launcher (see the Java file), built once and kept in
 * `.cache/` of the repository: compiling it costs about a second, loading the class nothing.
 * The cache key covers the source and the DynamoDB Local release it is compiled against, so an
 * edit or an upgrade recompiles. Compiled with the runtime's own javac module (`jdk.compiler`,
 * in every JDK and in Debian's JRE) for Java 17, the oldest runtime the project supports.
 */
const SOURCE = join(__dirname, 'LoopbackDynamoDbLocal.java');
const CACHE_ROOT = join(__dirname, '..', '..', '.cache', 'loopback-dynamodb-local');
export const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

const run = promisify(execFile);

export async function compiledLauncher(classpath: string): Promise<string> {
  const key = createHash('sha256')
    .update(readFileSync(SOURCE))
    .update('\0')
    .update(classpath)
    .digest('hex')
    .slice(0, 16);
  const dir = join(CACHE_ROOT, key);
  if (existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) return dir;

  // Compiled beside the final place and renamed into it: concurrent starts never see half a class.
  const staging = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(staging, { recursive: true });
  } catch {
    // A read-only checkout: compile into a private temporary folder, every time.
    const temporary = mkdtempSync(join(tmpdir(), 'daswos-launcher-'));
    await compile(classpath, temporary);
    return temporary;
  }
  try {
    await compile(classpath, staging);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another start compiled the same launcher first: use theirs.
      if (!existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) throw error;
    }
    return dir;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function compile(classpath: string, into: string): Promise<void> {
  try {
    await run('java', [
      '-m',
      'jdk.compiler/com.sun.tools.javac.Main',
      '--release',
      '17',
      '-cp',
      classpath,
      '-d',
      into,
      SOURCE,
    ]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot compile the DynamoDB Local launcher: a Java >= 17 runtime with the jdk.compiler module is needed (any JDK, or Debian's openjdk-17-jre-headless).\n${detail}`,
    );
  }
}
