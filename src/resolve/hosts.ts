import type { LookupProduct } from '../model/lookupTargets.js';

/**
 * Twilio's Flex API host, as src/api/connection.ts builds it from TWILIO_REGION and TWILIO_EDGE:
 * `flex-api.twilio.com`, `flex-api.ie1.twilio.com`, `flex-api.dublin.ie1.twilio.com`.
 */
const FLEX_API_ORIGIN = /^https:\/\/flex-api((?:\.[a-z0-9-]+){0,2})\.twilio\.com$/i;

/**
 * The base URL requests to `product` go to, from the Flex API's. On Twilio's flex-api host, the
 * product's host under the same region and edge (twilio-node's rule puts both after the product:
 * `studio.dublin.ie1.twilio.com`). Any other base URL (`--api-url`, FLEXFLOW_API_URL: the emulator,
 * a proxy) serves every product, as the emulator does.
 */
export function productBaseUrl(flexApiBaseUrl: string, product: LookupProduct): string {
  const match = FLEX_API_ORIGIN.exec(flexApiBaseUrl);
  return match ? `https://${product}${(match[1] as string).toLowerCase()}.twilio.com` : flexApiBaseUrl;
}
