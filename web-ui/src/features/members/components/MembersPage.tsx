// Workspace admins see who is in the workspace, change roles, remove people and invite new ones.
import { PageHeader } from '../../../components/PageHeader';
import { useCurrentUser } from '../../auth/hooks';
import { useInvitations, useMembers } from '../hooks';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';
import { PendingInvitations } from './PendingInvitations';

export function MembersPage() {
  const user = useCurrentUser();
  const members = useMembers();
  const invitations = useInvitations();
  return (
    <>
      <PageHeader
        title="Members"
        description={`Everyone who can sign in to ${user.workspaceName ?? 'this workspace'}, and the invitations still waiting.`}
      />
      <MembersTable members={members} currentUserId={user.id} />
      <InviteForm onCreated={invitations.reload} />
      <PendingInvitations invitations={invitations} members={members.data ?? []} />
    </>
  );
}
