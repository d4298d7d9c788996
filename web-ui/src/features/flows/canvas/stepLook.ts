// How a step card presents its step: the piece (or built-in kind) name and its logo or icon.
import type { FlowStep } from '../model';
import type { PieceInfo } from './context';
import type { IconName } from './icons';
import type { StepNodeData } from './layout';

const builtIn: Partial<Record<FlowStep['type'], { label: string; icon: IconName }>> = {
  CODE: { label: 'Code', icon: 'code' },
  LOOP_ON_ITEMS: { label: 'Loop on Items', icon: 'loop' },
  ROUTER: { label: 'Router', icon: 'router' },
  EMPTY: { label: 'Trigger', icon: 'trigger' },
};

/** "@activepieces/piece-google-sheets" -> "Google Sheets", for pieces the caller did not describe. */
export function humanizePieceName(pieceName: string): string {
  const bare = pieceName.replace(/^@[^/]+\//, '').replace(/^piece-/, '');
  return bare
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export interface StepLook {
  kindLabel: string;
  logoUrl: string | null;
  icon: IconName;
}

export function stepLook(data: StepNodeData, pieces: Record<string, PieceInfo>): StepLook {
  if (data.pieceName !== null) {
    const piece = pieces[data.pieceName];
    return {
      kindLabel: piece?.displayName ?? humanizePieceName(data.pieceName),
      logoUrl: piece?.logoUrl ?? null,
      icon: 'piece',
    };
  }
  const known = builtIn[data.stepType] ?? { label: data.stepType, icon: 'piece' as const };
  return { kindLabel: known.label, logoUrl: null, icon: known.icon };
}
