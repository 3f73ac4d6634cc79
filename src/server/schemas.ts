import { z } from 'zod';
import { MAX_BATCH } from '../batch.js';
import { personalDataIn } from '../evidence/index.js';
import { MAX_EMAIL_LENGTH, parseEmail } from '../ledger/index.js';
import { LEGAL_BASES } from '../map/index.js';
import { textFault, type TextKind } from '../text/index.js';

/**
 * Texts that are stored in clear or written to the evidence chain (a channel name, a
 * suppression's reason) must not hold an email address or a phone number: the chain cannot be
 * edited, so personal data in it could never be erased (GDPR Art. 17(1)), and the suppression
 * list holds keyed hashes only. The same detector as the evidence guard, so a value the guard
 * would refuse is a 400 here, not a 500 there.
 */
function holdsNoPersonalData(text: string): boolean {
  return personalDataIn(text) === undefined;
}

const NO_PERSONAL_DATA = 'must not hold an email address or a phone number';

/**
 * The bodies of the API, request and response: the server validates with these and the OpenAPI
 * document is generated from them. Messages are written here so that none quotes the input.
 *
 * Every string a request may carry has a maximum length, checked before anything else reads it.
 * Free text and addresses are checked by hand-written linear code (src/text, `parseEmail`); the
 * patterns left are short and cannot backtrack (eslint-plugin-regexp and test/security/redos).
 */

/**
 * A string of at most `max` characters. The length is checked first and a longer string stops
 * there (`abort`): zod would otherwise go on to run the later checks on it, and a 64 MiB batch
 * body can hold one 64 MiB string.
 */
export function bounded(max: number): z.ZodString {
  return z.string().max(max, { error: `at most ${max} characters`, abort: true });
}

/**
 * Text of at most `max` characters under the rule of src/text: `line` holds no control
 * characters, `lines` only line breaks and tabs; neither NUL nor unpaired surrogates.
 */
export function text(kind: TextKind, max: number): z.ZodString {
  return bounded(max).check((ctx) => {
    const fault = textFault(ctx.value, kind);
    if (fault !== undefined) ctx.issues.push({ code: 'custom', message: fault, input: ctx.value });
  });
}

/** A uuid of any version (ids Custodian hands out), refused unread when longer than one. */
export function uuidParam(message: string): z.ZodString {
  return bounded(36).check(z.guid(message));
}

/** A purpose or other id of the data map. */
const MapId = bounded(100).regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be an id of the data map');

/**
 * One mailbox, as `parseEmail` (src/ledger) takes it: Unicode local parts and internationalised
 * domains, surrounding spaces allowed; no controls, invisible or bidirectional characters, IP
 * addresses or empty labels. It is normalised before hashing; mail goes to its ASCII form.
 */
export const Email = bounded(MAX_EMAIL_LENGTH)
  .check((ctx) => {
    const parsed = parseEmail(ctx.value);
    if (!parsed.ok) {
      ctx.issues.push({
        code: 'custom',
        message: `must be an email address: ${parsed.issues}`,
        input: ctx.value,
      });
    }
  })
  .describe(
    'An email address; Unicode allowed (RFC 6531), domains by IDNA. No IP-address domains, control, zero-width or bidirectional characters.',
  );

/** A phone number in international form (`+32 …`). */
export const Phone = bounded(32).regex(
  /^(\+|00)?\d[\d ().-]{3,30}$/,
  'must be a phone number in international form',
);

const AccountId = text('line', 200).min(1);

const SubjectId = uuidParam('must be a subject id (uuid)');

const SubjectRefMessage = 'a subject is one of {email}, {phone}, {accountId} or {id}';

/** How a request names a person. Never in a URL: only in bodies. */
export const SubjectRef = z
  .union(
    [
      z.strictObject({ email: Email }),
      z.strictObject({ phone: Phone }),
      z.strictObject({ accountId: AccountId }),
      z.strictObject({ id: SubjectId }),
    ],
    { error: SubjectRefMessage },
  )
  .describe("A person, by email, phone, the product's account id, or Custodian's subject id.");

/** An identifier that can be suppressed: anything but Custodian's own id. */
export const Identifier = z
  .union(
    [
      z.strictObject({ email: Email }),
      z.strictObject({ phone: Phone }),
      z.strictObject({ accountId: AccountId }),
    ],
    { error: 'an identifier is one of {email}, {phone} or {accountId}' },
  )
  .describe('An identifier, kept only as a keyed hash of its normalised form.');

const Country = bounded(2)
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
  .describe('ISO 3166-1 alpha-2 country of residence; decides the controller and the laws.');

