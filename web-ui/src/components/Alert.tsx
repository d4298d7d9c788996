// Announced message regions: errors interrupt (role="alert"), confirmations wait their turn (role="status").

export function ErrorAlert({ message, testId }: { message: string | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}

export function StatusMessage({ message, testId }: { message: string | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <div className="alert alert-success" role="status" data-testid={testId}>
      {message}
    </div>
  );
}
