/** The time the services read: injected, so a test can set it and a service never reads Date.now itself. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
