import { Redis } from 'ioredis';

/**
 * What a Redis FLUSHALL does to one suite. Other suites share this Redis, so only this suite's keys (everything
 * under its prefix) are deleted: exactly the part of a FLUSHALL this suite can observe.
 */
export async function deleteKeysUnder(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  // A failure reaches the caller through the rejected command; without a listener ioredis would also print
  // "[ioredis] Unhandled error event" for it.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
