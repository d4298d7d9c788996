import { describe, expect, it } from 'vitest';
import { can, canWithSettings, roleLabel, type Capability } from './permissions';
import type { Role } from './types';

const EXPECTED: Record<Capability, Role[]> = {
  'flows.view': ['super_admin', 'workspace_admin', 'member', 'viewer'],
  'flows.edit': ['super_admin', 'workspace_admin', 'member'],
  'flows.run': ['super_admin', 'workspace_admin', 'member'],
  'flows.publish': ['super_admin', 'workspace_admin'],
  'flows.delete': ['super_admin', 'workspace_admin'],
  'chat.use': ['super_admin', 'workspace_admin', 'member', 'viewer'],
  'chat.change': ['super_admin', 'workspace_admin', 'member'],
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

describe('canWithSettings', () => {
  const none = { membersCanPublish: false, membersCanDelete: false };
  const all = { membersCanPublish: true, membersCanDelete: true };

  it('lets members publish or delete only when the workspace allows it', () => {
    expect(canWithSettings('member', 'flows.publish', none)).toBe(false);
    expect(canWithSettings('member', 'flows.delete', none)).toBe(false);
    expect(canWithSettings('member', 'flows.publish', { ...none, membersCanPublish: true })).toBe(true);
    expect(canWithSettings('member', 'flows.delete', { ...none, membersCanPublish: true })).toBe(false);
    expect(canWithSettings('member', 'flows.delete', { ...none, membersCanDelete: true })).toBe(true);
  });

  it('never widens what a viewer may do, and grants nothing without settings', () => {
    expect(canWithSettings('viewer', 'flows.publish', all)).toBe(false);
    expect(canWithSettings('viewer', 'flows.edit', all)).toBe(false);
    expect(canWithSettings('member', 'flows.publish', undefined)).toBe(false);
  });

  it('keeps admins allowed whatever the settings', () => {
    expect(canWithSettings('workspace_admin', 'flows.publish', none)).toBe(true);
    expect(canWithSettings('super_admin', 'flows.delete', none)).toBe(true);
  });
});

describe('roleLabel', () => {
  it('names every role in plain words', () => {
    expect(ROLES.map(roleLabel)).toEqual(['Super admin', 'Workspace admin', 'Member', 'Viewer']);
  });
});
