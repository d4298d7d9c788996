// What the custom nodes and edges of the canvas need from FlowCanvas, passed by context (never in node data).
import { createContext, useContext } from 'react';
import type { InsertPoint } from '../model';

export interface PieceInfo {
  displayName: string;
  logoUrl?: string;
}

export interface CanvasContextValue {
  pieces: Record<string, PieceInfo>;
  selectedStep: string | null;
  readOnly: boolean;
  selectStep: (stepName: string | null) => void;
  insert: (at: InsertPoint) => void;
}

export const CanvasContext = createContext<CanvasContextValue | null>(null);

export function useCanvas(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (value === null) {
    throw new Error('Canvas nodes and edges render only inside FlowCanvas');
  }
  return value;
}
