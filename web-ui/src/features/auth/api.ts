// Calls to the public and self-service auth endpoints.
import { http } from '../../lib/http';
import type { AuthConfig, InvitationPreview, User } from './types';

interface UserAnswer {
  ok: true;
  user: User;
}

export const authApi = {
  config: () =>
    http
      .get<{ ok: true } & AuthConfig>('/api/pmos/auth/config')
      .then(({ signupEnabled, bootstrapNeeded }): AuthConfig => ({ signupEnabled, bootstrapNeeded })),

  me: () => http.get<UserAnswer>('/api/pmos/auth/me').then((answer) => answer.user),

  login: (email: string, password: string) =>
    http.post<UserAnswer>('/api/pmos/auth/login', { email, password }).then((answer) => answer.user),

  signup: (name: string, email: string, password: string) =>
    http
      .post<UserAnswer>('/api/pmos/auth/signup', { name, email, password })
      .then((answer) => answer.user),

  logout: () => http.post<{ ok: true }>('/api/pmos/auth/logout', {}),

  invitation: (token: string) =>
    http
      .get<{ ok: true; invitation: InvitationPreview }>(
        `/api/pmos/auth/invitations/${encodeURIComponent(token)}`,
      )
      .then((answer) => answer.invitation),

  acceptInvitation: (token: string, name: string, password: string) =>
    http
      .post<UserAnswer>(`/api/pmos/auth/invitations/${encodeURIComponent(token)}/accept`, {
        name,
        password,
      })
      .then((answer) => answer.user),

  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<{ ok: true }>('/api/pmos/auth/change-password', { currentPassword, newPassword }),

  resetPassword: (userId: string, newPassword: string) =>
    http.post<{ ok: true }>('/api/pmos/auth/admin/reset-password', { userId, newPassword }),
};
