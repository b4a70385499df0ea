/**
 * Timing for a client under test: a clock that moves only when the client waits, so a test can
 * assert every back-off and pause it asked for (`waits`) without sleeping through them.
 */
export function fakeClock(waits: number[] = []): {
  readonly waits: number[];
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
} {
  let clock = 0;
  return {
    waits,
    now: () => clock,
    sleep: (ms) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  };
}
