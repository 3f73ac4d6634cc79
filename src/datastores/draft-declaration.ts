import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import { crossingArcs } from '../map/index.js';
import type { LiveSchema, LiveTable } from './connector.js';

/** What a draft is made for: the database it was read from, and what to call it. */
export interface DraftOptions {
  /** The datastore id to declare (`shop`). */
  readonly id: string;
  readonly type: 'postgres' | 'mysql' | 'pglite';
  /** The environment variable the declaration reads its URL from. */
  readonly urlEnv: string;
  /** Only tables of this schema (PostgreSQL); every table when absent. */
  readonly schema?: string;
  /** The schema a collection can leave unnamed (PostgreSQL's `public`). */
  readonly defaultSchema?: string;
  /** When the draft was made, for its header. */
  readonly now: Date;
}

/** A guess about one column: the identity it holds, its categories (built-in taxonomy ids). */
interface Guess {
  readonly identity?: string;
  readonly categories: readonly string[];
}

/**
 * Column names that suggest a category of the built-in taxonomy (src/map/taxonomy.ts). Matched
 * against the lower-case name split at `_`; first match wins. Guesses are for a person to review,
 * which is why the draft says so on every collection.
 */
const CATEGORY_GUESSES: readonly (readonly [RegExp, string])[] = [
  [/^(e_?mail|email_address|.*_email)$/, 'contact.email'],
  [/^(phone|mobile|tel|telephone|phone_number|mobile_number|.*_phone)$/, 'contact.phone'],
  [
    /^(address|address_line_?\d|street|house_number|city|town|postcode|post_code|postal_code|zip|zip_code|.*_address)$/,
    'contact.postal-address',
  ],
  [
    /^(name|first_name|last_name|full_name|surname|given_name|family_name|display_name|firstname|lastname)$/,
    'identity.name',
  ],
  [/^(birth_?date|date_of_birth|dob|birthday)$/, 'identity.date-of-birth'],
  [/^(gender|sex)$/, 'identity.gender'],
  [/^nationality$/, 'identity.nationality'],
  [
    /^(passport(_number)?|national_id|ssn|social_security_number|tax_id|id_number|national_number)$/,
    'identity.official-id',
  ],
  [/^(photo|avatar|picture|profile_picture|portrait)(_url)?$/, 'identity.photo'],
  [/^(username|user_name|login|handle|nickname)$/, 'account.username'],
  [
    /^(password|password_hash|passwd|pwd|secret|totp_secret|api_token|auth_token)$/,
    'account.credentials',
  ],
  [/^(iban|bic|bank_account|account_number)$/, 'financial.bank-account'],
  [
    /^(card_number|pan|card_last_?4|last_?4|card_brand|card_expiry|card_token)$/,
    'financial.payment-card',
  ],
  [/^(ip|ip_address|remote_addr|client_ip|last_ip)$/, 'online.ip-address'],
  [/^(device_id|device_token|push_token|advertising_id|idfa)$/, 'online.device-id'],
  [/^(user_agent|device|device_model|os|browser)$/, 'online.device-info'],
  [/^(cookie|cookie_id|session_id|visitor_id|anonymous_id)$/, 'online.cookie-id'],
  [/^(lat|lng|lon|latitude|longitude|geo|location|coordinates)$/, 'location.precise'],
  [/^(language|locale|preferred_language)$/, 'preferences.language'],
  [
    /^(newsletter|opt_in|optin|marketing_opt_in|marketing_consent|subscribed)$/,
    'preferences.marketing',
  ],
  [/^(job_title|position|role_title)$/, 'professional.job-title'],
  [/^(company|employer|company_name|organisation|organization)$/, 'professional.employer'],
  [/^(health|medical|allergies|allergy|diagnosis|disability)$/, 'special.health'],
  [/^(religion|religious_belief)$/, 'special.religious-beliefs'],
  [
    /^(message|body|content|comment|comments|note|notes|text|description)$/,
    'communications.message-content',
  ],
];

/** Tables whose rows a person's money moved through: tax and accounting law usually keeps them. */
const HOLD_LIKE = /invoice|receipt|credit_note|creditnote|bill|payment|transaction|ledger|tax/;
/** Tables named after the person: their key identifies the person. */
const PERSON_TABLES: Readonly<Record<string, string>> = {
  customer: 'customer-id',
  customers: 'customer-id',
  user: 'user-id',
  users: 'user-id',
  account: 'account-id',
  accounts: 'account-id',
  member: 'member-id',
  members: 'member-id',
  client: 'client-id',
  clients: 'client-id',
  subscriber: 'subscriber-id',
  subscribers: 'subscriber-id',
  person: 'person-id',
  people: 'person-id',
};
/** A column holding the id of a person kept elsewhere (`customer_id`), as an identity kind. */
const PERSON_ID = /^(customer|user|account|member|client|subscriber|person)_?id$/;

