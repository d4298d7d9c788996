import { describe, expect, it } from 'vitest';
import { can, roleLabel, type Capability } from './permissions';
import type { Role } from './types';

const EXPECTED: Record<Capability, Role[]> = {
  'flows.view': ['super_admin', 'workspace_admin', 'member', 'viewer'],
  'flows.edit': ['super_admin', 'workspace_admin', 'member'],
  'chat.use': ['super_admin', 'workspace_admin', 'member'],
  'runs.view': ['super_admin', 'workspace_admin', 'member', 'viewer'],
  'integrations.view': ['super_admin', 'workspace_admin', 'member', 'viewer'],
  'integrations.manage': ['super_admin', 'workspace_admin'],
  'members.manage': ['super_admin', 'workspace_admin'],
  'admin.view': ['super_admin'],
  'shell.exec': ['super_admin'],
};

const ROLES: Role[] = ['super_admin', 'workspace_admin', 'member', 'viewer'];

describe('can', () => {
  for (const [capability, allowed] of Object.entries(EXPECTED) as [Capability, Role[]][]) {
    for (const role of ROLES) {
      const expected = allowed.includes(role);
      it(`${expected ? 'lets' : 'refuses'} ${role} ${capability}`, () => {
        expect(can(role, capability)).toBe(expected);
      });
    }
  }

  it('refuses everything without a role', () => {
    expect(can(undefined, 'flows.view')).toBe(false);
    expect(can(null, 'members.manage')).toBe(false);
  });

  it('refuses a role the UI does not know', () => {
    expect(can('owner' as Role, 'flows.view')).toBe(false);
  });
});

describe('roleLabel', () => {
  it('names every role in plain words', () => {
    expect(ROLES.map(roleLabel)).toEqual(['Super admin', 'Workspace admin', 'Member', 'Viewer']);
  });
});
