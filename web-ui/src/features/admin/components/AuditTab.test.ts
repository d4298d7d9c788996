import { describe, expect, it } from 'vitest';
import { describeDetail } from './AuditTab';

describe('describeDetail', () => {
  it('lists an object as key: value pairs', () => {
    expect(describeDetail({ role: 'member', count: 2 })).toBe('role: member, count: 2');
  });

  it('reads a detail that arrives as JSON text', () => {
    expect(describeDetail('{"role":"workspace_admin"}')).toBe('role: workspace_admin');
  });

  it('shows plain text as it is and nothing for no detail', () => {
    expect(describeDetail('shell disabled')).toBe('shell disabled');
    expect(describeDetail(null)).toBe('');
    expect(describeDetail(undefined)).toBe('');
  });
});
