import { describe, expect, it } from 'vitest';
import { checkSafety } from '../src/plan/safety.js';
import { UnsafePlanError } from '../src/errors.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';
import type { Plan } from '../src/plan/types.js';

function planDeleting(count: number): Plan {
  return { format_version: 1, changes: [], summary: { create: 0, update: 0, delete: count, noop: 0 }, ignored: [], unmanaged: [] };
}

describe('checkSafety', () => {
  it.each([
    { name: 'no deletes', deletes: 0, live: 10, override: undefined },
    { name: 'at the threshold', deletes: 3, live: 10, override: undefined },
    { name: 'fewer than 10 live flows are never guarded', deletes: 9, live: 9, override: undefined },
    { name: 'raised by the flag', deletes: 5, live: 10, override: 0.5 },
  ])('allows: $name', ({ deletes, live, override }) => {
    expect(() => checkSafety(planDeleting(deletes), live, DEFAULT_SETTINGS, { maxDeleteFraction: override })).not.toThrow();
  });

  it.each([
    {
      name: 'above the default',
      deletes: 4,
      live: 10,
      settings: DEFAULT_SETTINGS,
      override: undefined,
      message:
        'refusing to delete 4 of 10 live flows (40%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 0.4 or max_delete_fraction: 0.4 in flexflow-sync.yaml',
    },
    {
      name: 'the flag wins over the settings file',
      deletes: 4,
      live: 12,
      settings: { ...DEFAULT_SETTINGS, maxDeleteFraction: 0.9 },
      override: 0.1,
      message:
        'refusing to delete 4 of 12 live flows (33.3%), more than the allowed 10%; if that is intended, raise the limit with --max-delete-fraction 0.34 or max_delete_fraction: 0.34 in flexflow-sync.yaml',
    },
    {
      name: 'a limit that one decimal cannot tell from the share gets more digits',
      deletes: 12,
      live: 14,
      settings: DEFAULT_SETTINGS,
      override: 0.8571,
      message:
        'refusing to delete 12 of 14 live flows (85.714%), more than the allowed 85.71%; if that is intended, raise the limit with --max-delete-fraction 0.86 or max_delete_fraction: 0.86 in flexflow-sync.yaml',
    },
  ])('refuses: $name', ({ deletes, live, settings, override, message }) => {
    expect(() => checkSafety(planDeleting(deletes), live, settings, { maxDeleteFraction: override })).toThrow(new UnsafePlanError(message));
  });
});
