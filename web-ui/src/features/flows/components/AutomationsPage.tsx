// The automations page (/flows): the workspace's flows with create, rename, enable/disable, delete and a way
// into Flow Studio; a plain message with a link to the setup when Flow Pieces is not connected yet.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { EmptyState } from '../../../components/EmptyState';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useAction } from '../../../lib/useAction';
import { useLoad } from '../../../lib/useLoad';
import { flowsApi, newIdempotencyKey } from '../api';
import { useFlowPermissions, type FlowPermissions } from '../hooks';
import type { FlowSummary } from '../model';
import { statusLabel, statusTone } from '../runs/RunsPanel';
import '../flows.css';

const WHAT_IS_A_FLOW =
  'A flow is a series of steps that runs by itself when something happens, for example when a webhook receives an order, and then acts in your tools.';

export function AutomationsPage() {
  const flows = useLoad(flowsApi.list, 'flows');
  const permissions = useFlowPermissions();
  const action = useAction();
  const [message, setMessage] = useState<string>();
  const [creating, setCreating] = useState(false);

  const notConnected = flows.errorStatus === 409;

  async function run(work: () => Promise<unknown>, done: string) {
    setMessage(undefined);
    const result = await action.run(work);
    if (result !== undefined) {
      setMessage(done);
      flows.reload();
    }
  }

  const createButton = permissions.edit && !notConnected && (
    <button type="button" className="button primary" onClick={() => setCreating(true)}>
      Create flow
    </button>
  );

  return (
    <>
      <PageHeader
        title="Automations"
        description="Your workspace's flows. Open one in Flow Studio to build it step by step."
        actions={flows.data && flows.data.length > 0 ? createButton : undefined}
      />
      {creating && <CreateFlowForm onCancel={() => setCreating(false)} />}
      <ErrorAlert message={action.error} testId="flows-action-error" />
      <StatusMessage message={message} testId="flows-status" />
      {notConnected ? (
        <EmptyState title="Flow Pieces is not connected" testId="flows-not-connected">
          <p>{flows.error}</p>
          <p>
            <Link to="/setup">Open the setup</Link>
          </p>
        </EmptyState>
      ) : flows.error && flows.data === undefined ? (
        <ErrorAlert message={flows.error} testId="flows-error" />
      ) : flows.data === undefined ? (
        <Loading label="Loading flows…" />
      ) : flows.data.length === 0 ? (
        <EmptyState title="No flows yet" testId="flows-empty">
          <p>{WHAT_IS_A_FLOW}</p>
          {permissions.edit && !creating && (
            <button type="button" className="button primary" onClick={() => setCreating(true)}>
              Create your first flow
            </button>
          )}
        </EmptyState>
      ) : (
        <FlowsTable flows={flows.data} permissions={permissions} run={run} pending={action.pending} />
      )}
    </>
  );
}

