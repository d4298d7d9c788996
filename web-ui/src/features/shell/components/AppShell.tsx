// The frame around every signed-in page: left navigation, top bar, and the page itself.
import { useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router-dom';
import { ApprovalsCountBadge } from '../../approvals/components/ApprovalsCountBadge';
import { useCurrentUser, useSession } from '../../auth/hooks';
import { navItemsFor } from '../nav';
import { RolePill } from './RolePill';

export function AppShell() {
  const user = useCurrentUser();
  const items = navItemsFor(user.role);
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link to="/" className="brand" aria-label="PMOS home">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span className="brand-name">PMOS</span>
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.to === '/'}
                  className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
                  data-testid={item.testId}
                >
                  {item.label}
                  {item.badge === 'approvals' && <ApprovalsCountBadge />}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main-column">
        <TopBar />
        <main className="content" id="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

function TopBar() {
  const user = useCurrentUser();
  const session = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    await session.signOut();
    navigate('/signin', { replace: true });
  }

  return (
    <header className="topbar">
      <div className="workspace-name" data-testid="workspace-name">
        {user.workspaceName ?? 'Workspace'}
      </div>
      <div className="topbar-user">
        <RolePill role={user.role} />
        <Link to="/account" className="user-email" data-testid="user-email" title="Your account">
          {user.email}
        </Link>
        <button type="button" className="button" onClick={signOut} disabled={signingOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
