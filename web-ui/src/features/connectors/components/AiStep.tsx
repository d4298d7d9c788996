// Step 3: the AI provider and model that answer in Chat, or built-in commands without any model.
import { useState } from 'react';
import { FormField } from '../../../components/FormField';
import {
  MODEL_SUGGESTIONS,
  PROVIDER_LABELS,
  baseUrlIsMain,
  keepsStoredKey,
  storedResult,
  usesKey,
  withProvider,
  type AiDraft,
} from '../forms';
import { AI_PROVIDERS, type AiProviderId } from '../types';
import { SecretField } from './SecretField';
import { StepPanel, type StepProps } from './StepPanel';

const KEY_HINTS: Partial<Record<AiProviderId, string>> = {
  openai: 'From platform.openai.com → API keys.',
  anthropic: 'From console.anthropic.com → API keys.',
  gemini: 'From Google AI Studio → Get API key.',
  openai_compatible: 'The key your server expects; leave empty if it needs none.',
};

const BASE_URL_HINTS: Partial<Record<AiProviderId, string>> = {
  ollama: 'Where Ollama listens; leave empty for http://127.0.0.1:11434.',
  openai_compatible: 'The API root of the server, e.g. https://llm.example.com/v1 (required).',
};

/** Model names the last test reported, to add to the suggestions. */
function reportedModels(models: unknown): string[] {
  return Array.isArray(models) ? models.filter((m): m is string => typeof m === 'string') : [];
}

export function AiStep({ wizard, next }: StepProps) {
  const draft = wizard.drafts.ai;
  const set = (patch: Partial<AiDraft>) => wizard.setDraft('ai', { ...draft, ...patch });
  const stored = wizard.settings.ai;
  const [advancedOpen] = useState(() => draft.baseUrl.trim() !== '' && !baseUrlIsMain(draft.provider));
  const builtin = draft.provider === 'builtin';
  const lastModels = reportedModels((wizard.results.ai ?? storedResult('ai', wizard.settings))?.details?.models);
  const suggestions = [...new Set([...MODEL_SUGGESTIONS[draft.provider], ...lastModels])];

  const baseUrlField = (hint: string) => (
    <FormField
      label="Base URL"
      inputMode="url"
      autoComplete="off"
      spellCheck={false}
      value={draft.baseUrl}
      onChange={(event) => set({ baseUrl: event.target.value })}
      hint={hint}
    />
  );

  return (
    <StepPanel
      step="ai"
      title="Choose the AI provider and model"
      wizard={wizard}
      next={next}
      intro={
        <p>
          The model that answers in Chat. Pick a provider, a model and paste its API key, or choose
          built-in commands, which need no model and no key.
        </p>
      }
    >
      <div className="field">
        <label htmlFor="ai-provider">Provider</label>
        <select
          id="ai-provider"
          value={draft.provider}
          onChange={(event) => wizard.setDraft('ai', withProvider(draft, event.target.value as AiProviderId))}
        >
          {AI_PROVIDERS.map((provider) => (
            <option key={provider} value={provider}>
              {PROVIDER_LABELS[provider]}
            </option>
          ))}
        </select>
      </div>
      {builtin ? (
        <p className="notice">
          PMOS answers with its built-in commands only: no AI model and no key. You can pick a provider
          later.
        </p>
      ) : (
        <>
          <FormField
            label="Model"
            autoComplete="off"
            spellCheck={false}
            list="ai-model-suggestions"
            value={draft.model}
            onChange={(event) => set({ model: event.target.value })}
            hint="Pick a suggestion or type any model name the provider offers."
          />
          <datalist id="ai-model-suggestions">
            {suggestions.map((model) => (
              <option key={model} value={model} />
            ))}
          </datalist>
          {baseUrlIsMain(draft.provider) && baseUrlField(BASE_URL_HINTS[draft.provider] ?? '')}
          {usesKey(draft.provider) && (
            <SecretField
              label="API key"
              value={draft.secret}
              onChange={(secret) => set({ secret })}
              stored={keepsStoredKey('ai', draft, stored) ? stored?.secret : undefined}
              hint={KEY_HINTS[draft.provider]}
            />
          )}
          {!baseUrlIsMain(draft.provider) && (
            <details className="advanced" open={advancedOpen}>
              <summary>Advanced</summary>
              {baseUrlField('Only for a proxy or gateway in front of the provider; leave empty for its own API.')}
            </details>
          )}
        </>
      )}
    </StepPanel>
  );
}
