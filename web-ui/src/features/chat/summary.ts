// One line of plain text for a tool's result, and durations in words. Results are untrusted data: shown as text.

const MAX = 300;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX ? `${oneLine.slice(0, MAX - 1)}…` : oneLine;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "Flow "Daily digest": 2 steps, DISABLED", "Echo: hi", "3 flows: A, B, C", … */
export function resultSummary(result: unknown): string {
  if (result === undefined || result === null) return '';
  if (typeof result === 'string') return clip(result);
  if (typeof result === 'number' || typeof result === 'boolean') return String(result);
  if (!isObject(result)) return clip(JSON.stringify(result));
  if (typeof result.text === 'string') {
    return clip(result.isError === true ? `The tool reported an error: ${result.text}` : result.text);
  }
  if (typeof result.error === 'string') return clip(result.error);
  if (Array.isArray(result.flows)) {
    const names = result.flows.map((flow) => (isObject(flow) && typeof flow.name === 'string' ? flow.name : '?'));
    if (names.length === 0) return 'No flows yet.';
    return clip(`${names.length} ${names.length === 1 ? 'flow' : 'flows'}: ${names.join(', ')}`);
  }
  if (result.deleted !== undefined) return 'Deleted.';
  if (typeof result.runId === 'string') return `Started run ${result.runId}.`;
  if (typeof result.flowId === 'string') {
    const name = typeof result.name === 'string' ? `Flow "${result.name}"` : 'The flow';
    const steps = Array.isArray(result.steps) ? result.steps.length : undefined;
    const parts = [steps === undefined ? undefined : `${steps} ${steps === 1 ? 'step' : 'steps'}`];
    if (typeof result.status === 'string') parts.push(result.status.toLowerCase());
    const detail = parts.filter(Boolean).join(', ');
    return detail === '' ? name : `${name}: ${detail}`;
  }
  return clip(JSON.stringify(result));
}

export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** JSON for people: indented; a value that cannot be written as JSON is shown as text. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