const Source = bounded(100)
  .regex(/^[A-Za-z\d][\w .:/-]*$/, 'must be a channel name such as "web-banner"')
  .refine(holdsNoPersonalData, NO_PERSONAL_DATA)
  .describe('The channel the choice came through: "web-banner", "signup-form", "import", …');

const Receipt = z.object({
  receiptId: z.uuid(),
  subjectId: z.uuid(),
  recordedAt: z.iso.datetime({ offset: true }),
});

// ---------------------------------------------------------------------------------------------
// Consents

export const RecordConsentBody = z.strictObject({
  subject: SubjectRef,
  choices: z
    .record(MapId, z.enum(['granted', 'denied']))
    .describe('Purpose id → the choice for it.'),
  source: Source,
  noticeVersion: bounded(100)
    .regex(/^[A-Za-z\d][\w.:+-]*$/, 'must be a notice version such as "2026-03"')
    .refine(holdsNoPersonalData, NO_PERSONAL_DATA)
    .optional()
    .describe("The notice version shown; the served map's version when absent."),
  country: Country.optional(),
});

export const RecordConsentResponse = Receipt.describe('The receipt of the recorded choices.');

export const ConsentStateBody = z.strictObject({ subject: SubjectRef });

/** A subject in a batch check: a subject reference, with what the product knows of them. */
const CheckSubject = z
  .strictObject({
    email: Email.optional(),
    phone: Phone.optional(),
    accountId: AccountId.optional(),
    id: SubjectId.optional(),
    groups: z
      .array(MapId)
      .max(20)
      .optional()
      .describe('Subject groups of the map the person belongs to (e.g. customers: soft opt-in).'),
    country: Country.optional(),
  })
  .refine(
    (item) =>
      [item.email, item.phone, item.accountId, item.id].filter((v) => v !== undefined).length === 1,
    { error: 'give exactly one of email, phone, accountId or id' },
  );

export const MAX_CHECK_SUBJECTS = MAX_BATCH;
export const MAX_CHECK_IDENTIFIERS = MAX_BATCH;
export const MAX_SUPPRESS_IDENTIFIERS = MAX_BATCH;

export const CheckConsentBody = z.strictObject({
  purpose: MapId,
  subjects: z.array(CheckSubject).min(1).max(MAX_CHECK_SUBJECTS),
  country: Country.optional().describe('The country of subjects that do not give their own.'),
});

export const CheckConsentResponse = z.object({
  results: z.array(
    z.object({
      index: z.number().int().describe('Position in the request.'),
      allowed: z.boolean(),
      reason: z.string().describe('Why, e.g. "granted", "objected", "suppressed".'),
    }),
  ),
});

export const ObjectionBody = z.strictObject({
  subject: SubjectRef,
  purpose: MapId,
  source: Source.optional(),
});

export const ObjectionResponse = Receipt;

// ---------------------------------------------------------------------------------------------
// Purposes and GPC

const Localized = z
  .record(z.string(), z.string())
  .describe('The text per language of the notice (en, nl, fr, de).');

export const PurposesResponse = z.object({
  noticeVersion: z.string(),
  effectiveDate: z.string(),
  languages: z.array(z.string()),
  purposes: z.array(
    z.object({
      id: z.string(),
      name: Localized,
      description: Localized,
      legalBasis: z.enum(LEGAL_BASES).nullable(),
      directMarketing: z.boolean(),
      withdrawable: z
        .boolean()
        .describe('Consent-based: the person can withdraw it at any time (GDPR Art. 7(3)).'),
      objectable: z
        .boolean()
        .describe(
          'The person can object (GDPR Art. 21): legitimate interests or direct marketing.',
        ),
    }),
  ),
});

export const GpcResponse = z.object({
  gpc: z.boolean(),
  lastUpdate: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Suppression and unsubscribe

export const SuppressBody = z.strictObject({
  identifiers: z.array(Identifier).min(1).max(MAX_SUPPRESS_IDENTIFIERS),
  reason: text('line', 200)
    .refine((reason) => reason.trim() !== '', 'must not be blank')
    // Kept in clear beside the hashes and returned by checks: never an address or a number.
    .refine(holdsNoPersonalData, NO_PERSONAL_DATA)
    .describe(
      'Why, for the operator: "erased", "complaint", "hard bounce", … Returned by checks; never personal data.',
    ),
  scope: MapId.optional().describe('A purpose id; every purpose when absent.'),
});

export const SuppressResponse = z.object({
  count: z.number().int().describe('Distinct identifiers now suppressed by this request.'),
  added: z.number().int().describe('Of those, how many were not suppressed before.'),
});

export const SuppressionCheckBody = z.strictObject({
  identifiers: z.array(Identifier).min(1).max(MAX_CHECK_IDENTIFIERS),
  purpose: MapId.optional().describe('Also count suppressions scoped to this purpose.'),
});

export const SuppressionCheckResponse = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      suppressed: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
});

