// AI chat about projects and flows (arrives in a later release).
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/hooks';
import { can } from '../auth/permissions';

export function ChatPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Chat" description="Ask the AI assistant about your projects and flows." />
      <EmptyState title="No conversations yet" testId="chat-empty">
        <p>
          Conversations with your AI assistant will appear here. It will answer questions about your
          projects and help you build and run flows, asking for approval before anything risky.
        </p>
        <p>
          {can(user.role, 'chat.use')
            ? 'To get started, an AI provider must be connected in Integrations.'
            : 'As a viewer you will be able to read your workspace’s conversations here.'}
        </p>
      </EmptyState>
    </>
  );
}
