// The pieces an editor may use: the summaries (GET /api/pmos/pieces) and each piece's full metadata, loaded once
// per editor and shared by the canvas, the step picker and the step panel.
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import { errorMessage } from '../../lib/http';
import type { PieceMetadata, PieceSummary } from './model';

export interface Loading<T> {
  value: T | undefined;
  error: string | undefined;
}

export class PieceCatalog {
  private summaries: Loading<PieceSummary[]> = { value: undefined, error: undefined };
  private readonly metadata = new Map<string, Loading<PieceMetadata>>();
  private readonly requested = new Set<string>();
  private summariesRequested = false;
  private readonly listeners = new Set<() => void>();
  private readonly loadSummaries: () => Promise<PieceSummary[]>;
  private readonly loadPiece: (name: string) => Promise<PieceMetadata>;

  constructor(loadSummaries: () => Promise<PieceSummary[]>, loadPiece: (name: string) => Promise<PieceMetadata>) {
    this.loadSummaries = loadSummaries;
    this.loadPiece = loadPiece;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private changed() {
    this.listeners.forEach((listener) => listener());
  }

  getSummaries = (): Loading<PieceSummary[]> => this.summaries;

  requestSummaries() {
    if (this.summariesRequested) return;
    this.summariesRequested = true;
    this.loadSummaries().then(
      (value) => {
        this.summaries = { value, error: undefined };
        this.changed();
      },
      (failure: unknown) => {
        this.summaries = { value: undefined, error: errorMessage(failure) };
        this.summariesRequested = false;
        this.changed();
      },
    );
  }

  getPiece(name: string): Loading<PieceMetadata> | undefined {
    return this.metadata.get(name);
  }

  requestPiece(name: string) {
    if (this.requested.has(name)) return;
    this.requested.add(name);
    this.loadPiece(name).then(
      (value) => {
        this.metadata.set(name, { value, error: undefined });
        this.changed();
      },
      (failure: unknown) => {
        this.metadata.set(name, { value: undefined, error: errorMessage(failure) });
        this.requested.delete(name);
        this.changed();
      },
    );
  }

  /** Resolves with the piece's metadata (loading it when needed). */
  async piece(name: string): Promise<PieceMetadata> {
    const known = this.metadata.get(name)?.value;
    if (known !== undefined) return known;
    const value = await this.loadPiece(name);
    this.metadata.set(name, { value, error: undefined });
    this.requested.add(name);
    this.changed();
    return value;
  }
}

export const PieceCatalogContext = createContext<PieceCatalog | null>(null);

function useCatalog(): PieceCatalog {
  const catalog = useContext(PieceCatalogContext);
  if (catalog === null) throw new Error('usePieces must be used inside Flow Studio.');
  return catalog;
}

const NOTHING: Loading<never> = { value: undefined, error: undefined };

export function usePieceSummaries(): Loading<PieceSummary[]> {
  const catalog = useCatalog();
  useEffect(() => catalog.requestSummaries(), [catalog]);
  return useSyncExternalStore(catalog.subscribe, catalog.getSummaries);
}

/** The full metadata of a piece (undefined name: nothing to load). */
export function usePieceMetadata(name: string | undefined): Loading<PieceMetadata> {
  const catalog = useCatalog();
  useEffect(() => {
    if (name) catalog.requestPiece(name);
  }, [catalog, name]);
  return useSyncExternalStore(catalog.subscribe, () => (name ? catalog.getPiece(name) : undefined) ?? NOTHING);
}

export function usePieceCatalog(): PieceCatalog {
  return useCatalog();
}
