// A write-only secret input: never prefilled; when a secret is stored its mask says that leaving it empty keeps it.
import { FormField } from '../../../components/FormField';
import type { SecretView } from '../types';

export function SecretField({ label, value, onChange, stored, hint }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The stored secret this field would replace, when it is of the same kind. */
  stored: SecretView | undefined;
  hint?: string;
}) {
  const placeholder = stored?.set
    ? `Stored: ${stored.mask ?? '••••'} — leave empty to keep`
    : undefined;
  return (
    <FormField
      label={label}
      type="password"
      autoComplete="new-password"
      spellCheck={false}
      value={value}
      placeholder={placeholder}
      onChange={(event) => onChange(event.target.value)}
      {...(hint ? { hint } : {})}
    />
  );
}
