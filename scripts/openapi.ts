import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#shared/api/openapi';

/** `npm run openapi`: writes docs/openapi.json from the route table and the zod schemas. */
writeFileSync('docs/openapi.json', `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.info('docs/openapi.json written');
