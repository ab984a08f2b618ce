import { DasWosCoinsError } from '#shared/errors';

/** The API reads JSON only: a body sent as a form, text or anything else is refused unread. */
export class UnsupportedMediaTypeError extends DasWosCoinsError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';

  constructor(contentType: string | undefined) {
    super(
      contentType
        ? `The body must be sent as application/json, not ${contentType}`
        : 'The body must be sent as application/json (no Content-Type header was sent)',
    );
  }
}
