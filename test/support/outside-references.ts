import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds text in the project that points at a path outside the repository, such as a fixture
 * read from a folder beside the checkout. A bare clone has nothing beside it, so such a path
 * works only on the machine it was written on.
 *
 * What it recognises (and so what it can prove): relative paths written as `../` sequences, and
 * `__dirname` / `import.meta.dirname` / `new URL(…, import.meta.url)` joined with literal segments
 * (`path.resolve(__dirname, '..', '..')`). An import specifier, a Markdown link or a path joined
 * to the file's own folder is resolved from that folder; any other `../` path (a shell command,
 * a README line, a `readFileSync` relative to the working directory) must stay inside the
 * repository whether it is read from the file's folder or from the repository root. A path
 * computed at run time from variables is beyond a text scan.
 */
export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly resolvesTo: string;
}

const RELATIVE_PATH = /(?<![\w./~$@%\\-])(?:\.\/)?(?:\.\.\/)+[\w@.-][^\s'"`)\]},;*<>|]*/g;
/** What precedes a path that is resolved from the file's own folder. */
const FROM_FILE_FOLDER =
  /(?:\bfrom|\bimport|\b(?:require|import|mock)\s*\(|(?:__dirname|import\.meta\.dirname)\s*,|\bnew URL\(|\]\(|\b(?:src|href)=|\burl\()\s*['"`]?$/;
const JOINED_SEGMENTS =
  /(?:__dirname|import\.meta\.dirname)((?:\s*,\s*['"`][^'"`$]*['"`])+)|new URL\(\s*['"`]([^'"`$]+)['"`]\s*,\s*import\.meta\.url/g;

function isOutside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every outside reference in one file's text; `file` is relative to `root`. */
export function outsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const folder = path.dirname(path.resolve(root, file));
  const found: OutsideReference[] = [];
  const report = (index: number, match: string, resolvesTo: string) =>
    found.push({ file, line: lineOf(text, index), text: match, resolvesTo });

  for (const match of text.matchAll(RELATIVE_PATH)) {
    const before = text.slice(Math.max(0, match.index - 80), match.index);
    const fromFolder = path.resolve(folder, match[0]);
    if (isOutside(root, fromFolder)) report(match.index, match[0], fromFolder);
    else if (!FROM_FILE_FOLDER.test(before)) {
      const fromRoot = path.resolve(root, match[0]);
      if (isOutside(root, fromRoot)) report(match.index, match[0], fromRoot);
    }
  }
  for (const match of text.matchAll(JOINED_SEGMENTS)) {
    const segments = match[2]
      ? [match[2]]
      : [...(match[1] ?? '').matchAll(/['"`]([^'"`]*)['"`]/g)].map((segment) => segment[1] ?? '');
    const target = path.resolve(folder, ...segments);
    if (isOutside(root, target)) report(match.index, match[0], target);
  }
  return found;
}

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.cache',
  'cdk.out',
  '.data',
  'coverage',
  'dist',
  'artifacts',
]);

/** The project's files: git's tracked and not-ignored files, or, without git, a walk of the tree. */
export function projectFiles(root: string): string[] {
  try {
    const listed = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return listed
      .split('\0')
      .filter(
        (file) => file && statSync(path.join(root, file), { throwIfNoEntry: false })?.isFile(),
      );
  } catch {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(relative);
        else if (entry.isFile()) files.push(relative);
      }
    };
    walk('');
    return files;
  }
}

/** Every outside reference in the project's text files (binary files are skipped). */
export function scanProject(root: string): OutsideReference[] {
  return projectFiles(root).flatMap((file) => {
    const bytes = readFileSync(path.join(root, file));
    if (bytes.includes(0)) return [];
    return outsideReferences(root, file, bytes.toString('utf8'));
  });
}
