// The data selector's pure part: the fields of an earlier step's sample output as `{{step.path}}` expressions,
// and inserting an expression where the cursor is.

export interface DataField {
  /** The expression without braces, e.g. `trigger.body.order` or `step_1['a b'][0]`. */
  path: string;
  /** The path below the step, for display (e.g. `body.order`). */
  label: string;
  /** A short preview of the sample value. */
  preview: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function appendKey(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}['${key.replace(/'/g, "\\'")}']`;
}

function preview(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `list of ${value.length}`;
  if (typeof value === 'object') return 'object';
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The fields of a sample output, depth first, at most `maxDepth` levels and `maxFields` entries. */
export function outputFields(stepName: string, output: unknown, maxDepth = 3, maxFields = 60): DataField[] {
  const fields: DataField[] = [];
  const visit = (value: unknown, path: string, label: string, depth: number) => {
    if (fields.length >= maxFields || depth > maxDepth) return;
    if (depth > 0) fields.push({ path, label, preview: preview(value) });
    if (value === null || typeof value !== 'object') return;
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.slice(0, 3).map((item, index) => [index, item])
      : Object.entries(value as Record<string, unknown>);
    // A webhook's payload is what people want; its request headers come after it.
    if (depth === 0) entries.sort(([a], [b]) => Number(b === 'body') - Number(a === 'body'));
    for (const [key, child] of entries) {
      const childLabel = label === '' ? appendKey('', key).replace(/^\./, '') : appendKey(label, key);
      visit(child, appendKey(path, key), childLabel, depth + 1);
    }
  };
  visit(output, stepName, '', 0);
  return fields;
}

export function expression(path: string): string {
  return `{{${path}}}`;
}

/** `value` with `text` put in place of the selection [start, end); answers the new value and cursor. */
export function insertAtCursor(
  value: string,
  text: string,
  start: number | null | undefined,
  end: number | null | undefined,
): { value: string; cursor: number } {
  const from = start ?? value.length;
  const to = end ?? from;
  const next = value.slice(0, from) + text + value.slice(to);
  return { value: next, cursor: from + text.length };
}
