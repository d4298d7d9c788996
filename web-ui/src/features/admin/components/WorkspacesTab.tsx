// Every workspace on the server with its member count.
import { ErrorAlert } from '../../../components/Alert';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../lib/format';
import { useWorkspaces } from '../hooks';

export function WorkspacesTab() {
  const workspaces = useWorkspaces();
  return (
    <section className="card" aria-labelledby="workspaces-heading">
      <h2 id="workspaces-heading">Workspaces</h2>
      <ErrorAlert message={workspaces.error} />
      {workspaces.data === undefined ? (
        workspaces.loading && <Loading />
      ) : workspaces.data.length === 0 ? (
        <p className="muted">No workspaces yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="workspaces-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Members</th>
                <th scope="col">Created</th>
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {workspaces.data.map((workspace) => (
                <tr key={workspace.id}>
                  <td>{workspace.name}</td>
                  <td>{workspace.memberCount}</td>
                  <td>{formatDateTime(workspace.createdAtMs, '—')}</td>
                  <td className="mono muted">{workspace.id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