export const UnsubscribeLinkBody = z.strictObject({
  subject: SubjectRef,
  purpose: MapId,
});

export const UnsubscribeLinkResponse = z.object({
  url: z.url(),
  headers: z.object({
    'List-Unsubscribe': z.string().describe('`<url>`, RFC 2369.'),
    'List-Unsubscribe-Post': z.literal('List-Unsubscribe=One-Click').describe('RFC 8058.'),
  }),
});

export const TokenParams = z.strictObject({
  token: bounded(1024).regex(/^[\w.~-]+$/, 'must be an unsubscribe token'),
});

export const OneClickBody = z
  .object({
    'List-Unsubscribe': z.literal('One-Click').optional(),
  })
  .describe('RFC 8058: List-Unsubscribe=One-Click; the page form sends the same, or nothing.');

export const UnsubscribeResponse = z.object({
  unsubscribed: z.literal(true),
  purpose: z.string(),
});

export const ReceiptParams = z.strictObject({
  receiptId: uuidParam('must be a receipt id (uuid)'),
});

export const HealthResponse = z.object({ status: z.literal('ok') });

// ---------------------------------------------------------------------------------------------
// Consent state and receipts

const Timestamp = z.iso.datetime({ offset: true });
const EventKind = z.enum([
  'granted',
  'denied',
  'objection',
  'suppressed',
  'restricted',
  'restriction-lifted',
]);

export const ConsentStateResponse = z.object({
  subjectId: z.uuid().nullable().describe('Null when the ledger has never seen this person.'),
  purposes: z.array(
    z.object({
      purpose: z.string(),
      status: z.enum(['granted', 'denied']),
      receiptId: z.uuid(),
      updatedAt: Timestamp,
    }),
  ),
  objections: z.array(z.object({ purpose: z.string(), receiptId: z.uuid(), createdAt: Timestamp })),
  restricted: z
    .object({ since: Timestamp, reason: z.string().nullable() })
    .nullable()
    .describe('GDPR Art. 18: restricted since, and on which ground.'),
  gpc: z.boolean().describe('A Global Privacy Control signal accompanied one of the choices.'),
  events: z
    .array(
      z.object({
        receiptId: z.uuid(),
        purpose: z.string().nullable(),
        kind: EventKind,
        source: z.string(),
        noticeVersion: z.string().nullable(),
        gpc: z.boolean(),
        recordedAt: Timestamp,
      }),
    )
    .describe('The history, oldest first.'),
});

const ConsentStatus = z.enum(['dpv:ConsentGiven', 'dpv:ConsentRefused', 'dpv:ConsentWithdrawn']);

export const ConsentReceiptResponse = z
  .object({
    schemaVersion: z.literal('ISO/IEC TS 27560:2023'),
    receiptId: z.uuid(),
    recordId: z.uuid(),
    piiPrincipalId: z.uuid().describe('The pseudonymous subject id; no identifier of the person.'),
    recordedAt: Timestamp,
    language: z.string(),
    notice: z.object({ version: z.string().nullable(), effectiveDate: z.string().nullable() }),
    jurisdictions: z.array(z.string()),
    controller: z.object({
      id: z.string(),
      role: z.literal('controller'),
      name: z.string(),
      tradingName: z.string().nullable(),
      address: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      url: z.string().nullable(),
      dpo: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
    }),
    collectionMethod: z.string(),
    gpc: z.boolean(),
    purposes: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        description: z.string().nullable(),
        legalBasis: z.enum(LEGAL_BASES).nullable(),
        dpvLegalBasis: z.string().nullable(),
        gdprLegalBasis: z.string().nullable(),
        directMarketing: z.boolean(),
        personalData: z.array(z.object({ id: z.string(), name: z.string(), dpv: z.string() })),
        withdrawal: z.array(
          z.object({
            channel: z.string(),
            type: z.string(),
            email: z.string().nullable(),
            url: z.string().nullable(),
          }),
        ),
        status: ConsentStatus.nullable(),
        currentStatus: z.enum(['granted', 'denied']).nullable(),
      }),
    ),
    events: z.array(
      z.object({
        time: Timestamp,
        purpose: z.string().nullable(),
        type: EventKind,
        status: ConsentStatus.nullable(),
        by: z.literal('data-subject'),
        source: z.string(),
      }),
    ),
  })
  .describe('A consent record in the shape of ISO/IEC TS 27560:2023, with W3C DPV terms.');
