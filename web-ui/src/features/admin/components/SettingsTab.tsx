// Server-wide settings; today only whether strangers may create accounts.
import { useState } from 'react';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { Loading } from '../../../components/Loading';
import { useAction } from '../../../lib/useAction';
import { adminApi } from '../api';
import { useServerSettings } from '../hooks';
import type { ServerSettings } from '../types';

export function SettingsTab() {
  const loaded = useServerSettings();
  const action = useAction();
  const [saved, setSaved] = useState<ServerSettings>();
  const [status, setStatus] = useState<string>();
  const settings = saved ?? loaded.data;

  async function toggleSignup(signupEnabled: boolean) {
    setStatus(undefined);
    const answer = await action.run(() => adminApi.saveSettings({ signupEnabled }));
    if (answer) {
      setSaved(answer);
      setStatus(
        answer.signupEnabled
          ? 'Self-signup is open: anyone can create an account with a workspace of their own.'
          : 'Self-signup is closed: new people need an invitation.',
      );
    }
  }

  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <ErrorAlert message={action.error ?? loaded.error} testId="settings-error" />
      <StatusMessage message={status} testId="settings-status" />
      {settings === undefined ? (
        loaded.loading && <Loading />
      ) : (
        <div className="checkbox-field">
          <input
            id="signup-enabled"
            type="checkbox"
            checked={settings.signupEnabled}
            disabled={action.pending}
            onChange={(event) => toggleSignup(event.target.checked)}
            aria-describedby="signup-enabled-hint"
          />
          <div>
            <label htmlFor="signup-enabled">Allow self-signup</label>
            <p id="signup-enabled-hint" className="field-hint">
              When off, the sign-up page is closed and people join only through invitations.
            </p>
          </div>
        </div>
      )}
    </section>
  );
}
