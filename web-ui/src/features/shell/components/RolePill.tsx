// The signed-in person's role as a small labelled pill.
import { roleLabel } from '../../auth/permissions';
import type { Role } from '../../auth/types';

export function RolePill({ role }: { role: Role }) {
  return (
    <span className={`pill role-${role}`} data-testid="role-pill">
      {roleLabel(role)}
    </span>
  );
}
