// The dashboard's glance at the connectors: each one's last test, and the way to the setup wizard.
import { Link } from 'react-router-dom';
import { Loading } from '../../../components/Loading';
import { useCurrentUser } from '../../auth/hooks';
import { can } from '../../auth/permissions';
import { useOnboarding } from '../hooks';
import { STEP_LABELS } from '../steps';
import { HealthPill } from './HealthPill';

export function ConnectorHealthCard() {
  const user = useCurrentUser();
  const onboarding = useOnboarding();
  const admin = can(user.role, 'integrations.manage');
  const data = onboarding.data;

  return (
    <section className="card health-card" aria-labelledby="health-heading" data-testid="connector-health">
      <div className="card-heading">
        <h2 id="health-heading">Connector health</h2>
        {data && (
          <Link
            to="/setup"
            className={data.ready ? 'button small' : 'button small primary'}
            data-testid="setup-link"
          >
            {data.ready
              ? admin
                ? 'Review setup'
                : 'Setup status'
              : `${admin ? 'Finish setup' : 'Setup status'} (${data.completed}/${data.total})`}
          </Link>
        )}
      </div>
      {data === undefined ? (
        onboarding.loading ? (
          <Loading />
        ) : (
          <p className="muted">Connector health is not available right now.</p>
        )
      ) : (
        <>
          <ul className="health-list">
            {data.steps
              .filter((step) => step.id !== 'ready')
              .map((step) => (
                <li key={step.id} data-testid={`health-${step.id}`}>
                  <span>{STEP_LABELS[step.id]}</span>
                  <HealthPill health={step.status} />
                </li>
              ))}
          </ul>
          <p className="muted">
            {data.ready
              ? 'Everything passed its last test: chat is ready.'
              : admin
                ? 'Connect and test each one in the setup wizard to start chatting.'
                : 'A workspace admin finishes the setup; chat is ready once every connector passes.'}
          </p>
        </>
      )}
    </section>
  );
}
