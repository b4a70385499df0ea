import type { JsonSchema } from '../flows/schema.js';

export const SETTINGS_SCHEMA_ID = 'https://github.com/flexflow-sync/flexflow-sync/schema/settings.schema.json';

/** The JSON Schema of flexflow-sync.yaml; keys are the snake_case forms of Settings' fields. */
export function buildSettingsSchema(): JsonSchema {
  const globs = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SETTINGS_SCHEMA_ID,
    title: 'flexflow-sync settings',
    type: 'object',
    additionalProperties: false,
    properties: {
      prune: { description: 'Delete live flows that no file declares. Default false.', type: 'boolean' },
      ignore: { description: 'Friendly-name globs the tool never reads, changes or deletes.', ...globs },
      protect: { description: 'Friendly-name globs never deleted.', ...globs },
      max_delete_fraction: { description: 'Largest share of live flows one plan may delete. Default 0.3.', type: 'number', minimum: 0, maximum: 1 },
      min_live_for_delete_guard: {
        description: 'max_delete_fraction and max_update_fraction are checked only when at least this many flows are live. Default 10.',
        type: 'integer',
        minimum: 0,
      },
      max_update_fraction: { description: 'Largest share of live flows one plan may update. Default 0.3.', type: 'number', minimum: 0, maximum: 1 },
    },
  };
}

/** YAML key → Settings field. */
export const SETTINGS_KEYS = {
  prune: 'prune',
  ignore: 'ignore',
  protect: 'protect',
  max_delete_fraction: 'maxDeleteFraction',
  min_live_for_delete_guard: 'minLiveForDeleteGuard',
  max_update_fraction: 'maxUpdateFraction',
} as const;
