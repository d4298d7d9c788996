// Lets signed-in people through; sends everyone else to /signin, remembering where they were going.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '../../../components/Loading';
import { useSession } from '../hooks';

export interface ReturnState {
  from?: string;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'loading') {
    return (
      <main className="centered">
        <Loading label="Checking your session…" />
      </main>
    );
  }
  if (session.status === 'unavailable') {
    return (
      <main className="centered">
        <div className="card narrow">
          <h1>PMOS is not reachable</h1>
          <p role="alert">{session.error}</p>
          <button type="button" className="button primary" onClick={session.refresh}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (session.status === 'anonymous') {
    // After an explicit sign-out the next person starts from the dashboard, not from the page left behind.
    const state: ReturnState | undefined = session.signedOutByUser
      ? undefined
      : { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to="/signin" replace state={state} />;
  }
  return <>{children}</>;
}

/** Where to go after signing in: the remembered app path, never an outside or auth page. */
export function returnPath(state: unknown): string {
  const from = (state as ReturnState | null)?.from;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return '/';
  if (/^\/(signin|signup|invite)(\/|$|\?)/.test(from)) return '/';
  return from;
}
