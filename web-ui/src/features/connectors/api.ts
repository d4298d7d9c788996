// Calls to the connectors and onboarding endpoints.
import { http, request } from '../../lib/http';
import type { ConnectorsAnswer, ConnectorSettings, ConnectorsUpdate, Onboarding, TestAnswer } from './types';

const CONNECTORS = '/api/pmos/connectors';

export const connectorsApi = {
  /** Settings and masks for admins; the status list for members and viewers. */
  get: () => http.get<ConnectorsAnswer>(CONNECTORS),

  save: (update: ConnectorsUpdate) => http.put<ConnectorSettings>(CONNECTORS, update),

  /** Tests one connector (`flowPieces`, `ai`, `mcp`, `mcp:<name>`), or all of them when none is named. */
  test: (connector?: string) =>
    connector === undefined
      ? request<TestAnswer>('POST', `${CONNECTORS}/test`)
      : http.post<TestAnswer>(`${CONNECTORS}/test`, { connector }),

  onboarding: () => http.get<Onboarding>('/api/pmos/onboarding'),
};
