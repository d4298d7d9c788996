// Loading hooks for the members page.
import { useLoad } from '../../lib/useLoad';
import { membersApi } from './api';

export const useMembers = () => useLoad(membersApi.list, 'members');
export const useInvitations = () => useLoad(membersApi.invitations, 'invitations');
