import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticSite } from '#infra/local/static-site';

/** Raw requests: fetch would normalise the paths that matter here before sending them. */
function get(port: number, path: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

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
});
