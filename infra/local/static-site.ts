import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { chooseEncoding, compressedFile, isCompressible } from '#infra/local/compression';

/**
 * Serves the built web page (web/dist) beside the API on the local gateway, as CloudFront does
 * in AWS: files as they are (text compressed when the client accepts it), hashed assets cached for good, and index.html for every other page
 * path (the SPA fallback), so `/daswos-coins/success?session_id=…` from Checkout opens the page.
 */
export const WEB_DIST_DIR = resolve('web/dist');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' };

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>DasWos Coins</title>
<p>The web page is not built yet: run <code>npm run build:web</code> (npm start does it first).</p>`;

async function fileAt(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  size: number,
  cacheControl: string,
): Promise<void> {
  const contentType = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  const headers = {
    'content-type': contentType,
    'cache-control': cacheControl,
    ...SECURITY_HEADERS,
  };
  if (isCompressible(contentType, size)) {
    // Caches must keep the encodings apart, also for the plain answer.
    const varied = { ...headers, vary: 'accept-encoding' };
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (encoding) {
      const body = await compressedFile(path, encoding);
      response.writeHead(200, {
        ...varied,
        'content-encoding': encoding,
        'content-length': String(body.length),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    Object.assign(headers, varied);
  }
  response.writeHead(200, { ...headers, 'content-length': String(size) });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path).pipe(response);
}

/** A gateway fallback: true when it answered, false to let the gateway answer 404. */
export function staticSite(root: string = WEB_DIST_DIR) {
  const base = resolve(root);
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return false;
    }
    if (pathname.includes('\0')) return false;
    const path = resolve(join(base, pathname));
    // Never outside the build folder, whatever ../ or encoded tricks the path holds.
    if (path !== base && !path.startsWith(base + sep)) return false;

    const size = path === base ? undefined : await fileAt(path);
    if (size !== undefined) {
      // Vite puts a content hash in every asset name: those never change under their name.
      const immutable = pathname.startsWith('/assets/');
      await sendFile(
        request,
        response,
        path,
        size,
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      return true;
    }
    // A missing file with an extension is a broken link, not a page: let it 404.
    if (extname(pathname) !== '') return false;
    const index = join(base, 'index.html');
    const indexSize = await fileAt(index);
    if (indexSize === undefined) {
      response.writeHead(503, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
      response.end(NOT_BUILT);
      return true;
    }
    await sendFile(request, response, index, indexSize, 'no-cache');
    return true;
  };
}
