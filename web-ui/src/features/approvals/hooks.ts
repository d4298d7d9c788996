// Keeping approval lists fresh: the workspace's topic `approvals:<workspaceId>` (admins), a refetch when the window
// gets the focus back, and a signal after a decision made on this page; and the clock for expiry countdowns.
import { useCallback, useEffect, useRef, useState } from 'react';
import { liveClient } from '../../lib/ws';
import { useCurrentUser } from '../auth/hooks';
import { approvalsApi } from './api';
import { canDecideApprovals } from './permissions';

const changeListeners = new Set<() => void>();

/** Tells every list on the page that a request changed (a decision made here). */
export function notifyApprovalsChanged() {
  [...changeListeners].forEach((listener) => listener());
}

/**
 * Calls `onChange` whenever requests may have changed: an event on the workspace's approvals topic (only when
 * `live` and the person is an admin), a decision made here, and the window getting the focus back.
 */
export function useApprovalChanges(onChange: () => void, live: boolean) {
  const user = useCurrentUser();
  const admin = canDecideApprovals(user.role);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const changed = () => onChangeRef.current();
    changeListeners.add(changed);
    window.addEventListener('focus', changed);
    return () => {
      changeListeners.delete(changed);
      window.removeEventListener('focus', changed);
    };
  }, []);

  useEffect(() => {
    if (!live || !admin) return undefined;
    return liveClient().subscribe(`approvals:${user.workspaceId}`, (message) => {
      if (message.type !== 'error') onChangeRef.current();
    });
  }, [live, admin, user.workspaceId]);
}

/** The number of pending requests an admin can decide; undefined until read (or when it cannot be read). */
export function usePendingApprovalsCount(): number | undefined {
  const [count, setCount] = useState<number>();
  const [readOnce, setReadOnce] = useState(false);
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const current = (generation.current += 1);
    approvalsApi.list('pending').then(
      (approvals) => {
        if (current !== generation.current) return;
        // Only those the server says this person may decide (not their own shell command, nor their own under four eyes).
        setCount(approvals.filter((approval) => approval.canDecide !== false).length);
        setReadOnce(true);
      },
      () => undefined,
    );
  }, []);

  useEffect(() => {
    refresh();
    return () => {
      generation.current += 1;
    };
  }, [refresh]);
  // The topic is followed once the count could be read: a count that cannot be read has no changes to follow.
  useApprovalChanges(refresh, readOnce);
  return count;
}

/** The current time, again every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
