/**
 * Decodes the form bodies the Stripe SDK sends (`line_items[0][price_data][currency]=usd`) into
 * the nested objects and arrays they stand for, as Stripe's API does.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

function keyPath(name: string): string[] {
  const head = /^[^[]*/.exec(name)?.[0] ?? '';
  const rest = [...name.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map(
    (match) => match[1] ?? '',
  );
  return [head, ...rest];
}

function assign(target: Record<string, FormValue>, path: string[], value: string): void {
  let node: Record<string, FormValue> = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const child = node[segment];
    if (child === undefined || typeof child === 'string') node[segment] = {};
    node = node[segment] as Record<string, FormValue>;
  });
}

/** Objects whose keys are all 0..n-1 become arrays, the way qs-style indexed arrays are sent. */
function arrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((key) => [key, arrays(value[key] as FormValue)] as const);
  const indexed = keys.length > 0 && keys.every((key, i) => key === String(i));
  return indexed ? entries.map(([, child]) => child) : Object.fromEntries(entries);
}

export function parseFormBody(body: string): Record<string, FormValue> {
  const result: Record<string, FormValue> = {};
  for (const [name, value] of new URLSearchParams(body)) assign(result, keyPath(name), value);
  return arrays(result) as Record<string, FormValue>;
}
