// Hooks shared by the automations page and Flow Studio: what the signed-in person may do with flows, and the
// state of the live connection.
import { useEffect, useState } from 'react';
import { liveClient, type LiveClient, type LiveStatus } from '../../lib/ws';
import { useLoad } from '../../lib/useLoad';
import { useCurrentUser } from '../auth/hooks';
import { canWithSettings } from '../auth/permissions';
import { flowsApi } from './api';

export interface FlowPermissions {
  edit: boolean;
  run: boolean;
  publish: boolean;
  remove: boolean;
}

/** The role's rights on flows, widened for members by the workspace settings once they are known. */
export function useFlowPermissions(): FlowPermissions {
  const user = useCurrentUser();
  const settings = useLoad(flowsApi.workspaceSettings, 'workspace-settings');
  return {
    edit: canWithSettings(user.role, 'flows.edit', settings.data),
    run: canWithSettings(user.role, 'flows.run', settings.data),
    publish: canWithSettings(user.role, 'flows.publish', settings.data),
    remove: canWithSettings(user.role, 'flows.delete', settings.data),
  };
}

export function useLiveStatus(client: LiveClient = liveClient()): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>(client.status);
  useEffect(() => {
    setStatus(client.status);
    return client.onStatus(setStatus);
  }, [client]);
  return status;
}
