// History of flow runs (arrives with the flow engine).
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every time a flow runs, you can follow it here." />
      <EmptyState title="No runs yet" testId="runs-empty">
        <p>
          Each flow run will be listed here with its status, its steps and how long it took, so you can
          see what happened and why.
        </p>
        <p>Runs appear as soon as a flow is triggered for the first time.</p>
      </EmptyState>
    </>
  );
}
