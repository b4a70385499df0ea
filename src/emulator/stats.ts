import { compareText } from '../compareText.js';

/** Counters of the API requests the emulator served (its own /_emulator paths are not counted). */
export interface EmulatorStats {
  readonly format_version: 1;
  readonly requests: number;
  readonly by_method: Readonly<Record<string, number>>;
  readonly by_status: Readonly<Record<string, number>>;
  /** Connections destroyed by the reset fault: no status was sent. */
  readonly resets: number;
  readonly in_flight: number;
  readonly peak_in_flight: number;
  /** Flex Flows stored. */
  readonly flows: number;
  /** Resources stored, by kind (`flex-flow`, `address-configuration`). */
  readonly resources: Readonly<Record<string, number>>;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareText(a, b)));
}

export class StatsRecorder {
  private requests = 0;
  private byMethod: Record<string, number> = {};
  private byStatus: Record<string, number> = {};
  private resets = 0;
  private inFlight = 0;
  private peak = 0;

  /** Counts a request in; returns how many are in flight now, this one included. */
  begin(method: string): number {
    this.requests += 1;
    bump(this.byMethod, method);
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    return this.inFlight;
  }

  /** Counts a request out with its status, or `reset` when its connection was destroyed. */
  end(outcome: number | 'reset'): void {
    this.inFlight -= 1;
    if (outcome === 'reset') this.resets += 1;
    else bump(this.byStatus, String(outcome));
  }

  /** Zero counters; requests still in flight stay counted so that their end() balances. */
  clear(): void {
    this.requests = 0;
    this.byMethod = {};
    this.byStatus = {};
    this.resets = 0;
    this.peak = this.inFlight;
  }

  /** `resources`: how many of each kind the stores hold, by kind name. */
  snapshot(resources: Readonly<Record<string, number>>): EmulatorStats {
    return {
      format_version: 1,
      requests: this.requests,
      by_method: sorted(this.byMethod),
      by_status: sorted(this.byStatus),
      resets: this.resets,
      in_flight: this.inFlight,
      peak_in_flight: this.peak,
      flows: resources['flex-flow'] ?? 0,
      resources,
    };
  }
}
