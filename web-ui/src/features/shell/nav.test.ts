import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav';

const labels = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((item) => item.label);
const BASE = ['Dashboard', 'Flow Studio', 'Chat', 'Runs', 'Integrations'];

describe('navItemsFor', () => {
  it('gives the super admin Members and Admin', () => {
    expect(labels('super_admin')).toEqual([...BASE, 'Members', 'Admin']);
  });

  it('gives a workspace admin Members but not Admin', () => {
    expect(labels('workspace_admin')).toEqual([...BASE, 'Members']);
  });

  it('gives members and viewers the base sections only', () => {
    expect(labels('member')).toEqual(BASE);
    expect(labels('viewer')).toEqual(BASE);
  });
});
