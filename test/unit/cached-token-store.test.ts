import { describe, expect, it } from 'vitest';
import { CachedTokenStore, type TokenChangeFeed, type TokenLookup } from '../../src/db/cached-token-store.ts';
import type { ApiToken } from '../../src/domain/api-token.ts';

const TOKEN: ApiToken = {
  id: 'token-1',
  name: 'console',
  scopes: ['sessions:write'],
  tenant: null,
  createdAt: new Date('2026-12-01T00:00:00Z'),
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: new Date('2026-12-01T00:00:00Z'),
};

/** A store whose touches stay in flight until released, as an UPDATE waits for its round trip. */
class SlowTouchStore implements TokenLookup {
  readonly touches: Date[] = [];
  private release: () => void = () => undefined;
  private readonly written = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  async findBySecret(): Promise<ApiToken | undefined> {
    return TOKEN;
  }

  async touch(_id: string, at: Date): Promise<void> {
    this.touches.push(at);
    await this.written;
  }

  finishWrites(): void {
    this.release();
  }
}

const liveFeed: TokenChangeFeed = { live: true, epoch: 1, onApiTokenChange: () => () => undefined };

describe('CachedTokenStore', () => {
  it('shows a touch to the requests that arrive while its write is still in flight', async () => {
    const store = new SlowTouchStore();
    const cache = new CachedTokenStore(store, liveFeed);
    await cache.findBySecret('secret');
    const at = new Date('2026-12-06T12:00:00Z');

    const touching = cache.touch(TOKEN.id, at);
    const seen = await cache.findBySecret('secret');
    store.finishWrites();
    await touching;

    // apiAuth writes lastUsedAt only when it is a minute old: the next request finds it fresh and writes nothing.
    expect(seen?.lastUsedAt).toEqual(at);
    expect(store.touches).toEqual([at]);
  });
});
