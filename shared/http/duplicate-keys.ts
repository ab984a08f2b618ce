/**
 * JSON.parse keeps the last of two equal keys (`{"amount":1,"amount":7}` reads as 7), so a body
 * can say two things and the handler hears one. RFC 8259 leaves duplicates undefined and I-JSON
 * (RFC 7493) forbids them; the API refuses them. No maintained npm package does only this, so it
 * is this small scanner, run on text JSON.parse has already accepted (the syntax is known good).
 */

type Frame = { readonly keys: Set<string> | null; expectingKey: boolean; readonly path: string };

/** The first duplicate key as a path (`amount`, `items.0.id`), or undefined if there is none. */
export function findDuplicateKey(text: string): string | undefined {
  const stack: Frame[] = [];
  let lastKey = '';
  let index = 0;
  const childPath = (frame: Frame | undefined, segment: string) =>
    frame && frame.path !== '' ? `${frame.path}.${segment}` : segment;
  const arrayIndexes: number[] = [];

  while (index < text.length) {
    const char = text[index];
    const frame = stack[stack.length - 1];
    if (char === '"') {
      const end = endOfString(text, index);
      if (frame?.keys && frame.expectingKey) {
        const key = JSON.parse(text.slice(index, end)) as string;
        if (frame.keys.has(key)) return childPath(frame, key);
        frame.keys.add(key);
        frame.expectingKey = false;
        lastKey = key;
      }
      index = end;
      continue;
    }
    if (char === '{' || char === '[') {
      const segment = frame?.keys ? lastKey : String(arrayIndexes[arrayIndexes.length - 1] ?? 0);
      stack.push({
        keys: char === '{' ? new Set() : null,
        expectingKey: char === '{',
        path: frame ? childPath(frame, segment) : '',
      });
      arrayIndexes.push(0);
    } else if (char === '}' || char === ']') {
      stack.pop();
      arrayIndexes.pop();
    } else if (char === ',' && frame) {
      if (frame.keys) frame.expectingKey = true;
      else arrayIndexes[arrayIndexes.length - 1] = (arrayIndexes[arrayIndexes.length - 1] ?? 0) + 1;
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
