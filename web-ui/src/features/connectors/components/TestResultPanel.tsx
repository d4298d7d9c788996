// The outcome of a connector test: green "Passed" with what was found, amber "Connected, key not verified" when
// nothing proved the key, or red "Failed" with what to fix.
import { Fragment } from 'react';
import { formatDateTime } from '../../../lib/format';
import { PROVIDER_LABELS, resultState } from '../forms';
import { AI_PROVIDERS, type AiProviderId, type CheckResult, type ConnectorStepId } from '../types';

interface DetailRow {
  label: string;
  value: string;
}

function isProvider(value: unknown): value is AiProviderId {
  return AI_PROVIDERS.some((id) => id === value);
}

/** A detail value as short text; absent values give undefined. */
export function detailText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((item) => detailText(item) ?? '').filter(Boolean).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => {
        const text = detailText(item);
        return text === undefined ? undefined : `${key}: ${text}`;
      })
      .filter(Boolean)
      .join(', ');
  }
  return undefined;
}

/** The details of a test worth showing for each step, in a fixed order. */
export function detailRows(step: ConnectorStepId, details: Record<string, unknown>): DetailRow[] {
  const server = [details.serverName, details.serverVersion].map(detailText).filter(Boolean).join(' ');
  const provider = isProvider(details.provider) ? PROVIDER_LABELS[details.provider] : details.provider;
  const models = Array.isArray(details.models) ? details.models.slice(0, 8) : undefined;
  const rows: [string, unknown][] =
    step === 'flowPieces'
      ? [
          ['Edition', details.edition],
          ['Version', details.version],
          ['Project', details.projectId],
          ['Flows', details.flowCount],
        ]
      : step === 'mcp'
        ? [
            ['Server', server],
            ['Protocol', details.protocolVersion],
            ['Tools', details.toolCount],
            ['Identity', details.identity],
            ['Health', details.health],
          ]
        : [
            ['Provider', provider],
            ['Model', details.model],
            ['Key valid', details.keyValid],
            ['Model available', details.modelAvailable],
            ['Mode', details.mode],
            ['Some models', models],
          ];
  return rows.flatMap(([label, value]) => {
    const text = detailText(value);
    return text === undefined ? [] : [{ label, value: text }];
  });
}

export function TestResultPanel({ step, result }: { step: ConnectorStepId; result: CheckResult | undefined }) {
  if (result === undefined) {
    return (
      <p className="muted result-none" aria-live="polite">
        No test result since the last change. Save and test checks these settings.
      </p>
    );
  }
  const rows = detailRows(step, result.details ?? {});
  const state = resultState(result);
  return (
    <section
      className={`result result-${state}`}
      data-testid={`test-result-${step}`}
      data-state={state}
      aria-live="polite"
      aria-label="Test result"
    >
      <h3 className="result-title">
        {state === 'passed' ? 'Passed' : state === 'unverified' ? 'Connected, key not verified' : 'Failed'}
      </h3>
      {state === 'unverified' && (
        <p className="result-message" data-testid={`test-unverified-${step}`}>
          The server answered, but nothing proved the key: listing tools works with any key. Set an identity tool
          (for BCGPT: whoami) and test again.
        </p>
      )}
      {!result.ok && (
        <>
          <p className="result-message" data-testid={`test-error-${step}`}>
            {result.error?.message ?? 'The test did not pass.'}
          </p>
          {result.error?.fix && (
            <p className="result-fix" data-testid={`test-fix-${step}`}>
              <strong>How to fix:</strong> {result.error.fix}
            </p>
          )}
        </>
      )}
      <ul className="result-checks">
        <li>{result.configured ? 'Settings complete' : 'Settings incomplete'}</li>
        <li>{result.reachable ? 'Reachable' : 'Not reached'}</li>
        <li>{result.authOk ? 'Credentials accepted' : 'Credentials not confirmed'}</li>
      </ul>
      {rows.length > 0 && (
        <dl className="details result-details">
          {rows.map((row) => (
            <Fragment key={row.label}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      <p className="muted result-meta">
        Checked {formatDateTime(result.checkedAtMs)}
        {result.latencyMs > 0 ? ` in ${result.latencyMs} ms` : ''}
        {result.error?.code ? (
          <>
            {' · '}
            <span className="mono">{result.error.code}</span>
          </>
        ) : null}
      </p>
    </section>
  );
}
