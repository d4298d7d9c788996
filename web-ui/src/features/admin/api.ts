// Calls to the super admin endpoints and the audit log.
import { http } from '../../lib/http';
import type { User } from '../auth/types';
import type { AuditAnswer, AuditPage, ServerSettings, WorkspaceSummary } from './types';

export const adminApi = {
  workspaces: () =>
    http
      .get<{ ok: true; workspaces: WorkspaceSummary[] }>('/api/pmos/admin/workspaces')
      .then((a) => a.workspaces),

  users: (limit: number, offset: number) =>
    http
      .get<{ ok: true; users: User[]; total: number }>(
        `/api/pmos/admin/users?${new URLSearchParams({ limit: String(limit), offset: String(offset) })}`,
      )
      .then(({ users, total }) => ({ users, total })),

  audit: (limit: number, before?: string) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (before !== undefined) query.set('before', before);
    return http
      .get<AuditAnswer>(`/api/pmos/audit?${query}`)
      .then(({ events, nextBefore }): AuditPage =>
        nextBefore === undefined || nextBefore === null ? { events } : { events, nextBefore: String(nextBefore) },
      );
  },

  settings: () =>
    http
      .get<{ ok: true; settings: ServerSettings }>('/api/pmos/admin/settings')
      .then((a) => a.settings),

  saveSettings: (settings: ServerSettings) =>
    http
      .put<{ ok: true; settings: ServerSettings }>('/api/pmos/admin/settings', settings)
      .then((a) => a.settings),
};
