// Recent runs of every flow of the workspace, newest first, each linking to its flow in Flow Studio.
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { http } from '../../lib/http';
import { useLoad } from '../../lib/useLoad';
import { statusLabel, statusTone } from '../flows/runs/RunsPanel';
import '../flows/flows.css';

export interface RecentRun {
  id: string;
  flowId: string;
  flowName: string;
  status: string;
  created: string;
  startTime?: string;
  finishTime?: string | null;
  environment?: string;
}

interface RecentRunsAnswer {
  runs: RecentRun[];
  next?: string | null;
}

/** How long a run took, in plain words ("1.2 s", "3 min"), or "" while it runs. */
export function duration(run: Pick<RecentRun, 'startTime' | 'finishTime'>): string {
  if (!run.startTime || !run.finishTime) return '';
  const ms = Date.parse(run.finishTime) - Date.parse(run.startTime);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function RunsPage() {
  const runs = useLoad(() => http.get<RecentRunsAnswer>('/api/pmos/runs'), 'runs');
  return (
    <>
      <PageHeader title="Runs" description="Every time a flow runs, you can follow it here." />
      {runs.loading && !runs.data && <Loading />}
      {runs.errorStatus === 409 ? (
        <EmptyState title="Flow Pieces is not connected" testId="runs-not-connected">
          <p>
            Runs come from Flow Pieces. <Link to="/setup">Connect Flow Pieces in Setup</Link> to see them here.
          </p>
        </EmptyState>
      ) : (
        <ErrorAlert message={runs.error} testId="runs-error" />
      )}
      {runs.data && runs.data.runs.length === 0 && (
        <EmptyState title="No runs yet" testId="runs-empty">
          <p>
            When a published flow is triggered, its run is listed here with its status and how long it took. Test
            runs started in Flow Studio are in the flow&apos;s own runs panel.
          </p>
        </EmptyState>
      )}
      {runs.data && runs.data.runs.length > 0 && (
        <div className="card table-wrap">
          <table className="table" data-testid="runs-table">
            <thead>
              <tr>
                <th>Flow</th>
                <th>Status</th>
                <th>Started</th>
                <th>Took</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((run) => (
                <tr key={run.id} data-testid={`recent-run-${run.id}`}>
                  <td>
                    <Link to={`/flows/${encodeURIComponent(run.flowId)}`}>{run.flowName}</Link>
                  </td>
                  <td>
                    <span className={`pill status-${statusTone(run.status)}`}>{statusLabel(run.status)}</span>
                  </td>
                  <td>{run.startTime || run.created ? new Date(run.startTime ?? run.created).toLocaleString() : ''}</td>
                  <td>{duration(run)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
