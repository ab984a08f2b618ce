import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `npm run lock:complete`: lists every platform's optional binaries in package-lock.json.
 *
 * Why: against a registry mirror that lacks some platform packages (for example
 * `@biomejs/cli-darwin-arm64` at the version biome pins), npm leaves them out of the lock
 * file, and `npm ci` then refuses the lock ("Missing: … from lock file"). An entry with its
 * `os`/`cpu` (and `libc`) lets `npm ci` accept the lock and skip the package on this platform,
 * exactly as a lock written against the full registry would. Run it after every `npm install`.
 */
type LockEntry = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  license?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
};

const OPERATING_SYSTEMS = new Set([
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'openharmony',
  'netbsd',
  'sunos',
  'aix',
]);
const CPUS = new Set(['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64']);

const path = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[top]) continue;
    const parts = (name.split('/').at(-1) ?? name).split('-');
    const os = parts.find((part) => OPERATING_SYSTEMS.has(part));
    const cpu = parts.find((part) => CPUS.has(part));
    if (!os || !cpu || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) {
      console.warn(`left out ${name}@${spec}: not a pinned platform binary`);
      continue;
    }
    const libc = parts.some((part) => part.startsWith('musl'))
      ? ['musl']
      : parts.some((part) => part.startsWith('gnu'))
        ? ['glibc']
        : undefined;
    lock.packages[top] = {
      version: spec,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      cpu: [cpu],
      ...(libc ? { libc } : {}),
      license: entry.license ?? 'MIT',
      os: [os],
    };
    added.push(`${name}@${spec}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.info(`${added.length} platform binaries added to ${path}`);
