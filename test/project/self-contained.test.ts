import path from 'node:path';
import { outsideReferences, scanProject } from '#test/support/outside-references';

const ROOT = path.resolve(__dirname, '..', '..');
/** Built, not written out: this file is scanned too, and its examples are not references. */
const UP = '../';
const segments = (...names: string[]) => names.map((name) => `'${name}'`).join(', ');

describe('the project needs nothing outside its repository', () => {
  it('has no file that references a path outside the repository', () => {
    const found = scanProject(ROOT);

    expect(found).toEqual([]);
  });

  describe('the outside-reference scan', () => {
    it('flags a file read beside the checkout, relative to the source file', () => {
      const source = `readFileSync(resolve(__dirname, '${UP.repeat(3)}shared/fixtures/objects.json'))`;

      const found = outsideReferences(ROOT, 'test/support/stripe-events.ts', source);

      expect(found.map((reference) => reference.resolvesTo)).toContain(
        path.resolve(ROOT, '..', 'shared/fixtures/objects.json'),
      );
    });

    it('flags a folder beside the checkout joined from literal segments', () => {
      const source = `path.resolve(__dirname, ${segments('..', '..', '..', '..', 'shared')})`;

      const found = outsideReferences(ROOT, 'test/infra/support/synth.ts', source);

      expect(found).toHaveLength(1);
      expect(found[0]?.resolvesTo).toBe(path.resolve(ROOT, '..', 'shared'));
    });

    it('flags a path in prose or a command, read from the repository root', () => {
      const readme = `Put the fixtures at \`${UP}shared/fixtures/objects.json\` beside the repository.`;

      const found = outsideReferences(ROOT, 'README.md', readme);

      expect(found).toEqual([
        expect.objectContaining({
          file: 'README.md',
          line: 1,
          text: `${UP}shared/fixtures/objects.json`,
        }),
      ]);
    });

    it('accepts imports and joined paths that stay inside the repository', () => {
      const component = `import { coinLabel } from '${UP}lib/format-coins';`;
      const synth = `readFileSync(path.resolve(__dirname, ${segments('..', '..', '..', 'cdk.json')}))`;

      expect(outsideReferences(ROOT, 'web/src/components/Coins.tsx', component)).toEqual([]);
      expect(outsideReferences(ROOT, 'test/infra/support/synth.ts', synth)).toEqual([]);
    });
  });
});
