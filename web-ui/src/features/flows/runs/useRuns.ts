// The runs of the open flow: the list, the selected run with its steps, and polling of a run until it ends.
// Run data stays here (and as the editor's sample run), never in the saved flow.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../lib/http';
import { flowsApi } from '../api';
import type { EditorStore } from '../editor/store';
import type { FlowRun, RunStatus, RunSummary } from '../model';

export const POLL_EVERY_MS = 1000;
export const POLL_LIMIT = 60;

const ACTIVE: ReadonlySet<string> = new Set(['QUEUED', 'RUNNING', 'PAUSED']);

export function isTerminal(status: string): boolean {
  return !ACTIVE.has(status);
}

export interface RunsState {
  runs: RunSummary[] | undefined;
  listError: string | undefined;
  selectedId: string | undefined;
  detail: FlowRun | undefined;
  detailError: string | undefined;
  /** True while the selected run is polled. */
  polling: boolean;
  reload: () => void;
  select: (runId: string | undefined) => void;
  /** Follows a run just started: selects it and polls it until it ends (at most a minute). */
  track: (runId: string) => void;
}

export function useRuns(flowId: string, store: EditorStore): RunsState {
  const [runs, setRuns] = useState<RunSummary[]>();
  const [listError, setListError] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const [detail, setDetail] = useState<FlowRun>();
  const [detailError, setDetailError] = useState<string>();
  const [polling, setPolling] = useState(false);
  const pollTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Incremented on every new selection, so answers for an older one are ignored. */
  const generation = useRef(0);
  const mounted = useRef(true);

  const stopPolling = useCallback(() => {
    if (pollTimer.current !== undefined) clearTimeout(pollTimer.current);
    pollTimer.current = undefined;
    setPolling(false);
  }, []);

  const reload = useCallback(() => {
    flowsApi.runs(flowId).then(
      (list) => {
        if (!mounted.current) return;
        setListError(undefined);
        // Keep a run being followed visible even before the list includes it.
        setRuns((previous) => {
          const extra = (previous ?? []).filter((run) => run.test && !list.some((r) => r.id === run.id) && !isTerminal(run.status));
          return [...extra, ...list];
        });
      },
      (failure: unknown) => mounted.current && setListError(errorMessage(failure)),
    );
  }, [flowId]);

  const updateListed = useCallback((run: FlowRun) => {
    setRuns((previous) =>
      previous?.map((listed) => (listed.id === run.id ? { ...listed, status: run.status, finishTime: run.finishTime } : listed)),
    );
  }, []);

  const load = useCallback(
    (runId: string, attempt: number, poll: boolean) => {
      const mine = generation.current;
      flowsApi.run(runId).then(
        (run) => {
          if (!mounted.current || mine !== generation.current) return;
          setDetail(run);
          setDetailError(undefined);
          updateListed(run);
          store.setSampleRun(run);
          if (poll && !isTerminal(run.status) && attempt < POLL_LIMIT) {
            pollTimer.current = setTimeout(() => load(runId, attempt + 1, true), POLL_EVERY_MS);
          } else {
            stopPolling();
            if (poll) reload();
          }
        },
        (failure: unknown) => {
          if (!mounted.current || mine !== generation.current) return;
          setDetailError(errorMessage(failure));
          if (poll && attempt < POLL_LIMIT) {
            pollTimer.current = setTimeout(() => load(runId, attempt + 1, true), POLL_EVERY_MS);
          } else {
            stopPolling();
          }
        },
      );
    },
    [reload, stopPolling, store, updateListed],
  );

  const select = useCallback(
    (runId: string | undefined) => {
      generation.current += 1;
      stopPolling();
      setSelectedId(runId);
      setDetail(undefined);
      setDetailError(undefined);
      if (runId === undefined) return;
      setPolling(true);
      load(runId, 1, true);
    },
    [load, stopPolling],
  );

  const track = useCallback(
    (runId: string) => {
      const started: RunSummary = {
        id: runId,
        flowId,
        status: 'QUEUED' as RunStatus,
        created: new Date().toISOString(),
        test: true,
      };
      setRuns((previous) => [started, ...(previous ?? []).filter((run) => run.id !== runId)]);
      select(runId);
    },
    [flowId, select],
  );

  useEffect(() => {
    mounted.current = true;
    // The newest run's step outputs feed the data selector from the start.
    flowsApi.runs(flowId).then(
      (list) => {
        if (!mounted.current) return;
        setRuns(list);
        const newest = list[0];
        if (newest !== undefined) {
          flowsApi.run(newest.id).then(
            (run) => mounted.current && store.getState().sampleRun === undefined && store.setSampleRun(run),
            () => undefined,
          );
        }
      },
      (failure: unknown) => mounted.current && setListError(errorMessage(failure)),
    );
    return () => {
      mounted.current = false;
      if (pollTimer.current !== undefined) clearTimeout(pollTimer.current);
    };
  }, [flowId, store]);

  return { runs, listError, selectedId, detail, detailError, polling, reload, select, track };
}
