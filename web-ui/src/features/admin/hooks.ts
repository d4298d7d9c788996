// Loading hooks for the admin page.
import { useCallback, useState } from 'react';
import { useAction } from '../../lib/useAction';
import { useLoad } from '../../lib/useLoad';
import { adminApi } from './api';
import type { AuditEvent } from './types';

export const USERS_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZE = 50;

export const useWorkspaces = () => useLoad(adminApi.workspaces, 'workspaces');

export function useUsersPage(offset: number) {
  return useLoad(() => adminApi.users(USERS_PAGE_SIZE, offset), `users:${offset}`);
}

export const useServerSettings = () => useLoad(adminApi.settings, 'settings');

/** The audit log, newest first, grown page by page with the server's `nextBefore` cursor. */
export function useAuditLog() {
  const first = useLoad(() => adminApi.audit(AUDIT_PAGE_SIZE), 'audit');
  const { run: runMore, pending: loadingMore, error: moreError } = useAction();
  const [older, setOlder] = useState<{ events: AuditEvent[]; nextBefore: string | undefined }>();

  const events = [...(first.data?.events ?? []), ...(older?.events ?? [])];
  const nextBefore = older ? older.nextBefore : first.data?.nextBefore;

  const loadMore = useCallback(async () => {
    if (nextBefore === undefined) return;
    const page = await runMore(() => adminApi.audit(AUDIT_PAGE_SIZE, nextBefore));
    if (page) {
      setOlder((previous) => ({
        events: [...(previous?.events ?? []), ...page.events],
        nextBefore: page.nextBefore,
      }));
    }
  }, [runMore, nextBefore]);

  return {
    events,
    hasMore: nextBefore !== undefined,
    loading: first.loading && first.data === undefined,
    loadingMore,
    error: moreError ?? first.error,
    loadMore,
  };
}
