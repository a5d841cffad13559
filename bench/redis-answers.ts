import { Redis } from 'ioredis';

/**
 * Whether a Redis answers at `url`: where none does, a benchmark runs its queues on BullMQ's Postgres backend or
 * skips its Redis runs.
 */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
