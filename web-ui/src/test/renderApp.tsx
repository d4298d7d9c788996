// Renders the whole SPA (real session provider and routes) at a given address, for page tests.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { AppRoutes } from '../AppRoutes';
import { SessionProvider } from '../features/auth/components/SessionProvider';

export function renderApp(path: string) {
  const user = userEvent.setup();
  const view = render(
    <SessionProvider>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </SessionProvider>,
  );
  return { user, ...view };
}
