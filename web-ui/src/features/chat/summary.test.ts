import { describe, expect, it } from 'vitest';
import { durationText, prettyJson, resultSummary } from './summary';

describe('resultSummary', () => {
  it('describes the results of PMOS flow tools in plain words', () => {
    expect(resultSummary({ flowId: 'f1', name: 'Daily digest', status: 'DISABLED', steps: [{}, {}] })).toBe(
      'Flow "Daily digest": 2 steps, disabled',
    );
    expect(resultSummary({ flows: [{ name: 'A' }, { name: 'B' }] })).toBe('2 flows: A, B');
    expect(resultSummary({ flows: [] })).toBe('No flows yet.');
    expect(resultSummary({ deleted: true })).toBe('Deleted.');
    expect(resultSummary({ runId: 'run9' })).toBe('Started run run9.');
  });

  it('shows an MCP tool text as text, and says when the tool reported an error', () => {
    expect(resultSummary({ isError: false, text: 'Echo: hi from chat' })).toBe('Echo: hi from chat');
    expect(resultSummary({ isError: true, text: 'Unknown city' })).toBe('The tool reported an error: Unknown city');
  });

  it('falls back to one line of JSON, cut when long', () => {
    expect(resultSummary({ a: 1 })).toBe('{"a":1}');
    expect(resultSummary(undefined)).toBe('');
    const long = resultSummary({ text: 'x'.repeat(1000) });
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('durationText and prettyJson', () => {
  it('formats durations', () => {
    expect(durationText(85)).toBe('85 ms');
    expect(durationText(1234)).toBe('1.2 s');
    expect(durationText(125_000)).toBe('2 min 5 s');
    expect(durationText(undefined)).toBe('');
  });

  it('indents JSON', () => {
    expect(prettyJson({ flow: 'A' })).toBe('{\n  "flow": "A"\n}');
  });
});
