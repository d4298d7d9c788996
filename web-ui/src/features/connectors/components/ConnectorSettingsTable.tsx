// The admin's list of configured connectors: address, sign-in, secret mask, last test, and a link to edit.
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../lib/format';
import { PROVIDER_LABELS, WIZARD_MCP_NAME, connectorLabel } from '../forms';
import type { CheckResult, ConnectorSettings, ConnectorStepId, SecretView } from '../types';
import { HealthPill, healthOf } from './HealthPill';

interface Row {
  connector: string;
  settings: string;
  secret: SecretView | undefined;
  lastTest: CheckResult | undefined;
  /** The wizard step that edits it; absent for MCP connections the wizard does not edit. */
  step: ConnectorStepId | undefined;
  configured: boolean;
}

const FLOW_PIECES_AUTH = { api_key: 'API key', password: 'email and password' } as const;
const MCP_AUTH = { bearer: 'Bearer key', header: 'key in a header', none: 'no key' } as const;

function rowsOf(settings: ConnectorSettings): Row[] {
  const rows: Row[] = [];
  const fp = settings.flowPieces;
  rows.push(
    fp
      ? {
          connector: 'flowPieces',
          settings: `${fp.url} · ${FLOW_PIECES_AUTH[fp.authMode] ?? fp.authMode}${fp.projectId ? ` · project ${fp.projectId}` : ''}`,
          secret: fp.secret,
          lastTest: fp.lastTest,
          step: 'flowPieces',
          configured: true,
        }
      : { connector: 'flowPieces', settings: '', secret: undefined, lastTest: undefined, step: 'flowPieces', configured: false },
  );
  if (!settings.mcp.some((connection) => connection.name === WIZARD_MCP_NAME)) {
    rows.push({ connector: `mcp:${WIZARD_MCP_NAME}`, settings: '', secret: undefined, lastTest: undefined, step: 'mcp', configured: false });
  }
  for (const connection of settings.mcp) {
    const header = connection.authMode === 'header' && connection.headerName ? ` (${connection.headerName})` : '';
    rows.push({
      connector: `mcp:${connection.name}`,
      settings: `${connection.url} · ${MCP_AUTH[connection.authMode] ?? connection.authMode}${header}`,
      secret: connection.secret,
      lastTest: connection.lastTest,
      step: connection.name === WIZARD_MCP_NAME ? 'mcp' : undefined,
      configured: true,
    });
  }
  const ai = settings.ai;
  rows.push(
    ai
      ? {
          connector: 'ai',
          settings: [PROVIDER_LABELS[ai.provider] ?? ai.provider, ai.model, ai.baseUrl].filter(Boolean).join(' · '),
          secret: ai.secret,
          lastTest: ai.lastTest,
          step: 'ai',
          configured: true,
        }
      : { connector: 'ai', settings: '', secret: undefined, lastTest: undefined, step: 'ai', configured: false },
  );
  return rows;
}

export function ConnectorSettingsTable({ settings }: { settings: ConnectorSettings }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="connector-settings-list">
        <thead>
          <tr>
            <th scope="col">Connector</th>
            <th scope="col">Settings</th>
            <th scope="col">Secret</th>
            <th scope="col">Status</th>
            <th scope="col">Last test</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(settings).map((row) => (
            <tr key={row.connector} data-testid={`connector-row-${row.connector}`}>
              <td>{connectorLabel(row.connector)}</td>
              <td className="detail">{row.configured ? row.settings : <span className="muted">—</span>}</td>
              <td className="mono">{row.secret?.set ? (row.secret.mask ?? 'Stored') : <span className="muted">None</span>}</td>
              <td>
                <HealthPill health={row.configured ? healthOf(row.lastTest) : 'unconfigured'} />
                {row.lastTest?.error && <p className="detail">{row.lastTest.error.message}</p>}
              </td>
              <td className="nowrap">{formatDateTime(row.lastTest?.checkedAtMs)}</td>
              <td className="row-actions">
                {row.step ? (
                  <Link to={`/setup?step=${row.step}`}>
                    Edit in setup<span className="visually-hidden">: {connectorLabel(row.connector)}</span>
                  </Link>
                ) : (
                  <span className="muted">Edit through the API</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
