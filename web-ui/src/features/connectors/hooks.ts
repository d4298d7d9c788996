// Loading hooks for connectors and onboarding, and the setup wizard's state (drafts, saves, tests).
import { useCallback, useState } from 'react';
import { useAction } from '../../lib/useAction';
import { useLoad } from '../../lib/useLoad';
import { connectorsApi } from './api';
import {
  aiDraft,
  aiInput,
  flowPiecesDraft,
  flowPiecesInput,
  draftsFrom,
  mcpDraft,
  mcpInputs,
  resultsByStep,
  testTarget,
  wizardMcp,
  type Drafts,
} from './forms';
import type { CheckResult, ConnectorSettings, ConnectorStepId, ConnectorsUpdate } from './types';

export const useConnectors = () => useLoad(connectorsApi.get, 'connectors');
export const useOnboarding = () => useLoad(connectorsApi.onboarding, 'onboarding');

type Results = Partial<Record<ConnectorStepId, CheckResult>>;

function updateFor(step: ConnectorStepId, drafts: Drafts, settings: ConnectorSettings): ConnectorsUpdate {
  if (step === 'flowPieces') return { flowPieces: flowPiecesInput(drafts.flowPieces) };
  if (step === 'mcp') return { mcp: mcpInputs(drafts.mcp, settings.mcp) };
  return { ai: aiInput(drafts.ai) };
}

/** The step's draft rebuilt from what the server stored (secret field emptied), keeping the chosen source. */
function savedDraft(step: ConnectorStepId, drafts: Drafts, saved: ConnectorSettings): Drafts {
  if (step === 'flowPieces') {
    const next = flowPiecesDraft(saved.flowPieces, saved.local.flowPieces);
    return { ...drafts, flowPieces: { ...next, source: drafts.flowPieces.source } };
  }
  if (step === 'mcp') {
    const next = mcpDraft(wizardMcp(saved), saved.local.mcp);
    return { ...drafts, mcp: { ...next, source: drafts.mcp.source } };
  }
  return { ...drafts, ai: aiDraft(saved.ai) };
}

function without(results: Results, step: ConnectorStepId): Results {
  const next = { ...results };
  delete next[step];
  return next;
}

/**
 * The wizard's working state over the admin's stored settings: one draft per step, the results of tests run
 * here (newer than the stored `lastTest`), and the save / test / test-all actions. `onChanged` runs after
 * every save or test so the onboarding progress can be fetched again.
 */
export function useSetupWizard(initial: ConnectorSettings, onChanged: () => void) {
  const [settings, setSettings] = useState(initial);
  const [drafts, setDrafts] = useState(() => draftsFrom(initial));
  const [results, setResults] = useState<Results>({});
  const [testAllSummary, setTestAllSummary] = useState<string>();
  const [stepNotice, setStepNotice] = useState<string>();
  const stepAction = useAction();
  const testAllAction = useAction();

  const setDraft = useCallback(<K extends ConnectorStepId>(step: K, draft: Drafts[K]) => {
    setDrafts((current) => ({ ...current, [step]: draft }));
  }, []);

  async function save(step: ConnectorStepId, andTest: boolean) {
    setTestAllSummary(undefined);
    setStepNotice(undefined);
    await stepAction.run(async () => {
      try {
        const saved = await connectorsApi.save(updateFor(step, drafts, settings));
        setSettings(saved);
        setDrafts((current) => savedDraft(step, current, saved));
        setResults((current) => without(current, step));
        if (andTest) {
          const answer = await connectorsApi.test(testTarget(step, saved));
          setResults((current) => ({ ...current, ...resultsByStep(answer.results) }));
        } else {
          setStepNotice('Saved. Press Test to check the saved settings.');
        }
      } finally {
        onChanged();
      }
    });
  }

  async function test(step: ConnectorStepId) {
    setTestAllSummary(undefined);
    setStepNotice(undefined);
    await stepAction.run(async () => {
      try {
        const answer = await connectorsApi.test(testTarget(step, settings));
        setResults((current) => ({ ...current, ...resultsByStep(answer.results) }));
      } finally {
        onChanged();
      }
    });
  }

  async function testAll() {
    setTestAllSummary(undefined);
    setStepNotice(undefined);
    await testAllAction.run(async () => {
      try {
        const answer = await connectorsApi.test();
        setResults((current) => ({ ...current, ...resultsByStep(answer.results) }));
        const passed = answer.results.filter((result) => result.ok).length;
        setTestAllSummary(`Tested ${answer.results.length}: ${passed} passed, ${answer.results.length - passed} failed.`);
      } finally {
        onChanged();
      }
    });
  }

  return {
    settings,
    drafts,
    setDraft,
    results,
    save,
    test,
    testAll,
    testAllSummary,
    pending: stepAction.pending || testAllAction.pending,
    stepError: stepAction.error,
    /** A confirmation for the open step (e.g. after a save without a test). */
    stepNotice,
    /** Forgets the open step's error and confirmation, when another step is opened. */
    clearStepMessages: () => {
      stepAction.setError(undefined);
      setStepNotice(undefined);
    },
    testAllPending: testAllAction.pending,
    testAllError: testAllAction.error,
  };
}

export type SetupWizard = ReturnType<typeof useSetupWizard>;
