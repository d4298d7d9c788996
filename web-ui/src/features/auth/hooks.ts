// The signed-in session as seen by every component, and hooks to read it.
import { createContext, useContext } from 'react';
import type { User } from './types';

/** `unavailable`: the server could not be asked, so nobody knows yet whether a session exists. */
export type SessionStatus = 'loading' | 'authenticated' | 'anonymous' | 'unavailable';

export interface Session {
  status: SessionStatus;
  user: User | undefined;
  /** Why the session could not be checked, when status is `unavailable`. */
  error: string | undefined;
  /** True after the person pressed Sign out (as opposed to a session that expired or never existed). */
  signedOutByUser: boolean;
  /** Records the user that a sign-in, sign-up or accepted invitation returned. */
  signedIn: (user: User) => void;
  /** Ends the session on the server and forgets the user here. */
  signOut: () => Promise<void>;
  /** Asks the server again who is signed in. */
  refresh: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession must be used inside a SessionProvider.');
  return session;
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (user === undefined) throw new Error('useCurrentUser must be used behind RequireAuth.');
  return user;
}
