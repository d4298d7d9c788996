// Step 1: where Flow Pieces runs and how PMOS signs in to it (or the local Flow Pieces).
import { FormField } from '../../../components/FormField';
import { keepsStoredKey, type FlowPiecesDraft } from '../forms';
import { FLOW_PIECES_AUTH_MODES, type FlowPiecesAuthMode } from '../types';
import { SecretField } from './SecretField';
import { SourceChoice } from './SourceChoice';
import { StepPanel, type StepProps } from './StepPanel';

const AUTH_LABELS: Record<FlowPiecesAuthMode, string> = {
  api_key: 'API key',
  password: 'Email and password',
};

export function FlowPiecesStep({ wizard, next }: StepProps) {
  const draft = wizard.drafts.flowPieces;
  const set = (patch: Partial<FlowPiecesDraft>) => wizard.setDraft('flowPieces', { ...draft, ...patch });
  const local = wizard.settings.local.flowPieces;
  const stored = wizard.settings.flowPieces;
  const password = draft.authMode === 'password';

  return (
    <StepPanel
      step="flowPieces"
      title="Connect Flow Pieces"
      wizard={wizard}
      next={next}
      intro={
        <p>
          Flow Pieces runs your flows. PMOS needs its address and a way to sign in: an API key with a
          project id, or the email and password of a Flow Pieces account.
        </p>
      }
    >
      {local && (
        <SourceChoice
          name="flow-pieces-source"
          legend="Which Flow Pieces?"
          localText="Use the local Flow Pieces"
          ownText="Use my own Flow Pieces"
          local={local}
          value={draft.source}
          onChange={(source) => set({ source })}
        />
      )}
      {draft.source === 'local' ? (
        <p className="notice">
          PMOS uses the Flow Pieces started next to it, with its own key and project: nothing else to
          enter.
        </p>
      ) : (
        <>
          <FormField
            label="Flow Pieces address"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://flow.example.com"
            value={draft.url}
            onChange={(event) => set({ url: event.target.value })}
            hint="The address you open Flow Pieces at, e.g. https://flow.example.com"
          />
          <div className="field">
            <label htmlFor="flow-pieces-auth">How PMOS signs in</label>
            <select
              id="flow-pieces-auth"
              value={draft.authMode}
              onChange={(event) => set({ authMode: event.target.value as FlowPiecesAuthMode })}
            >
              {FLOW_PIECES_AUTH_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {AUTH_LABELS[mode]}
                </option>
              ))}
            </select>
          </div>
          {password && (
            <FormField
              label="Email"
              type="email"
              autoComplete="off"
              value={draft.email}
              onChange={(event) => set({ email: event.target.value })}
              hint="The email of the Flow Pieces account PMOS signs in as."
            />
          )}
          <FormField
            label={password ? 'Project id (optional)' : 'Project id'}
            autoComplete="off"
            spellCheck={false}
            value={draft.projectId}
            onChange={(event) => set({ projectId: event.target.value })}
            hint={
              password
                ? 'Project id: from the Flow Pieces address bar …/projects/<id>/flows. Leave empty to use the account’s own project.'
                : 'Project id: from the Flow Pieces address bar …/projects/<id>/flows'
            }
          />
          <SecretField
            label={password ? 'Password' : 'API key'}
            value={draft.secret}
            onChange={(secret) => set({ secret })}
            stored={keepsStoredKey('flowPieces', draft, stored, wizard.settings.local.flowPieces) ? stored?.secret : undefined}
            hint={
              stored?.secret.set && !keepsStoredKey('flowPieces', draft, stored, wizard.settings.local.flowPieces)
                ? 'A saved key is only sent to the address it was entered for: enter the key for this address.'
                : password
                  ? 'The password of that Flow Pieces account.'
                  : 'Create one in Flow Pieces: Platform admin → API keys.'
            }
          />
        </>
      )}
    </StepPanel>
  );
}
