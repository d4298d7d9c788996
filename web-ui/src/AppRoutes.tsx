// Every route of the SPA: public auth pages, and the app pages behind sign-in.
import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router-dom';
import { Loading } from './components/Loading';
import { RetryingNotice } from './components/RetryingNotice';
import { AdminPage } from './features/admin/components/AdminPage';
import { AccountPage } from './features/auth/components/AccountPage';
import { InvitePage } from './features/auth/components/InvitePage';
import { RequireAuth } from './features/auth/components/RequireAuth';
import { RequireCapability } from './features/auth/components/RequireCapability';
import { SignInPage } from './features/auth/components/SignInPage';
import { SignUpPage } from './features/auth/components/SignUpPage';
import { ApprovalsPage } from './features/approvals/components/ApprovalsPage';
import { ChatPage } from './features/chat/components/ChatPage';
import { RunPage } from './features/chat/components/RunPage';
import { SetupPage } from './features/connectors/components/SetupPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { AutomationsPage } from './features/flows/components/AutomationsPage';
import { IntegrationsPage } from './features/integrations/IntegrationsPage';
import { MembersPage } from './features/members/components/MembersPage';
import { RunsPage } from './features/runs/RunsPage';
import { AppShell } from './features/shell/components/AppShell';

// Flow Studio brings the canvas library along: loaded only when a flow is opened.
const FlowStudioPage = lazy(() =>
  import('./features/flows/FlowStudioPage').then((module) => ({ default: module.FlowStudioPage })),
);

function NotFoundPage() {
  return (
    <section className="card narrow" data-testid="not-found">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/">Back to the dashboard</Link>
    </section>
  );
}

export function AppRoutes() {
  return (
    <>
      <RetryingNotice />
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          <Route index element={<DashboardPage />} />
          <Route path="flows" element={<AutomationsPage />} />
          <Route
            path="flows/:id"
            element={
              <Suspense fallback={<Loading label="Opening Flow Studio…" />}>
                <FlowStudioPage />
              </Suspense>
            }
          />
          <Route path="chat" element={<ChatPage />} />
          <Route path="chat/runs/:runId" element={<RunPage />} />
          <Route path="approvals" element={<ApprovalsPage />} />
          <Route path="runs" element={<RunsPage />} />
          <Route path="integrations" element={<IntegrationsPage />} />
          {/* Admins get the wizard; members and viewers a read-only status (decided inside the page). */}
          <Route path="setup" element={<SetupPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route
            path="members"
            element={
              <RequireCapability capability="members.manage">
                <MembersPage />
              </RequireCapability>
            }
          />
          <Route
            path="admin"
            element={
              <RequireCapability capability="admin.view">
                <AdminPage />
              </RequireCapability>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