function guessColumn(table: LiveTable, column: string, isForeignKey: boolean): Guess {
  const name = column.toLowerCase();
  const categories: string[] = [];
  let identity: string | undefined;
  const category = CATEGORY_GUESSES.find(([pattern]) => pattern.test(name))?.[1];
  if (category !== undefined) categories.push(category);
  if (category === 'contact.email') identity = 'email';
  if (category === 'contact.phone') identity = 'phone';
  const ownKind = PERSON_TABLES[table.name.toLowerCase()];
  if (ownKind !== undefined && table.primaryKey.length === 1 && table.primaryKey[0] === column) {
    identity = ownKind;
  }
  // A person's id with no foreign key to follow is the only way to reach the row.
  const personId = PERSON_ID.exec(name);
  if (!isForeignKey && personId?.[1] !== undefined) identity = `${personId[1]}-id`;
  if (
    category === 'communications.message-content' &&
    /ticket|support|helpdesk|case/.test(table.name.toLowerCase())
  ) {
    categories[0] = 'communications.support-tickets';
  }
  return { ...(identity === undefined ? {} : { identity }), categories };
}

/**
 * A draft datastore declaration (YAML) from a live schema: collections with their primary keys,
 * references from the foreign keys, and guessed identity fields and categories, each marked as a
 * guess to review. The connection URL is never written: the draft names the variable to set.
 */
export function draftDeclaration(schema: LiveSchema, options: DraftOptions): string {
  const tables = schema.tables.filter(
    (table) => options.schema === undefined || table.schema === options.schema,
  );
  const keyless = tables.filter((table) => table.primaryKey.length === 0);
  const keyed = tables.filter((table) => table.primaryKey.length > 0);
  const names = new Set(keyed.map((table) => `${table.schema}.${table.name}`));

  const notes: string[][] = [];
  const drafted: DraftedCollection[] = [];
  const collections = keyed.map((table) => {
    const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
    const fields: { name: string; identity?: string; categories?: string[] }[] =
      table.columns.flatMap((column) => {
        const guess = guessColumn(table, column.name, fkColumns.has(column.name));
        if (guess.identity === undefined && guess.categories.length === 0) return [];
        return [
          {
            name: column.name,
            ...(guess.identity === undefined ? {} : { identity: guess.identity }),
            ...(guess.categories.length === 0 ? {} : { categories: [...guess.categories] }),
          },
        ];
      });
    const references: {
      fields: string[];
      to: { collection: string; fields: string[] };
      follow?: 'none';
    }[] = table.foreignKeys
      .filter((fk) => names.has(`${fk.references.schema}.${fk.references.table}`))
      .map((fk) => ({
        fields: [...fk.columns],
        to: { collection: fk.references.table, fields: [...fk.references.columns] },
      }));
    const listed = new Set<string>([
      ...table.primaryKey,
      ...fields.map((field) => field.name),
      ...references.flatMap((reference) => reference.fields),
    ]);
    const note = [
      `${table.schema}.${table.name}${table.rows === undefined ? '' : `: about ${table.rows} rows`}`,
    ];
    if (HOLD_LIKE.test(table.name.toLowerCase())) {
      const dateColumn =
        table.columns.find((c) => /date|time/.test(c.type) && /issue|creat|date|at$/.test(c.name))
          ?.name ?? '<date column>';
      // The hold counts from this column, so it is declared (it holds no personal data itself).
      if (table.columns.some((c) => c.name === dateColumn) && !listed.has(dateColumn)) {
        fields.push({ name: dateColumn });
        listed.add(dateColumn);
      }
      note.push(
        'looks like accounting records: tax law may require keeping them (GDPR Art. 17(3)(b)). If so:',
        `hold: { reason: "Tax law: 7 years", basis: "<the rule>", field: ${dateColumn}, duration: P7Y }`,
      );
    }
    const others = table.columns.map((c) => c.name).filter((name) => !listed.has(name));
    if (others.length > 0) note.splice(1, 0, `other columns (no guess): ${others.join(', ')}`);
    notes.push(note);
    drafted.push({ table, fields, references, note });
    return {
      name: table.name,
      ...(table.schema !== (options.defaultSchema ?? table.schema) ? { schema: table.schema } : {}),
      primaryKey: [...table.primaryKey],
      ...(fields.length === 0 ? {} : { fields }),
      ...(references.length === 0 ? {} : { references }),
    };
  });

  noCrossing(drafted);
  const document = new Document({
    id: options.id,
    type: options.type,
    connection: { urlEnv: options.urlEnv },
    collections,
  });
  document.commentBefore = [
    ` DRAFT datastore declaration, written by \`custodian datastores introspect\` on ${options.now.toISOString().slice(0, 10)}.`,
    ' Review every guess before use: identity fields, categories, erase strategies and holds.',
    ` Set ${options.urlEnv} to the connection URL; it never belongs in this file.`,
    ' List this file under `datastores:` in privacy.yaml, then run `custodian datastores check`.',
    ...(keyless.length > 0
      ? [
          ` Tables without a primary key, left out (rows cannot be addressed): ${keyless.map((t) => t.name).join(', ')}`,
        ]
      : []),
  ].join('\n');
  // Tables whose rows name a person: identity fields, or named after people.
  const identifying = new Set(
    drafted
      .filter(
        ({ table, fields }) =>
          PERSON_TABLES[table.name.toLowerCase()] !== undefined ||
          fields.some((field) => field.identity !== undefined),
      )
      .map(({ table }) => table.name),
  );
  const list = document.get('collections', true);
  if (isSeq(list)) {
    for (const [index, item] of list.items.entries()) {
      if (!isMap(item)) continue;
      item.commentBefore = (notes[index] ?? []).map((line) => ` ${line}`).join('\n');
      compactFields(item);
      markGuesses(item, drafted[index], identifying);
    }
  }
  return document.toString({ lineWidth: 100 });
}

