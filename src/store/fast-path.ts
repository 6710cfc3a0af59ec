/**
 * Thrown by a store when rows handed to its fast ingest path need the exact
 * (JavaScript) path instead: nothing was stored, and the caller retries there.
 */
export class FastPathRefused extends Error {
  constructor(reason: string) {
    super(`fast path refused: ${reason}`);
    this.name = 'FastPathRefused';
  }
}