function CreateFlowForm({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const action = useAction();
  const [name, setName] = useState('');
  // One key per flow being created: pressing the button again after a failure retries the same create, so a
  // create that Flow Pieces applied but answered too late is found instead of made twice.
  const attempt = useRef<{ displayName: string; key: string } | undefined>(undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const displayName = name.trim();
    if (displayName === '') {
      action.setError('Give the flow a name.');
      return;
    }
    if (attempt.current?.displayName !== displayName) attempt.current = { displayName, key: newIdempotencyKey() };
    const { key } = attempt.current;
    const created = await action.run(() => flowsApi.create(displayName, key));
    if (created !== undefined) navigate(`/flows/${encodeURIComponent(created.flow.id)}`);
  }

  return (
    <form className="card narrow form" aria-label="Create flow" onSubmit={submit}>
      <h2>New flow</h2>
      <div className="field">
        <label htmlFor="new-flow-name">Flow name</label>
        <input
          id="new-flow-name"
          type="text"
          value={name}
          maxLength={200}
          autoFocus
          placeholder="Order intake"
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <ErrorAlert message={action.error} testId="create-flow-error" />
      <div className="button-row">
        <button type="submit" className="button primary" disabled={action.pending}>
          Create and open
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

interface FlowsTableProps {
  flows: FlowSummary[];
  permissions: FlowPermissions;
  run: (work: () => Promise<unknown>, done: string) => Promise<void>;
  pending: boolean;
}

function FlowsTable({ flows, permissions, run, pending }: FlowsTableProps) {
  return (
    <section className="card">
      <div className="table-wrap">
        <table className="table" data-testid="flows-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Last change</th>
              <th scope="col">Last run</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <FlowRow key={flow.id} flow={flow} permissions={permissions} run={run} pending={pending} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FlowRow({ flow, permissions, run, pending }: { flow: FlowSummary } & Omit<FlowsTableProps, 'flows'>) {
  const [renaming, setRenaming] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const name = flow.displayName;
  const published = Boolean(flow.publishedVersionId);
  const next = flow.status === 'ENABLED' ? 'DISABLED' : 'ENABLED';

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    const displayName = (renaming ?? '').trim();
    setRenaming(undefined);
    if (displayName === '' || displayName === name) return;
    await run(
      () => flowsApi.operate(flow.id, { type: 'CHANGE_NAME', request: { displayName } }),
      `Renamed to ${displayName}.`,
    );
  };

  return (
    <tr data-testid={`flow-row-${flow.id}`}>
      <td>
        {renaming === undefined ? (
          <Link to={`/flows/${encodeURIComponent(flow.id)}`} className="flow-link">
            {name}
          </Link>
        ) : (
          <form className="inline-rename" aria-label={`Rename ${name}`} onSubmit={rename}>
            <input
              type="text"
              aria-label="New name"
              value={renaming}
              autoFocus
              maxLength={200}
              onChange={(event) => setRenaming(event.target.value)}
            />
            <button type="submit" className="button small primary">
              Save
            </button>
            <button type="button" className="button small" onClick={() => setRenaming(undefined)}>
              Cancel
            </button>
          </form>
        )}
        {!flow.valid && <span className="pill incomplete small-pill">Incomplete</span>}
      </td>
      <td>
        <span className={`pill flow-status-${flow.status.toLowerCase()}`} data-testid="flow-row-status">
          {flow.status === 'ENABLED' ? 'Enabled' : 'Disabled'}
        </span>
      </td>
      <td className="nowrap">{formatDateTime(Date.parse(flow.updated), '—')}</td>
      <td className="nowrap">
        {flow.lastRun ? (
          <>
            <span className={`pill status-${statusTone(flow.lastRun.status)}`}>{statusLabel(flow.lastRun.status)}</span>{' '}
            <span className="muted">{formatDateTime(Date.parse(flow.lastRun.created), '')}</span>
          </>
        ) : (
          <span className="muted">No runs yet</span>
        )}
      </td>
      <td className="row-actions">
        {confirmDelete && (
          <div className="picker-backdrop">
            <div className="dialog" role="alertdialog" aria-modal="true" aria-label={`Delete ${name}`}>
              <h2>Delete “{name}”?</h2>
              <p>The flow and its runs are removed from Flow Pieces. This cannot be undone.</p>
              <div className="button-row">
                <button
                  type="button"
                  className="button danger"
                  autoFocus
                  onClick={() => {
                    setConfirmDelete(false);
                    void run(() => flowsApi.remove(flow.id), `${name} was deleted.`);
                  }}
                >
                  Yes, delete
                </button>
                <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
                  Cancel
                </button>
              </div>
            </div>
          </div>
        )}
        <Link to={`/flows/${encodeURIComponent(flow.id)}`} className="button small" aria-label={`Open ${name} in Flow Studio`}>
          Open in Flow Studio
        </Link>
        {permissions.edit && renaming === undefined && (
          <button type="button" className="button small" aria-label={`Rename ${name}`} onClick={() => setRenaming(name)}>
            Rename
          </button>
        )}
        {permissions.publish && published && (
          <button
            type="button"
            className="button small"
            aria-label={`${next === 'ENABLED' ? 'Enable' : 'Disable'} ${name}`}
            disabled={pending}
            onClick={() =>
              void run(
                () => flowsApi.operate(flow.id, { type: 'CHANGE_STATUS', request: { status: next } }),
                `${name} is now ${next === 'ENABLED' ? 'enabled' : 'disabled'}.`,
              )
            }
          >
            {next === 'ENABLED' ? 'Enable' : 'Disable'}
          </button>
        )}
        {permissions.remove && (
          <button type="button" className="button small danger-outline" aria-label={`Delete ${name}`} onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
