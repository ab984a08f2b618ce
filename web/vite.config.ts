import { defineConfig } from 'vitest/config';

// Paths are resolved from this file, so the config works from the repo root or from web/.
const webRoot = new URL('.', import.meta.url).pathname;
const repoRoot = new URL('..', import.meta.url).pathname;

export default defineConfig({
  root: webRoot,
  // esbuild's own JSX transform: @vitejs/plugin-react adds Fast Refresh, which the page does not
  // need, and a dependency that does not always install here.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: `${webRoot}dist`,
    emptyOutDir: true,
    // The page is served by the local gateway and by CloudFront from the site root.
    assetsDir: 'assets',
    sourcemap: true,
  },
  server: {
    port: 5173,
    // `npm run dev`: the API, the local token route and the Stripe stand-in stay on `npm start`.
    proxy: {
      '/api': 'http://127.0.0.1:5000',
      '/local': 'http://127.0.0.1:5000',
    },
  },
  test: {
    root: webRoot,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    reporters: ['default', ['json', { outputFile: `${repoRoot}.vitest-results.json` }]],
  },
});
