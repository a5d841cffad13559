import type { Logger } from '../logger.ts';

/** Something started that must be stopped at shutdown. */
export type Closer = () => Promise<unknown>;

/**
 * What the entry point started, stopped in reverse order of start (the HTTP server before the workers it feeds,
 * the database last). A closer that fails is logged and the others still run.
 */
export class ShutdownStack {
  private readonly closers: Closer[] = [];

  constructor(private readonly logger: Logger) {}

  add(...closers: Closer[]): void {
    this.closers.push(...closers);
  }

  async close(): Promise<void> {
    for (const closer of this.closers.splice(0).reverse()) {
      await closer().catch((error) => this.logger.warn({ error }, 'close failed'));
    }
  }
}
