import { describe, expect, it } from 'vitest';
import { returnPath } from './RequireAuth';

describe('returnPath', () => {
  it('returns the remembered app path with its query', () => {
    expect(returnPath({ from: '/flows/123?tab=runs' })).toBe('/flows/123?tab=runs');
  });

  it('falls back to the dashboard without a usable path', () => {
    expect(returnPath(null)).toBe('/');
    expect(returnPath({})).toBe('/');
    expect(returnPath({ from: 'https://evil.example/' })).toBe('/');
    expect(returnPath({ from: '//evil.example/' })).toBe('/');
  });

  it('never returns to an auth page', () => {
    expect(returnPath({ from: '/signin' })).toBe('/');
    expect(returnPath({ from: '/signup?x=1' })).toBe('/');
    expect(returnPath({ from: '/invite/abc' })).toBe('/');
  });
});
