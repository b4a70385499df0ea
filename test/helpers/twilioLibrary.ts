import { afterEach, beforeEach } from 'vitest';

/**
 * Twilio's helper library rewrites its hosts for TWILIO_REGION and TWILIO_EDGE, even over a base URL
 * set by hand: call this at the top of a test file that points the library at the emulator, so that
 * the emulator is reached as given whatever the machine's environment.
 */
export function withoutTwilioHostEnv(): void {
  const saved = { region: process.env.TWILIO_REGION, edge: process.env.TWILIO_EDGE };
  beforeEach(() => {
    delete process.env.TWILIO_REGION;
    delete process.env.TWILIO_EDGE;
  });
  afterEach(() => {
    if (saved.region !== undefined) process.env.TWILIO_REGION = saved.region;
    if (saved.edge !== undefined) process.env.TWILIO_EDGE = saved.edge;
  });
}
