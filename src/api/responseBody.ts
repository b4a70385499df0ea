import type { CancelableRequest, Response } from 'got';
import { FlexFlowSyncError } from '../errors.js';

/**
 * The largest answer read: a page of 1,000 flows is about 0.6 MB, so 8 MiB leaves room while a
 * hostile or broken server cannot fill the memory (a 1.5 MB gzip bomb once took 6.3 GB).
 */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

class ResponseTooLargeError extends FlexFlowSyncError {
  constructor(request: string, maxBytes: number) {
    super(
      'E_API_RESPONSE',
      `${request}: the answer is larger than ${maxBytes / (1024 * 1024)} MiB, far more than any answer of the APIs flexflow-sync reads; stopped reading it: is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)?`,
    );
  }
}

/** Cancels `pending` once more than `maxBytes` of its body arrived. `request` is `METHOD path`, for the message. */
export async function limitBody(
  pending: CancelableRequest<Response<string>>,
  request: string,
  maxBytes: number = MAX_BODY_BYTES,
): Promise<Response<string>> {
  let tooLarge = false;
  // on() returns the request itself, which is awaited below.
  void pending.on('downloadProgress', (progress: { transferred: number }) => {
    if (progress.transferred > maxBytes && !tooLarge) {
      tooLarge = true;
      pending.cancel();
    }
  });
  try {
    return await pending;
  } catch (error) {
    if (tooLarge) throw new ResponseTooLargeError(request, maxBytes);
    throw error;
  }
}
