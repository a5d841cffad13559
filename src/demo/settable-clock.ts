import type { Clock } from '../domain/ports.ts';

/**
 * A clock the seed moves by hand: the use cases take their time from the Clock port, so a request, its approval and
 * its end can be recorded at past moments of the week without touching the rows afterwards.
 */
export class SettableClock implements Clock {
  private current: Date;

  constructor(start: Date = new Date()) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }
}
