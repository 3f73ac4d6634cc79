/** What a value or a column was recognised as. `date` is a bare date: not personal on its own. */
export type ValueKind =
  | 'email'
  | 'phone'
  | 'iban'
  | 'payment-card'
  | 'national-id-be'
  | 'national-id-nl'
  | 'national-id-fr'
  | 'national-id-de'
  | 'ip-address'
  | 'date-of-birth'
  | 'date'
  | 'person-name';

/** One kind a value matches, with how sure the classifier is (0..1). Never carries the value. */
export interface ValueMatch {
  readonly kind: ValueKind;
  readonly confidence: number;
}

/** Every kind, in the order the docs list them. */
export const VALUE_KINDS: readonly ValueKind[] = [
  'email',
  'phone',
  'iban',
  'payment-card',
  'national-id-be',
  'national-id-nl',
  'national-id-fr',
  'national-id-de',
  'ip-address',
  'date-of-birth',
  'date',
  'person-name',
];

/** The data map category (src/map/taxonomy.ts) a kind belongs to; undefined when not personal. */
export const KIND_CATEGORY: Readonly<Record<ValueKind, string | undefined>> = {
  email: 'contact.email',
  phone: 'contact.phone',
  iban: 'financial.bank-account',
  'payment-card': 'financial.payment-card',
  'national-id-be': 'identity.official-id',
  'national-id-nl': 'identity.official-id',
  'national-id-fr': 'identity.official-id',
  'national-id-de': 'identity.official-id',
  'ip-address': 'online.ip-address',
  'date-of-birth': 'identity.date-of-birth',
  date: undefined,
  'person-name': 'identity.name',
};

/** True when a kind is personal data by itself (a bare `date` is not). */
export function isPersonalKind(kind: ValueKind): boolean {
  return KIND_CATEGORY[kind] !== undefined;
}
