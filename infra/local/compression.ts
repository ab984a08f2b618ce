import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Compression of the page's text files for the local server, as CloudFront compresses them in
 * AWS: brotli when the client accepts it, else gzip, else the file as it is. Each file is
 * compressed once per version (path, size and modification time) at the best settings and kept
 * in memory: the built page is a handful of files, and a rebuild changes their names or times.
 */
export type Encoding = 'br' | 'gzip';

/** Below this a compressed answer saves less than its headers cost. */
const MIN_BYTES = 1024;

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

export function isCompressible(contentType: string, size: number): boolean {
  return size >= MIN_BYTES && COMPRESSIBLE.test(contentType);
}

/**
 * The encoding to answer with, from an Accept-Encoding header: brotli before gzip (smaller for
 * the same text), neither when refused with `q=0`; `*` accepts both.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    accepted.set(name, Number.isNaN(weight) ? 0 : weight);
  }
  const weightOf = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weightOf('br') > 0 && weightOf('br') >= weightOf('gzip')) return 'br';
  if (weightOf('gzip') > 0) return 'gzip';
  return undefined;
}

const cache = new Map<string, { version: string; body: Promise<Buffer> }>();

/** The file compressed with `encoding`, from the cache while the file is unchanged. */
export async function compressedFile(path: string, encoding: Encoding): Promise<Buffer> {
  const info = await stat(path);
  const version = `${info.size}:${info.mtimeMs}`;
  const key = `${encoding}:${path}`;
  const cached = cache.get(key);
  if (cached?.version === version) return cached.body;
  const body = readFile(path).then((raw) =>
    encoding === 'br'
      ? compressBrotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : compressGzip(raw, { level: constants.Z_BEST_COMPRESSION }),
  );
  cache.set(key, { version, body });
  // A failed read is not kept: the next request tries again.
  body.catch(() => cache.delete(key));
  return body;
}
