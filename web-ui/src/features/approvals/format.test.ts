import { describe, expect, it } from 'vitest';
import { expiryText, sentence } from './format';

describe('expiryText', () => {
  const now = Date.parse('2025-06-01T10:00:00Z');

  it('counts down in minutes, then seconds, then says expired', () => {
    expect(expiryText('2025-06-01T10:30:00Z', now)).toBe('expires in 30 min');
    expect(expiryText('2025-06-01T10:00:45Z', now)).toBe('expires in 45 s');
    expect(expiryText('2025-06-01T13:00:00Z', now)).toBe('expires in 3 h');
    expect(expiryText('2025-06-01T10:00:00Z', now)).toBe('expired');
    expect(expiryText('2025-06-01T09:00:00Z', now)).toBe('expired');
  });

  it('says nothing for a missing or unreadable time', () => {
    expect(expiryText(undefined, now)).toBe('');
    expect(expiryText('soon', now)).toBe('');
  });
});

describe('sentence', () => {
  it('capitalises and ends the server reason', () => {
    expect(sentence('deleting a flow is a high-risk action')).toBe('Deleting a flow is a high-risk action.');
    expect(sentence('Already a sentence.')).toBe('Already a sentence.');
    expect(sentence('  ')).toBe('');
  });
});
