import type { NluEngine, NluResult, ParseContext } from './engine.ts';

/**
 * Holds the live engine and swaps in a new one without a restart. A parse reads the reference
 * once and runs synchronously, so it finishes on the engine it started with, and every result
 * names that engine's model version; the swap is a single assignment, so no parse ever sees
 * half of one model and half of another.
 */
export interface NluService {
  parse(text: string, context?: ParseContext): NluResult;
  /** Replaces the engine; returns the version it replaced. */
  swap(next: NluEngine): string;
  readonly modelVersion: string;
}

export function createNluService(initial: NluEngine): NluService {
  let current = initial;
  return {
    parse: (text, context) => current.parse(text, context),
    swap(next) {
      const previous = current.modelVersion;
      current = next;
      return previous;
    },
    get modelVersion() {
      return current.modelVersion;
    },
  };
}
