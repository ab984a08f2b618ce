import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { staticSite } from '#infra/local/static-site';

interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  bytes: Buffer;
}

/**
 * Raw requests: fetch would normalise the paths that matter here before sending them, and
 * decompress bodies whose encoding is under test.
 */
function get(port: number, path: string, method = 'GET', headers: Record<string, string> = {}) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: bytes.toString(),
          bytes,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A script big enough to be worth compressing, and very compressible. */
const BIG_SCRIPT = `${'export const coins = "DasWos";\n'.repeat(400)}`;

describe('the static site fallback', () => {
  const root = mkdtempSync(join(tmpdir(), 'daswos-site-'));
  const site = join(root, 'dist');
  let server: Server;
  let port: number;

  function serve(dir: string) {
    const fallback = staticSite(dir);
    return createServer((req, res) => {
      void fallback(req, res).then((answered) => {
        if (!answered) res.writeHead(404).end('not found');
      });
    });
  }

  beforeAll(async () => {
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<div id="root"></div>');
    writeFileSync(join(site, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(site, 'assets', 'big-5678.js'), BIG_SCRIPT);
    writeFileSync(join(site, 'logo.png'), Buffer.alloc(4096, 7));
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    server = serve(site);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('serves files, hashed assets for good and pages fresh', async () => {
    const asset = await get(port, '/assets/app-1234.js');
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const index = await get(port, '/');
    expect(index).toMatchObject({ status: 200, body: '<div id="root"></div>' });
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('answers every page path with index.html, but a missing file with 404', async () => {
    for (const path of [
      '/daswos-coins',
      '/daswos-coins/success?session_id=cs_1',
      '/auth/callback',
    ]) {
      expect(await get(port, path)).toMatchObject({ status: 200, body: '<div id="root"></div>' });
    }
    expect((await get(port, '/assets/missing.js')).status).toBe(404);
    expect((await get(port, '/assets/app-1234.js', 'POST')).status).toBe(404);
    expect((await get(port, '/assets/app-1234.js', 'HEAD')).body).toBe('');
  });

  it('never serves a file outside the build folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const answer = await get(port, path);
      expect(answer.body).not.toContain('do not serve');
      expect(answer.status).toBe(404);
    }
  });

  it('says how to build the page when it is not built', async () => {
    const empty = serve(join(root, 'nothing-here'));
    await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
    const answer = await get((empty.address() as AddressInfo).port, '/');
    await new Promise((resolve) => empty.close(resolve));
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('npm run build:web');
  });

  describe('compression', () => {
    it('answers brotli to a client that accepts it, and gzip to one that accepts only gzip', async () => {
      const br = await get(port, '/assets/big-5678.js', 'GET', {
        'accept-encoding': 'gzip, deflate, br',
      });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toBe('accept-encoding');
      expect(Number(br.headers['content-length'])).toBe(br.bytes.length);
      expect(br.bytes.length).toBeLessThan(BIG_SCRIPT.length / 10);
      expect(brotliDecompressSync(br.bytes).toString()).toBe(BIG_SCRIPT);

      const gz = await get(port, '/assets/big-5678.js', 'GET', { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.bytes).toString()).toBe(BIG_SCRIPT);
    });

    it('sends the file as it is to a client that accepts no encoding, or refuses them', async () => {
      for (const acceptEncoding of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
        const answer = await get(
          port,
          '/assets/big-5678.js',
          'GET',
          acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
        );
        expect(answer.headers['content-encoding']).toBeUndefined();
        expect(answer.headers.vary).toBe('accept-encoding');
        expect(answer.body).toBe(BIG_SCRIPT);
      }
    });

    it('leaves images and tiny files alone', async () => {
      const accept = { 'accept-encoding': 'br, gzip' };
      const image = await get(port, '/logo.png', 'GET', accept);
      expect(image.headers['content-encoding']).toBeUndefined();
      expect(image.bytes.length).toBe(4096);
      const tiny = await get(port, '/assets/app-1234.js', 'GET', accept);
      expect(tiny.headers['content-encoding']).toBeUndefined();
      expect(tiny.body).toBe('console.log(1)');
    });

    it('answers HEAD with the compressed headers and no body', async () => {
      const head = await get(port, '/assets/big-5678.js', 'HEAD', { 'accept-encoding': 'br' });
      expect(head.headers['content-encoding']).toBe('br');
      expect(head.bytes.length).toBe(0);
    });

    it('compresses a file again after it changed', async () => {
      const path = join(site, 'assets', 'changing.js');
      writeFileSync(path, BIG_SCRIPT);
      const first = await get(port, '/assets/changing.js', 'GET', { 'accept-encoding': 'br' });
      expect(brotliDecompressSync(first.bytes).toString()).toBe(BIG_SCRIPT);
      const changed = `${BIG_SCRIPT}// changed\n`;
      writeFileSync(path, changed);
      const second = await get(port, '/assets/changing.js', 'GET', { 'accept-encoding': 'br' });
      expect(brotliDecompressSync(second.bytes).toString()).toBe(changed);
    });
  });
});
