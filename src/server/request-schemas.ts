import { z } from 'zod';
import { LANGUAGES, LAWS } from '../map/index.js';
import {
  MAX_CHANGE_LENGTH,
  MAX_CHANGES,
  MAX_DETAILS_LENGTH,
  MAX_REASON_LENGTH,
  REQUEST_STATUSES,
  REQUEST_TYPES,
} from '../requests/index.js';
import { bounded, Email, text, uuidParam } from './schemas.js';

/**
 * The bodies of the data-subject request routes. Messages are written here so none quotes the
 * input; the email and the person's words are never echoed.
 */

const Timestamp = z.iso.datetime({ offset: true });

const Country = bounded(2)
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
  .describe('ISO 3166-1 alpha-2 country of residence: picks the controller and the law.');

/** Free text of the person: no control characters but line breaks and tabs (src/text). */
const FreeText = text('lines', MAX_DETAILS_LENGTH);

export const OpenRequestBody = z.strictObject({
  type: z.enum(REQUEST_TYPES).describe('What the person asks for.'),
  subject: z.strictObject({ email: Email }).describe('The person, by the email to write to.'),
  country: Country,
  state: bounded(2)
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter US state code')
    .optional()
    .describe('US residents: the state, which picks the state law (VA → VCDPA).'),
  language: z
    .enum(LANGUAGES)
    .optional()
    .describe(
      'The language to write to the person in (mails, the access package’s summary): one of the notice languages of the map. When absent, the first language of `Accept-Language` the notice is published in, else the notice’s first language.',
    ),
  details: FreeText.optional().describe(
    'What the person wants to add (which data, what is wrong); stored encrypted.',
  ),
  changes: z
    .record(
      bounded(63).regex(/^[A-Za-z][\w.-]{0,62}$/, 'must be a field name'),
      // Written into the datastores as given: the rule of the person's own text (src/text).
      text('lines', MAX_CHANGE_LENGTH),
    )
    .refine((changes) => Object.keys(changes).length <= MAX_CHANGES, {
      error: `at most ${MAX_CHANGES} changes`,
    })
    .optional()
    .describe('Rectification: field name → corrected value; stored encrypted.'),
  appealOf: uuidParam('must be a request id (uuid)')
    .optional()
    .describe(
      'Appeals only: the id of the refused request appealed (Va. Code 59.1-578(C), Colo. Rev. Stat. 6-1-1306(3), Conn. Gen. Stat. 42-518(d)). Checked once the person confirms the code (`POST /v1/requests/{id}/verify`): it must be a request of the same person, denied or completed with data kept, under a law that provides an appeal. The intake answers the same whatever the id names.',
    ),
});

export const OpenRequestResponse = z
  .object({
    requestId: z.uuid(),
    dueAt: Timestamp.describe('When the answer is due at the latest (end of that day, UTC).'),
  })
  .describe('Accepted: a code was mailed to the address given. The same for everyone.');

export const RequestIdParams = z.strictObject({
  id: uuidParam('must be a request id (uuid)'),
});

export const VerifyRequestBody = z.strictObject({
  code: bounded(32)
    .regex(/^\s*\d{6}\s*$/, 'must be the six-digit code from the mail')
    .describe('The six-digit code mailed to the person.'),
});

export const VerifyRequestResponse = z.object({
  status: z.enum(REQUEST_STATUSES).describe('`awaiting-approval` or `approved`.'),
});

export const ReasonBody = z.strictObject({
  reason: text('lines', MAX_REASON_LENGTH)
    .min(1)
    .describe('Why; mailed to the person as written. Line breaks and tabs, no other controls.'),
});

export const ListRequestsQuery = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: only requests past their deadline and not finished.'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('100 by default.'),
});

const RequestSummary = z.object({
  id: z.uuid(),
  type: z.enum(REQUEST_TYPES),
  law: z.enum(LAWS),
  controller: z.string(),
  country: z.string(),
  region: z.string().nullable(),
  language: z
    .enum(LANGUAGES)
    .nullable()
    .describe('The language the person is written to in; null: the notice’s first language.'),
  status: z.enum(REQUEST_STATUSES),
  verification: z.enum(['email', 'operator', 'not-required']).nullable(),
  receivedAt: Timestamp,
  acknowledgeBy: Timestamp.nullable().describe('CCPA 11 CCR 7021(a): confirm receipt by.'),
  dueAt: Timestamp,
  overdue: z.boolean(),
  extendedAt: Timestamp.nullable(),
  verifiedAt: Timestamp.nullable(),
  decidedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
});

export const ListRequestsResponse = z.object({
  requests: z.array(RequestSummary).describe('Nearest deadline first.'),
});

export const RequestDetailResponse = RequestSummary.extend({
  subject: z.object({ email: z.string() }).describe('The person, for the operator handling it.'),
  details: z.string().nullable(),
  changes: z.record(z.string(), z.string()).nullable(),
  reason: z.string().nullable().describe('The reason of a denial or extension, as sent.'),
  appealOf: z.uuid().nullable().describe('An appeal: the request it appeals.'),
  appeals: z.array(z.uuid()).describe('The appeals of this request.'),
  events: z
    .array(
      z.object({
        at: Timestamp,
        actor: z.string(),
        kind: z.string(),
        status: z.enum(REQUEST_STATUSES),
        details: z.record(z.string(), z.unknown()),
      }),
    )
    .describe('The timeline, oldest first.'),
});

export const RequestResponse = RequestSummary;
