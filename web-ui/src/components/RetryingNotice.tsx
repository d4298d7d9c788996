// The short notice shown while reads wait for PMOS to be available again (a 503 "briefly unavailable").
import { useSyncExternalStore } from 'react';
import { isRetrying, onRetrying } from '../lib/http';

export function RetryingNotice() {
  const retrying = useSyncExternalStore(onRetrying, isRetrying);
  if (!retrying) return null;
  return (
    <div className="retrying-notice" role="status" data-testid="retrying-notice">
      PMOS is briefly unavailable, retrying…
    </div>
  );
}
