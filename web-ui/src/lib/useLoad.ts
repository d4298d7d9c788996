import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from './http';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  /** HTTP status of the failure (0: server unreachable), when the last load failed. */
  errorStatus: number | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data once per change of `key` and on demand (`reload` keeps showing the previous data meanwhile);
 * ignores answers that arrive after a newer request.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [loaded, setLoaded] = useState<{ key: string; value: T }>();
  const [error, setError] = useState<string>();
  const [errorStatus, setErrorStatus] = useState<number>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setLoaded({ key, value });
        setError(undefined);
        setErrorStatus(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(errorMessage(failure));
        setErrorStatus(failure instanceof ApiError ? failure.status : undefined);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  // Data loaded for another key is never shown as this key's data.
  const data = loaded !== undefined && loaded.key === key ? loaded.value : undefined;
  return { data, error, errorStatus, loading, reload };
}
