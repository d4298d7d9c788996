// Asks the server who is signed in and keeps the answer for the whole app.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, errorMessage, onUnauthorized } from '../../../lib/http';
import { authApi } from '../api';
import { SessionContext, type Session, type SessionStatus } from '../hooks';
import type { User } from '../types';

interface State {
  status: SessionStatus;
  user: User | undefined;
  error: string | undefined;
  signedOutByUser: boolean;
}

const ANONYMOUS: State = { status: 'anonymous', user: undefined, error: undefined, signedOutByUser: false };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({
    status: 'loading',
    user: undefined,
    error: undefined,
    signedOutByUser: false,
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    authApi.me().then(
      (user) => {
        if (current) setState({ status: 'authenticated', user, error: undefined, signedOutByUser: false });
      },
      (failure: unknown) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.status === 401) {
          setState(ANONYMOUS);
        } else {
          setState({
            status: 'unavailable',
            user: undefined,
            error: errorMessage(failure),
            signedOutByUser: false,
          });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [generation]);

  // Any 401 means the server no longer honours the session (expired, revoked, password reset).
  useEffect(
    () =>
      onUnauthorized(() =>
        setState((previous) =>
          previous.status === 'authenticated' ? ANONYMOUS : previous,
        ),
      ),
    [],
  );

  const signedIn = useCallback((user: User) => {
    setState({ status: 'authenticated', user, error: undefined, signedOutByUser: false });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // Signing out must always leave this tab signed out; if the server missed the logout,
      // the next page load asks it again and shows the truth.
    }
    setState({ ...ANONYMOUS, signedOutByUser: true });
  }, []);

  const refresh = useCallback(() => {
    setState((previous) => ({ ...previous, status: 'loading', error: undefined }));
    setGeneration((n) => n + 1);
  }, []);

  const session = useMemo<Session>(
    () => ({ ...state, signedIn, signOut, refresh }),
    [state, signedIn, signOut, refresh],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
