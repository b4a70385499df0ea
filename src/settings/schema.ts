import { type JsonSchema, publishedSchemaUrl } from '../source/jsonSchema.js';
import { FLEX_FLOW_ENDPOINTS, FLEX_FLOW_RATE_LIMITS, MIN_RATE } from '../model/limits.js';

const ENDPOINT_PATHS = Object.freeze({
  list: 'GET /FlexFlows',
  fetch: 'GET /FlexFlows/FOxx',
  create: 'POST /FlexFlows',
  update: 'POST /FlexFlows/FOxx',
  delete: 'DELETE /FlexFlows/FOxx',
});

const SETTINGS_SCHEMA_ID = publishedSchemaUrl('settings.schema.json');

/** The JSON Schema of flexflow-sync.yaml; keys are the snake_case forms of Settings' fields. */
export function buildSettingsSchema(): JsonSchema {
  const globs = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SETTINGS_SCHEMA_ID,
    title: 'flexflow-sync settings',
    description: 'flexflow-sync.yaml: what plan may delete, and how fast apply may go. Every key is optional.',
    type: 'object',
    additionalProperties: false,
    properties: {
      prune: { description: 'Delete live flows that no file declares. Default false.', type: 'boolean' },
      ignore: { description: 'Friendly-name globs the tool never reads, changes or deletes.', ...globs },
      protect: { description: 'Friendly-name globs never deleted.', ...globs },
      max_delete_fraction: {
        description: 'Largest share of live flows one plan may delete. Default 0.3.',
        type: 'number',
        minimum: 0,
        maximum: 1,
      },
      min_live_for_delete_guard: {
        description: 'max_delete_fraction and max_update_fraction are checked only when at least this many flows are live. Default 10.',
        type: 'integer',
        minimum: 0,
      },
      max_update_fraction: {
        description: 'Largest share of live flows one plan may update. Default 0.3.',
        type: 'number',
        minimum: 0,
        maximum: 1,
      },
      rate_limits: {
        description:
          "Requests per second apply paces itself to, per endpoint, for an account whose limits Twilio raised. Default: Twilio's documented limits.",
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          FLEX_FLOW_ENDPOINTS.map((endpoint) => [
            endpoint,
            { description: `${ENDPOINT_PATHS[endpoint]}. Default ${FLEX_FLOW_RATE_LIMITS[endpoint]}.`, type: 'number', minimum: MIN_RATE },
          ]),
        ),
      },
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
  rate_limits: 'rateLimits',
} as const;
