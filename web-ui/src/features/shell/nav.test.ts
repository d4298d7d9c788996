import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav';

const labels = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((item) => item.label);
const BASE = ['Dashboard', 'Flow Studio', 'Chat', 'Runs', 'Integrations'];

describe('navItemsFor', () => {
  it('gives the super admin Approvals, Members and Admin', () => {
    expect(labels('super_admin')).toEqual([...BASE, 'Approvals', 'Members', 'Admin']);
  });

  it('gives a workspace admin Approvals and Members but not Admin', () => {
    expect(labels('workspace_admin')).toEqual([...BASE, 'Approvals', 'Members']);
  });

  it('gives members their approvals, and viewers the base sections only', () => {
    expect(labels('member')).toEqual([...BASE, 'Approvals']);
    expect(labels('viewer')).toEqual(BASE);
  });

  it('shows the count of waiting requests to admins only', () => {
    const badge = (role: Parameters<typeof navItemsFor>[0]) =>
      navItemsFor(role).find((item) => item.to === '/approvals')?.badge;
    expect(badge('super_admin')).toBe('approvals');
    expect(badge('workspace_admin')).toBe('approvals');
    expect(badge('member')).toBeUndefined();
  });
});
