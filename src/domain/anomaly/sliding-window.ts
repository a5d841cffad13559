/**
 * The counting behind the windowed rules (frequent requests, ticket reuse, concentrated approval, repeated denials,
 * tenant hot spot): slide a window of fixed length over one subject's events, ending at each event in the scanned
 * period, keep a running count of each distinct value (tenant, approver, person), and report per period the
 * strongest window that crosses the threshold. Linear in the number of events: each enters and leaves once.
 */

export interface WindowOptions<T> {
  /** Milliseconds since the epoch; the events must be sorted by it. */
  timeOf: (item: T) => number;
  windowMs: number;
  /** Windows are evaluated where they end: at each event in [from, to). */
  from: number;
  to: number;
  /** The dimension counted distinctly within the window. */
  distinctBy?: (item: T) => string;
  /** How strong the window is, or 0 when it does not cross the threshold. */
  strength: (size: number, distinct: ReadonlyMap<string, number>) => number;
  /** The period a window belongs to, from its end time: one finding per subject and period. */
  periodOf: (end: number) => string;
}

export interface WindowMatch<T> {
  period: string;
  /** The window's events, oldest first: every event in (end − windowMs, end]. */
  items: T[];
  distinct: Map<string, number>;
  end: number;
}

export function strongestWindows<T>(sorted: readonly T[], options: WindowOptions<T>): WindowMatch<T>[] {
  const { timeOf, windowMs, distinctBy } = options;
  const distinct = new Map<string, number>();
  const best = new Map<string, { strength: number; start: number; end: number }>();
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    const item = sorted[end]!;
    const time = timeOf(item);
    if (distinctBy) bump(distinct, distinctBy(item), 1);
    while (timeOf(sorted[start]!) <= time - windowMs) {
      if (distinctBy) bump(distinct, distinctBy(sorted[start]!), -1);
      start++;
    }
    if (time < options.from || time >= options.to) continue;
    const strength = options.strength(end - start + 1, distinct);
    if (strength <= 0) continue;
    const period = options.periodOf(time);
    const current = best.get(period);
    // Ties go to the later window: it holds the most recent evidence.
    if (!current || strength >= current.strength) best.set(period, { strength, start, end });
  }
  // Only the winners' distinct counts are rebuilt, so sliding never copies the running counts.
  return [...best].map(([period, match]) => {
    const items = sorted.slice(match.start, match.end + 1);
    const counts = new Map<string, number>();
    if (distinctBy) for (const item of items) bump(counts, distinctBy(item), 1);
    return { period, items, distinct: counts, end: timeOf(sorted[match.end]!) };
  });
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

/** Groups items by a key, each group sorted by time (oldest first). */
export function groupedByTime<T>(items: Iterable<T>, keyOf: (item: T) => string, timeOf: (item: T) => number) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  for (const group of groups.values()) group.sort((a, b) => timeOf(a) - timeOf(b));
  return groups;
}
