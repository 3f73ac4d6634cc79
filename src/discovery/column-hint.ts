/**
 * What a column's name suggests it holds, in English, Dutch, French and German. Names are split
 * into lower-case, accent-free words at `_`, `-`, `.`, spaces and camelCase humps, so
 * `dateOfBirth`, `date_naissance` and `Geburtsdatum` are all read.
 */
export type ColumnHint =
  | 'email'
  | 'phone'
  | 'iban'
  | 'payment-card'
  | 'national-id-be'
  | 'national-id-nl'
  | 'national-id-fr'
  | 'national-id-de'
  | 'national-id'
  | 'ip-address'
  | 'birth'
  | 'person-name';

/** The words of a column name: `firstName` → ['first', 'name'], `Prénom` → ['prenom']. */
export function columnWords(column: string): string[] {
  const plain = column
    .slice(0, 128)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '');
  const words: string[] = [];
  let current = '';
  let previousLower = false;
  for (const char of plain) {
    const lower = char.toLowerCase();
    const isLetterOrDigit = (lower >= 'a' && lower <= 'z') || (char >= '0' && char <= '9');
    if (!isLetterOrDigit) {
      if (current !== '') words.push(current);
      current = '';
      previousLower = false;
      continue;
    }
    const isUpper = lower !== char;
    if (isUpper && previousLower && current !== '') {
      words.push(current);
      current = '';
    }
    current += lower;
    previousLower = !isUpper;
  }
  if (current !== '') words.push(current);
  return words;
}

const WORD_HINTS: ReadonlyMap<string, ColumnHint> = new Map<string, ColumnHint>([
  ...['email', 'mail', 'emailaddress', 'courriel', 'epost'].map((w) => [w, 'email'] as const),
  ...[
    'phone',
    'telephone',
    'tel',
    'mobile',
    'cell',
    'gsm',
    'fax',
    'telefoon',
    'telefoonnummer',
    'mobiel',
    'portable',
    'telefon',
    'telefonnummer',
    'handy',
    'mobilnummer',
    'phonenumber',
  ].map((w) => [w, 'phone'] as const),
  ...['iban', 'rekeningnummer', 'kontonummer', 'bankrekening'].map((w) => [w, 'iban'] as const),
  ...['card', 'pan', 'creditcard', 'cardnumber', 'kaartnummer', 'carte', 'kreditkarte'].map(
    (w) => [w, 'payment-card'] as const,
  ),
  ...['rrn', 'rijksregisternummer', 'rijksregister', 'niss', 'insz', 'registre'].map(
    (w) => [w, 'national-id-be'] as const,
  ),
  ...['bsn', 'burgerservicenummer', 'sofinummer'].map((w) => [w, 'national-id-nl'] as const),
  ...['nir', 'insee', 'secu', 'securite'].map((w) => [w, 'national-id-fr'] as const),
  ...['steuerid', 'steueridentifikationsnummer', 'idnr', 'steuer', 'tin'].map(
    (w) => [w, 'national-id-de'] as const,
  ),
  ...['ssn', 'nationalid', 'nin', 'identifiant'].map((w) => [w, 'national-id'] as const),
  ...['ip', 'ipaddress', 'ipv4', 'ipv6', 'ipaddr', 'remoteaddr'].map(
    (w) => [w, 'ip-address'] as const,
  ),
  ...[
    'dob',
    'birth',
    'birthday',
    'birthdate',
    'born',
    'geboorte',
    'geboortedatum',
    'naissance',
    'geburt',
    'geburtsdatum',
    'geburtstag',
  ].map((w) => [w, 'birth'] as const),
  ...[
    'firstname',
    'lastname',
    'surname',
    'givenname',
    'familyname',
    'fullname',
    'middlename',
    'voornaam',
    'achternaam',
    'familienaam',
    'tussenvoegsel',
    'prenom',
    'vorname',
    'nachname',
    'familienname',
  ].map((w) => [w, 'person-name'] as const),
]);

/** Words that, before `name`/`naam`/`nom`, make it a person's name: `first_name`, `klant_naam`. */
const PERSON_WORDS = new Set([
  'first',
  'last',
  'given',
  'family',
  'full',
  'middle',
  'sur',
  'customer',
  'contact',
  'person',
  'client',
  'klant',
  'kunde',
  'patient',
  'employee',
  'member',
  'user',
  'billing',
  'shipping',
  'account',
  'holder',
  'de',
  'famille',
  'jeune',
  'fille',
  'voor',
  'achter',
  'vor',
  'nach',
]);
const NAME_WORDS = new Set(['name', 'naam', 'nom', 'names']);

/** What the column name suggests, or undefined when it suggests nothing this module reads. */
export function columnHint(column: string | undefined): ColumnHint | undefined {
  if (column === undefined) return undefined;
  const words = columnWords(column);
  const joined = words.join('');
  const direct = WORD_HINTS.get(joined);
  if (direct !== undefined) return direct;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const pair = word + (words[i + 1] ?? '');
    const fromPair = WORD_HINTS.get(pair);
    if (fromPair !== undefined) return fromPair;
    const fromWord = WORD_HINTS.get(word);
    if (fromWord !== undefined) return fromWord;
  }
  if (words.some((w) => w === 'date' || w === 'datum') && words.includes('birth')) return 'birth';
  // `name` alone, or only with words that make it a person's: `product_name` is not a hint.
  if (words.some((w) => NAME_WORDS.has(w))) {
    const others = words.filter((w) => !NAME_WORDS.has(w));
    if (others.every((w) => PERSON_WORDS.has(w))) return 'person-name';
  }
  return undefined;
}
