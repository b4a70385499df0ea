/**
 * "You can have up to 2500 Flex Flows per account" (Twilio docs, "Flex Messaging Limits",
 * /docs/flex/developer/messaging/limits).
 */
export const MAX_FLOWS_PER_ACCOUNT = 2500;

/**
 * Twilio's rate limits for Flex Flows, per account and per endpoint, in requests per second
 * (Twilio docs, "Flex Messaging Limits", /docs/flex/developer/messaging/limits; the page gives its
 * neighbouring rows "per second"). The emulator enforces them and the client paces itself to them.
 */
export const FLEX_FLOW_ENDPOINTS = ['list', 'fetch', 'create', 'update', 'delete'] as const;
export type FlexFlowEndpoint = (typeof FLEX_FLOW_ENDPOINTS)[number];

export type RateLimits = Readonly<Record<FlexFlowEndpoint, number>>;

export const FLEX_FLOW_RATE_LIMITS: RateLimits = Object.freeze({
  /** GET /FlexFlows */
  list: 10,
  /** GET /FlexFlows/FOxx */
  fetch: 2,
  /** POST /FlexFlows */
  create: 2,
  /** POST /FlexFlows/FOxx */
  update: 1,
  /** DELETE /FlexFlows/FOxx */
  delete: 2,
});

/** `rates` with every rate multiplied by `scale`. */
export function scaleRateLimits(rates: RateLimits, scale: number): RateLimits {
  return Object.freeze(
    Object.fromEntries(FLEX_FLOW_ENDPOINTS.map((endpoint) => [endpoint, rates[endpoint] * scale])) as Record<FlexFlowEndpoint, number>,
  );
}

/**
 * Which limited endpoint of the resource at `collection` (`/v1/FlexFlows`) a request goes to (path
 * relative to the API's base, query allowed), or undefined: the list and create on the collection,
 * fetch, update and delete on one item (`collection/{Sid}`, an encoded address counting as one segment).
 */
export function resourceEndpoint(collection: string, method: string, path: string): FlexFlowEndpoint | undefined {
  const bare = (path.split('?', 1)[0] as string).replace(/\/+$/, '');
  if (bare === collection) {
    if (method === 'GET') return 'list';
    return method === 'POST' ? 'create' : undefined;
  }
  if (!bare.startsWith(`${collection}/`) || bare.slice(collection.length + 1).includes('/')) return undefined;
  switch (method) {
    case 'GET':
      return 'fetch';
    case 'POST':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return undefined;
  }
}

/** Which limited Flex Flows endpoint a request goes to, or undefined. */
export function flexFlowEndpoint(method: string, path: string): FlexFlowEndpoint | undefined {
  return resourceEndpoint('/v1/FlexFlows', method, path);
}

/**
 * The smallest rate or scale taken: their product then spaces requests at most 10,000 s apart, well
 * within a timer's 2^31 ms (a longer timer fires at once, and pacing would stop).
 */
export const MIN_RATE = 0.01;

/**
 * Twilio documents no per-endpoint rate for address configurations. Pacing to the Flex Flow figures
 * (the strictest documented for the neighbouring messaging resource) is safe either way: if the real
 * limit is higher we are only slower, and a 429 is still retried with backoff.
 */
export const ADDRESS_CONFIGURATION_RATE_LIMITS: RateLimits = Object.freeze({ ...FLEX_FLOW_RATE_LIMITS });
