// React access to conversations and runs: one store per open conversation, one follower per shown run.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { liveClient } from '../../lib/ws';
import { chatApi } from './api';
import { ConversationStore, type ConversationState } from './conversationStore';
import { RunFollower, type RunSnapshot } from './runFollower';
import { emptyTrace } from './trace';

/** The store of one conversation, started while the component is mounted (key the component by conversation). */
export function useConversationStore(conversationId: string): ConversationStore {
  const [store] = useState(() => new ConversationStore(conversationId, { api: chatApi, live: liveClient }));
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return store;
}

export function useConversationState(store: ConversationStore): ConversationState {
  return useSyncExternalStore(store.subscribe, store.getState);
}

const NO_RUN: RunSnapshot = { trace: emptyTrace(), loading: false, loadError: undefined, stalled: false };
const noop = () => () => undefined;

/** What is known of a run so far; a fixed empty snapshot without a follower. */
export function useRunSnapshot(follower: RunFollower | undefined): RunSnapshot {
  return useSyncExternalStore(follower?.subscribe ?? noop, follower?.getSnapshot ?? (() => NO_RUN));
}

/** A follower of one run on its own (a run opened by its link), following it while mounted. */
export function useStandaloneRun(runId: string): RunFollower {
  const [follower] = useState(() => new RunFollower(runId, { loadTrace: chatApi.trace, live: liveClient }));
  useEffect(() => {
    follower.loadAndFollow();
    return () => follower.stop();
  }, [follower]);
  return follower;
}

/** Whether the run is going on (or not known yet), so the conversation takes no new message. */
export function isRunBusy(snapshot: RunSnapshot): boolean {
  if (snapshot.trace.view.finished) return false;
  // A trace that could not be read says nothing: the server refuses a second message if one is running.
  return !(snapshot.loadError !== undefined && snapshot.trace.lastSeq === 0);
}
