/**
 * JSON.parse keeps the last of two equal keys (`{"amount":1,"amount":7}` reads as 7), so a body
 * can say two things and the handler hears one. RFC 8259 leaves duplicates undefined and I-JSON
 * (RFC 7493) forbids them; the API refuses them. No maintained npm package does only this, so it
 * is this small scanner, run on text JSON.parse has already accepted (the syntax is known good).
 */

/** An object or array being read: where it is, and what has been seen in it so far. */
interface Container {
  readonly path: string;
  /** The keys seen so far, for an object; null for an array. */
  readonly keys: Set<string> | null;
  /** An object's next string is a key (after `{` or `,`), not a value (after `:`). */
  expectingKey: boolean;
  /** The key of the value being read (objects) or its index (arrays). */
  current: string;
}

const join = (path: string, segment: string) => (path === '' ? segment : `${path}.${segment}`);

/** The first duplicate key as a path (`amount`, `items.1.id`), or undefined if there is none. */
export function findDuplicateKey(text: string): string | undefined {
  const stack: Container[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const container = stack[stack.length - 1];
    if (char === '"') {
      const end = endOfString(text, index);
      if (container?.keys && container.expectingKey) {
        const key = JSON.parse(text.slice(index, end)) as string;
        if (container.keys.has(key)) return join(container.path, key);
        container.keys.add(key);
        container.expectingKey = false;
        container.current = key;
      }
      index = end;
      continue;
    }
    if (char === '{' || char === '[') {
      stack.push({
        path: container ? join(container.path, container.current) : '',
        keys: char === '{' ? new Set() : null,
        expectingKey: char === '{',
        current: '0',
      });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',' && container) {
      if (container.keys) container.expectingKey = true;
      else container.current = String(Number(container.current) + 1);
    }
    index += 1;
  }
  return undefined;
}

/** The index just past the closing quote of the string literal that opens at `start`. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index += 1;
  }
  return index;
}
