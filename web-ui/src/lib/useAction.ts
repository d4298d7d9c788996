import { useCallback, useState } from 'react';
import { errorMessage } from './http';

export interface Action {
  pending: boolean;
  error: string | undefined;
  setError: (message: string | undefined) => void;
  /** Runs `action`, tracking pending state; resolves to its result, or undefined after showing its error. */
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
}

/** Pending flag and error text for one user action (a form submit, a button press). */
export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(undefined);
    try {
      return await action();
    } catch (failure) {
      setError(errorMessage(failure));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  return { pending, error, setError, run };
}
