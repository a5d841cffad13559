import type { ApiToken } from '../domain/api-token.ts';
import { hashToken, type TokenStore } from './token-store.ts';

/** What the cache needs of the LISTEN connection (SessionStates). */
export interface TokenChangeFeed {
  readonly live: boolean;
  readonly epoch: number;
  onApiTokenChange(listener: (tokenHash: string) => void): () => void;
}

export type TokenLookup = Pick<TokenStore, 'findBySecret' | 'touch'>;

/** Tokens are few (one per console, job, operator); 10,000 is far more than any deployment holds. */
const MAX_ENTRIES = 10_000;

interface Entry {
  token: ApiToken | undefined;
  epoch: number;
}

/**
 * The API's tokens in memory, so authenticating a request (every /check of a busy console) costs no query. An entry
 * is used only while the LISTEN connection that was up when it was read is still up (a revoke notified while it was
 * down would be missed), and a notification of its hash drops it. A read that a notification overtook is not kept.
 */
export class CachedTokenStore implements TokenLookup {
  private readonly byHash = new Map<string, Entry>();
  /** Bumped by every notification: a read started before one is not kept, whichever token it named. */
  private generation = 0;

  constructor(
    private readonly store: TokenLookup,
    private readonly feed: TokenChangeFeed,
  ) {
    feed.onApiTokenChange((tokenHash) => {
      this.generation += 1;
      this.byHash.delete(tokenHash);
    });
  }

  async findBySecret(secret: string): Promise<ApiToken | undefined> {
    const hash = hashToken(secret);
    const cached = this.byHash.get(hash);
    if (cached && this.feed.live && cached.epoch === this.feed.epoch) return cached.token;
    const { generation } = this;
    const epoch = this.feed.epoch;
    const live = this.feed.live;
    const token = await this.store.findBySecret(secret);
    if (live && generation === this.generation && epoch === this.feed.epoch) {
      // Unknown secrets are not kept: a stream of guesses must not fill memory.
      if (token) this.byHash.set(hash, { token, epoch });
      if (this.byHash.size > MAX_ENTRIES) this.byHash.delete(this.byHash.keys().next().value as string);
    }
    return token;
  }

  /**
   * Marked in memory before the write, not after it: the requests that arrive during the write's round trip then see
   * the token as used and write nothing, instead of each sending the same UPDATE and waiting for it.
   */
  async touch(id: string, at: Date): Promise<void> {
    for (const entry of this.byHash.values()) {
      if (entry.token?.id === id) entry.token = { ...entry.token, lastUsedAt: at };
    }
    await this.store.touch(id, at);
  }
}
