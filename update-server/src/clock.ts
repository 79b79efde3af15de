/**
 * The server's only source of "now". Routes never call Date.now(): they ask the clock, so tests and the demo
 * can run the server at any instant (license-core is pure and takes every "now" as `asOf`).
 */
export interface Clock {
  now(): Date;
}

/** A clock that can be set or moved, keeping real time flowing from the instant it was set (tests, demo). */
export interface SettableClock extends Clock {
  /** From now on, `now()` returns `instant` plus the real time elapsed since this call. */
  set(instant: Date | string): void;
  /** Moves the clock by `ms` milliseconds (negative: back). */
  advance(ms: number): void;
  /** Stops the clock at its current instant (`now()` no longer moves), or lets it run again. */
  freeze(frozen?: boolean): void;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` (default: the real current instant) and keeps ticking, unless frozen. */
export function createSettableClock(start?: Date | string, options: { frozen?: boolean } = {}): SettableClock {
  let offsetMs = 0;
  let frozenAt: number | undefined;
  const real = (): number => Date.now();
  const current = (): number => (frozenAt !== undefined ? frozenAt : real() + offsetMs);
  const clock: SettableClock = {
    now: () => new Date(current()),
    set(instant) {
      const target = new Date(instant).getTime();
      if (!Number.isFinite(target)) throw new Error(`clock: not an instant: ${String(instant)}`);
      if (frozenAt !== undefined) frozenAt = target;
      else offsetMs = target - real();
    },
    advance(ms) {
      if (frozenAt !== undefined) frozenAt += ms;
      else offsetMs += ms;
    },
    freeze(frozen = true) {
      if (frozen && frozenAt === undefined) frozenAt = current();
      if (!frozen && frozenAt !== undefined) {
        offsetMs = frozenAt - real();
        frozenAt = undefined;
      }
    },
  };
  if (start !== undefined) clock.set(start);
  if (options.frozen) clock.freeze(true);
  return clock;
}
