/**
 * How many audit exports run at once, overall and per API token. An export holds a pooled Postgres connection for
 * each batch it reads and streams for as long as its client reads, so a handful of them is all a process can give
 * without slowing every other request: the overall limit stays well under the connection pool (10). Kept per
 * process, like the pool it protects; a refused export is answered 429 with Retry-After and changes nothing.
 */
export interface ExportLimits {
  /** EXPORT_CONCURRENCY: exports running at once in this process. */
  overall: number;
  /** EXPORT_CONCURRENCY_PER_TOKEN: exports running at once for one token. */
  perToken: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportLimits = { overall: 4, perToken: 2 };

export class ExportSlots {
  private running = 0;
  private readonly byToken = new Map<string, number>();

  constructor(private readonly limits: ExportLimits = DEFAULT_EXPORT_LIMITS) {}

  /** A slot for the token, with the function that gives it back (once), or why there is none. */
  acquire(tokenId: string): { release: () => void } | { refused: 'token' | 'overall' } {
    const mine = this.byToken.get(tokenId) ?? 0;
    if (mine >= this.limits.perToken) return { refused: 'token' };
    if (this.running >= this.limits.overall) return { refused: 'overall' };
    this.running += 1;
    this.byToken.set(tokenId, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
        const left = (this.byToken.get(tokenId) ?? 1) - 1;
        if (left > 0) this.byToken.set(tokenId, left);
        else this.byToken.delete(tokenId);
      },
    };
  }
}
