import { randomUUID } from 'node:crypto';
import type { Clock, IdSource } from './domain/ports.ts';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdSource = { uuid: () => randomUUID() };
