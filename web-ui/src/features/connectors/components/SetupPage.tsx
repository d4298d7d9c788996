// The setup wizard at /setup: admins connect and test Flow Pieces → BCGPT (MCP) → AI provider → Ready;
// members and viewers see where things stand, read-only.
import { useState, type ComponentType } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { useCurrentUser } from '../../auth/hooks';
import { can } from '../../auth/permissions';
import { useConnectors, useOnboarding, useSetupWizard } from '../hooks';
import { STEP_LABELS, isStepId, nextStep } from '../steps';
import type { ConnectorSettings, ConnectorStatus, ConnectorStepId, Onboarding, StepId } from '../types';
import { AiStep } from './AiStep';
import { ConnectorStatusTable } from './ConnectorStatusTable';
import { FlowPiecesStep } from './FlowPiecesStep';
import { McpStep } from './McpStep';
import { ReadyStep } from './ReadyStep';
import type { StepProps } from './StepPanel';
import { WizardStepper } from './WizardStepper';

const TITLE = 'Setup';
const STEP_VIEWS: Record<ConnectorStepId, ComponentType<StepProps>> = {
  flowPieces: FlowPiecesStep,
  mcp: McpStep,
  ai: AiStep,
};

export function SetupPage() {
  const user = useCurrentUser();
  return can(user.role, 'integrations.manage') ? <SetupWizardPage /> : <SetupStatusPage />;
}

function SetupWizardPage() {
  const connectors = useConnectors();
  const onboarding = useOnboarding();
  const [params] = useSearchParams();
  const requested = params.get('step');

  if (connectors.data === undefined || onboarding.data === undefined) {
    return (
      <>
        <PageHeader title={TITLE} description="Connect PMOS to your tools, test each one, and start chatting." />
        <ErrorAlert message={connectors.error ?? onboarding.error} testId="setup-load-error" />
        {connectors.loading || onboarding.loading ? (
          <Loading />
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => {
              connectors.reload();
              onboarding.reload();
            }}
          >
            Try again
          </button>
        )}
      </>
    );
  }
  if (!connectors.data.canEdit) {
    return <StatusView status={connectors.data.status} onboarding={onboarding.data} />;
  }
  return (
    <Wizard
      initialSettings={connectors.data}
      onboarding={onboarding.data}
      onboardingError={onboarding.error}
      reloadOnboarding={onboarding.reload}
      initialStep={isStepId(requested) ? requested : onboarding.data.current}
    />
  );
}

function Wizard({ initialSettings, onboarding, onboardingError, reloadOnboarding, initialStep }: {
  initialSettings: ConnectorSettings;
  onboarding: Onboarding;
  onboardingError: string | undefined;
  reloadOnboarding: () => void;
  initialStep: StepId;
}) {
  const wizard = useSetupWizard(initialSettings, reloadOnboarding);
  // Opened once on the step the server calls current (or the one asked for); afterwards the person chooses.
  const [active, setActive] = useState<StepId>(initialStep);

  function select(step: StepId) {
    wizard.clearStepMessages();
    setActive(step);
  }

  const following = nextStep(active);
  const next = following ? { step: following, go: () => select(following) } : undefined;
  const StepView = active === 'ready' ? undefined : STEP_VIEWS[active];

  return (
    <>
      <PageHeader
        title={TITLE}
        description="Connect PMOS to Flow Pieces, BCGPT and an AI provider, test each one, and start chatting."
        actions={
          <button type="button" className="button" disabled={wizard.pending} onClick={wizard.testAll}>
            {wizard.testAllPending ? 'Testing all…' : 'Test all'}
          </button>
        }
      />
      <ErrorAlert message={wizard.testAllError ?? onboardingError} testId="test-all-error" />
      <StatusMessage message={wizard.testAllSummary} testId="test-all-summary" />
      <WizardStepper onboarding={onboarding} active={active} onSelect={select} />
      {StepView ? (
        <StepView key={active} wizard={wizard} next={next} />
      ) : (
        <ReadyStep onboarding={onboarding} onSelect={select} />
      )}
    </>
  );
}

function StatusView({ status, onboarding }: {
  status: ConnectorStatus[];
  onboarding: Onboarding | undefined;
}) {
  return (
    <>
      <PageHeader
        title={TITLE}
        description="A workspace admin connects Flow Pieces, BCGPT and an AI provider. Here is where things stand."
      />
      <section className="card" aria-labelledby="setup-status-heading" data-testid="setup-read-only">
        <h2 id="setup-status-heading">Connector status</h2>
        {onboarding && (
          <p data-testid="setup-progress">
            {onboarding.ready
              ? 'Setup is complete: chat is ready.'
              : `Setup: ${onboarding.completed}/${onboarding.total} complete. Steps left: ${onboarding.steps
                  .filter((step) => step.status !== 'passed' && step.status !== 'unverified')
                  .map((step) => STEP_LABELS[step.id])
                  .join(', ')}.`}
          </p>
        )}
        <ConnectorStatusTable status={status} />
      </section>
    </>
  );
}

function SetupStatusPage() {
  const connectors = useConnectors();
  const onboarding = useOnboarding();
  const data = connectors.data;
  if (data === undefined) {
    return (
      <>
        <PageHeader title={TITLE} />
        <ErrorAlert message={connectors.error} testId="setup-load-error" />
        {connectors.loading && <Loading />}
      </>
    );
  }
  // A member or viewer only ever gets the status list; settings are not shown even if the server sent them.
  return <StatusView status={data.canEdit ? [] : data.status} onboarding={onboarding.data} />;
}
