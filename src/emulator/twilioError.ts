/** Twilio's error body and the codes the Flex API answers with. */

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export const TWILIO_CODES = Object.freeze({
  badParameter: 20001,
  authentication: 20003,
  methodNotAllowed: 20004,
  notFound: 20404,
  tooManyRequests: 20429,
  internal: 20500,
  unavailable: 20503,
});

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The error a fault or a status alone implies (429 / 500 / 503). */
export function statusError(status: 429 | 500 | 503): TwilioErrorBody {
  switch (status) {
    case 429:
      return twilioError(429, TWILIO_CODES.tooManyRequests, 'Too Many Requests');
    case 500:
      return twilioError(500, TWILIO_CODES.internal, 'Internal Server Error');
    case 503:
      return twilioError(503, TWILIO_CODES.unavailable, 'Service Unavailable');
  }
}
