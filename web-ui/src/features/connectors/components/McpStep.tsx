// Step 2: the BCGPT MCP server (connection `bcgpt`): its address, how the key is sent, and the key.
import { FormField } from '../../../components/FormField';
import {
  DEFAULT_MCP_HEADER,
  WIZARD_MCP_NAME,
  identityCandidates,
  keepsStoredKey,
  storedResult,
  wizardMcp,
  type McpDraft,
} from '../forms';
import { MCP_AUTH_MODES, type McpAuthMode } from '../types';
import { SecretField } from './SecretField';
import { SourceChoice } from './SourceChoice';
import { StepPanel, type StepProps } from './StepPanel';

const AUTH_LABELS: Record<McpAuthMode, string> = {
  bearer: 'Authorization: Bearer',
  header: 'A named header',
  none: 'No key',
};

export function McpStep({ wizard, next }: StepProps) {
  const draft = wizard.drafts.mcp;
  const set = (patch: Partial<McpDraft>) => wizard.setDraft('mcp', { ...draft, ...patch });
  const local = wizard.settings.local.mcp;
  const stored = wizardMcp(wizard.settings);
  const keeps = keepsStoredKey('mcp', draft, stored);
  const candidates = identityCandidates(wizard.results.mcp ?? storedResult('mcp', wizard.settings))
    .filter((name) => name !== draft.identityTool.trim());

  function setAuthMode(authMode: McpAuthMode) {
    const headerName = authMode === 'header' && draft.headerName.trim() === '' ? DEFAULT_MCP_HEADER : draft.headerName;
    set({ authMode, headerName });
  }

  return (
    <StepPanel
      step="mcp"
      title="Connect BCGPT (MCP)"
      wizard={wizard}
      next={next}
      intro={
        <p>
          BCGPT is an MCP server: it gives PMOS the tools to read and change your projects. PMOS needs its
          endpoint and your key. This connection is named <span className="mono">{WIZARD_MCP_NAME}</span>.
        </p>
      }
    >
      {local && (
        <SourceChoice
          name="mcp-source"
          legend="Which MCP server?"
          localText="Use the local MCP server"
          ownText="Use my own BCGPT"
          local={local}
          value={draft.source}
          onChange={(source) => set({ source })}
        />
      )}
      {draft.source === 'local' ? (
        <p className="notice">
          PMOS uses the MCP server started next to it; it needs no key.
        </p>
      ) : (
        <>
          <FormField
            label="BCGPT endpoint"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://bcgpt.example.com/mcp"
            value={draft.url}
            onChange={(event) => set({ url: event.target.value })}
            hint="The BCGPT endpoint ends in /mcp, e.g. https://bcgpt.example.com/mcp"
          />
          <div className="field">
            <label htmlFor="mcp-auth">How the key is sent</label>
            <select
              id="mcp-auth"
              value={draft.authMode}
              onChange={(event) => setAuthMode(event.target.value as McpAuthMode)}
            >
              {MCP_AUTH_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {AUTH_LABELS[mode]}
                </option>
              ))}
            </select>
          </div>
          {draft.authMode === 'header' && (
            <FormField
              label="Header name"
              autoComplete="off"
              spellCheck={false}
              value={draft.headerName}
              onChange={(event) => set({ headerName: event.target.value })}
              hint={`The header that carries the key; BCGPT uses ${DEFAULT_MCP_HEADER}.`}
            />
          )}
          {draft.authMode !== 'none' && (
            <SecretField
              label="Key"
              value={draft.secret}
              onChange={(secret) => set({ secret })}
              stored={keeps ? stored?.secret : undefined}
              hint={
                stored?.secret.set && !keeps
                  ? 'The address or how the key is sent changed: enter the key again (a saved key is only sent to the address it was entered for).'
                  : 'The key from your BCGPT account.'
              }
            />
          )}
          <FormField
            label="Identity tool (optional)"
            autoComplete="off"
            spellCheck={false}
            value={draft.identityTool}
            onChange={(event) => set({ identityTool: event.target.value })}
            hint="BCGPT: whoami. PMOS calls it to prove the key works; left empty, the key is not verified."
          />
          {candidates.length > 0 && (
            <p className="field-hint" data-testid="identity-candidates">
              Tools on this server that look like identity checks:{' '}
              {candidates.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="button small mono"
                  onClick={() => set({ identityTool: name })}
                >
                  {name}
                </button>
              ))}
            </p>
          )}
        </>
      )}
    </StepPanel>
  );
}
