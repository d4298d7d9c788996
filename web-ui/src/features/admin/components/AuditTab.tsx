// The audit log, newest first, with "Load more" for older events.
import { ErrorAlert } from '../../../components/Alert';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../lib/format';
import { useAuditLog } from '../hooks';
import type { AuditEvent } from '../types';

function parseDetail(detail: AuditEvent['detail']): unknown {
  if (typeof detail !== 'string') return detail;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return detail;
  }
}

/** The event's detail as a short `key: value` line, whether it arrives as an object or as JSON text. */
export function describeDetail(detail: AuditEvent['detail']): string {
  const value = parseDetail(detail);
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || Array.isArray(value)) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return Object.entries(value)
    .map(([key, item]) => `${key}: ${typeof item === 'string' ? item : JSON.stringify(item)}`)
    .join(', ');
}

export function AuditTab() {
  const log = useAuditLog();
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <ErrorAlert message={log.error} />
      {log.loading ? (
        <Loading />
      ) : log.events.length === 0 ? (
        <p className="muted">No events recorded yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Actor</th>
                <th scope="col">Address</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {log.events.map((event) => (
                <tr key={event.id}>
                  <td className="nowrap">{formatDateTime(event.atMs, '—')}</td>
                  <td className="mono">{event.action}</td>
                  <td>
                    <span className={`pill outcome-${event.outcome}`}>{event.outcome}</span>
                  </td>
                  <td>{event.actorEmail ?? event.actorId ?? '—'}</td>
                  <td className="mono">{event.ip ?? '—'}</td>
                  <td className="detail">{describeDetail(event.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasMore && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={log.loadMore}
            disabled={log.loadingMore}
          >
            {log.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
