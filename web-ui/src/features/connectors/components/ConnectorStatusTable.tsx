// What members and viewers see of the connectors: which are set up and whether their last test passed.
import { formatDateTime } from '../../../lib/format';
import { connectorLabel } from '../forms';
import type { ConnectorStatus } from '../types';
import { HealthPill, type Health } from './HealthPill';

function healthOf(status: ConnectorStatus): Health {
  if (!status.configured) return 'unconfigured';
  if (status.state) return status.state;
  if (status.passed === undefined || status.passed === null) return 'untested';
  return status.passed ? 'passed' : 'failed';
}

export function ConnectorStatusTable({ status }: { status: ConnectorStatus[] }) {
  if (status.length === 0) {
    return (
      <p className="muted" data-testid="connector-status-empty">
        Nothing is connected yet. A workspace admin connects Flow Pieces, BCGPT and an AI provider.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="connector-status-list">
        <thead>
          <tr>
            <th scope="col">Connector</th>
            <th scope="col">Status</th>
            <th scope="col">Last test</th>
          </tr>
        </thead>
        <tbody>
          {status.map((row) => (
            <tr key={row.connector} data-testid={`connector-status-${row.connector}`}>
              <td>{connectorLabel(row.connector)}</td>
              <td>
                <HealthPill health={healthOf(row)} />
              </td>
              <td className="nowrap">{formatDateTime(row.checkedAtMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
