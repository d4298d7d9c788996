// Client-side checks mirroring the server's validation (docs/api.md, "Validation").

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function validateName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length < 2) return 'Enter a name of at least 2 characters.';
  if (trimmed.length > 100) return 'Use a name of at most 100 characters.';
  return undefined;
}

export function validateEmail(email: string): string | undefined {
  const normalized = normalizeEmail(email);
  if (normalized === '') return 'Enter your email address.';
  if (normalized.length > 254 || !EMAIL_PATTERN.test(normalized)) {
    return 'Enter a valid email address, like name@example.com.';
  }
  return undefined;
}

export function validatePassword(password: string): string | undefined {
  if (password.length < 8) return 'Use a password of at least 8 characters.';
  if (password.length > 256) return 'Use a password of at most 256 characters.';
  return undefined;
}

export function validateConfirmation(password: string, confirmation: string): string | undefined {
  return password === confirmation ? undefined : 'The two passwords do not match.';
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Drops the fields that passed, so an empty object means the form is valid. */
export function collectErrors<K extends string>(
  checks: Record<K, string | undefined>,
): FieldErrors<K> {
  const errors: FieldErrors<K> = {};
  for (const key of Object.keys(checks) as K[]) {
    const message = checks[key];
    if (message !== undefined) errors[key] = message;
  }
  return errors;
}

export function hasErrors(errors: Record<string, string | undefined>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
