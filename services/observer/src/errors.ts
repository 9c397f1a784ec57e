import { defineError } from '@erp/kit';

export const ServiceNotObservedError = defineError({
  code: 'OBS_SERVICE_NOT_OBSERVED',
  status: 404,
  title: 'Service not observed',
  detail: (name: string) =>
    `The observer knows no service "${name}": it is neither in observer_config.json nor registered. GET /api/v1/observer/services lists the known ones.`,
});

export const RangeInvalidError = defineError({
  code: 'OBS_RANGE_INVALID',
  status: 400,
  title: 'Time range invalid',
  detail: (reason: string) => `${reason} Send from < to as ISO 8601 date-times.`,
});

export const RangeTooLargeError = defineError({
  code: 'OBS_RANGE_TOO_LARGE',
  status: 400,
  title: 'Time range too large',
  detail: (reason: string) => reason,
});

export const CursorInvalidError = defineError({
  code: 'OBS_CURSOR_INVALID',
  status: 400,
  title: 'Cursor invalid',
  detail: () => 'The cursor is not one this service issued. Start again without a cursor and follow next_cursor.',
});

export const ReportNotFoundError = defineError({
  code: 'OBS_REPORT_NOT_FOUND',
  status: 404,
  title: 'Report not found',
  detail: (id: string) => `No stored optimisation report has the id ${id}. GET /api/v1/observer/reports lists the stored ones.`,
});

export const FormatNotAcceptableError = defineError({
  code: 'OBS_FORMAT_NOT_ACCEPTABLE',
  status: 406,
  title: 'Format not acceptable',
  detail: (accept: string) =>
    `A report is available as application/json, text/markdown or text/html, none of which "${accept}" accepts. Or send ?format=json|markdown|html.`,
});

export const StreamLimitReachedError = defineError({
  code: 'OBS_STREAM_LIMIT_REACHED',
  status: 503,
  title: 'Too many live streams',
  detail: (limit: number) =>
    `The observer already serves ${limit} live streams, its limit (OBSERVER_STREAMS_MAX). Retry after the Retry-After delay, or close a dashboard tab.`,
});

export const ControlTokenInvalidError = defineError({
  code: 'OBS_CONTROL_TOKEN_INVALID',
  status: 401,
  title: 'Control token missing or wrong',
  detail: () => 'The scaling route answers only the launcher that started this observer, with the OBSERVER_CONTROL_TOKEN it was given.',
});

/** Every error of the observer's catalogue, for the README table test. */
export const OBSERVER_ERRORS = [
  ServiceNotObservedError,
  RangeInvalidError,
  RangeTooLargeError,
  CursorInvalidError,
  ReportNotFoundError,
  FormatNotAcceptableError,
  StreamLimitReachedError,
  ControlTokenInvalidError,
];
