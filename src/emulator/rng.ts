/**
 * A small seeded PRNG (mulberry32). Its whole state is one uint32, so the emulator can persist it with
 * the flows and never hand out a SID twice across restarts, and fault runs repeat exactly for a seed.
 */
export class SeededRng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  get state(): number {
    return this.s;
  }

  nextUint32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}

/** `prefix` (`FO`, `IG`) + 32 lowercase hex digits, as Twilio's SIDs look. */
export function nextSid(rng: SeededRng, prefix: string): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += rng.nextUint32().toString(16).padStart(8, '0');
  return `${prefix}${hex}`;
}
