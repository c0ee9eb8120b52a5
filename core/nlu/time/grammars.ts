import { englishPieces } from './grammar-en.ts';
import { chinesePieces } from './grammar-zh.ts';
import type { TemporalPiece } from './temporal-piece.ts';

// Both grammars run on every message: a mixed message (明天 3pm) needs both, and each only
// matches its own script, so running both on a monolingual message costs a few regex scans.
export function grammarPieces(text: string): TemporalPiece[] {
  return [...chinesePieces(text), ...englishPieces(text)];
}