/** Fields and references read best one per line, in flow style. */
function compactFields(collection: YAMLMap): void {
  for (const key of ['fields', 'references', 'primaryKey']) {
    const list = collection.get(key, true);
    if (!isSeq(list)) continue;
    if (key === 'primaryKey') {
      list.flow = true;
      continue;
    }
    for (const item of list.items) {
      if (isMap(item)) item.flow = true;
    }
  }
}

/** One collection of a draft as it is built, before it becomes YAML. */
interface DraftedCollection {
  readonly table: LiveTable;
  readonly fields: readonly { name: string; identity?: string; categories?: string[] }[];
  readonly references: { fields: string[]; to: { collection: string }; follow?: 'none' }[];
  readonly note: string[];
}

/**
 * Marks `follow: none` every drafted reference a request would follow from one person's row to
 * another person's row of the same collection (`crossingArcs`: a self-reference such as a
 * contact's `referred_by`, or a chain of foreign keys back into the collection). Followed, an
 * access request would export, and an erasure delete, the person referred; not followed, the
 * erasure nulls the reference in the other person's row.
 */
function noCrossing(drafted: readonly DraftedCollection[]): void {
  const keyOf = (table: LiveTable): string => `${table.schema}.${table.name}`;
  const schemaOf = new Map(drafted.map(({ table }) => [table.name, table.schema]));
  const edges = drafted.flatMap(({ table, references }) =>
    references.map((reference) => ({
      reference,
      owner: table,
      edge: {
        from: keyOf(table),
        to: `${schemaOf.get(reference.to.collection) ?? table.schema}.${reference.to.collection}`,
        follow: 'from-parent' as const,
      },
    })),
  );
  const identified = new Set(
    drafted
      .filter(({ fields }) => fields.some((field) => field.identity !== undefined))
      .map(({ table }) => keyOf(table)),
  );
  const ranks = new Map(drafted.map(({ table }, index) => [keyOf(table), index]));
  const arcs = crossingArcs(
    edges.map(({ edge }) => edge),
    (key) => identified.has(key),
    (key) => ranks.get(key) ?? ranks.size,
  );
  for (const arc of arcs) {
    const entry = edges[arc.edge];
    if (entry === undefined || entry.reference.follow === 'none') continue;
    entry.reference.follow = 'none';
    const note = drafted.find(({ table }) => table === entry.owner)?.note;
    note?.push(
      `(${entry.reference.fields.join(', ')}) → ${entry.reference.to.collection} links one person's row to another's: follow: none, so requests never follow it and an erasure nulls it in the other person's row`,
    );
  }
}

/** Categories a column name suggests that often name no person in a table without identities. */
const WEAK_GUESSES = new Set(['identity.name', 'communications.message-content']);

/**
 * Puts `# guessed: review` after every drafted field whose categories are a guess from its name,
 * and says so more plainly where the guess is weak: a `name` or `description` in a table that
 * neither identifies anyone nor references a table that does (a mailing list's name, an invoice
 * line's description) is often no personal data at all.
 */
function markGuesses(
  item: YAMLMap,
  drafted: DraftedCollection | undefined,
  identifying: ReadonlySet<string>,
): void {
  const list = item.get('fields', true);
  if (drafted === undefined || !isSeq(list)) return;
  const identifies =
    identifying.has(drafted.table.name) ||
    drafted.references.some((reference) => identifying.has(reference.to.collection));
  for (const [index, node] of list.items.entries()) {
    const field = drafted.fields[index];
    if (field === undefined || !isMap(node) || (field.categories ?? []).length === 0) continue;
    const weak =
      !identifies &&
      field.identity === undefined &&
      (field.categories ?? []).some((category) => WEAK_GUESSES.has(category));
    node.comment = weak
      ? ' guessed: review (this table identifies nobody: may not be personal data)'
      : ' guessed: review';
  }
}
