// All users of the server, a page at a time.
import { useState } from 'react';
import { ErrorAlert } from '../../../components/Alert';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../lib/format';
import { roleLabel } from '../../auth/permissions';
import { USERS_PAGE_SIZE, useUsersPage } from '../hooks';

export function UsersTab() {
  const [offset, setOffset] = useState(0);
  const page = useUsersPage(offset);
  const total = page.data?.total ?? 0;
  const users = page.data?.users ?? [];
  const first = users.length === 0 ? 0 : offset + 1;
  const last = offset + users.length;

  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <ErrorAlert message={page.error} />
      {page.data === undefined ? (
        page.loading && <Loading />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Workspace</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                {users.map((user) => (
                  <tr key={user.id}>
                    <td>{user.name}</td>
                    <td>{user.email}</td>
                    <td>{roleLabel(user.role)}</td>
                    <td>{user.workspaceName ?? user.workspaceId}</td>
                    <td>{formatDateTime(user.createdAtMs, '—')}</td>
                    <td>{formatDateTime(user.lastLoginAtMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Users pages">
            <span data-testid="users-range">
              {first}–{last} of {total}
            </span>
            <button
              type="button"
              className="button small"
              disabled={offset === 0 || page.loading}
              onClick={() => setOffset(Math.max(0, offset - USERS_PAGE_SIZE))}
            >
              Previous
            </button>
            <button
              type="button"
              className="button small"
              disabled={last >= total || page.loading}
              onClick={() => setOffset(offset + USERS_PAGE_SIZE)}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
