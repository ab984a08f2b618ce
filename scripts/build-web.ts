import { ensureWebBuild } from '#infra/local/web-build';

/**
 * `npm run build:web`: builds the page into web/dist with Vite, every time, and records what it
 * was built from, so that `npm start` can reuse it while the sources stay the same.
 */
ensureWebBuild({ force: true, log: (line) => console.info(line) }).then(
  (result) => console.info(`web page: built in ${result.milliseconds} ms`),
  (error: unknown) => {
    console.error(
      'The web page could not be built:',
      error instanceof Error ? error.message : error,
    );
    process.exit(1);
  },
);
