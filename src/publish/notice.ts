import {
  advertisingDisclosures,
  appealPeriod,
  CCPA_CATEGORIES,
  COMMITMENT_DEFAULTS,
  controllersOf,
  effectiveSale,
  hasUsLaw,
  isInEea,
  isoPeriod,
  isUsLaw,
  LAW_CATALOG,
  localize,
  OWN_RECORD_KEYS,
  RESPONSE_PERIOD,
  requiresAppeal,
  recipientCountries,
  recipientsOf,
  resolveCategory,
  rightsOf,
  SPECIAL_CATEGORY_NAMES,
  transfers,
  usedCategories,
  CCPA_CATEGORY_NAMES,
  type Address,
  type CcpaCategory,
  type Controller,
  type DataMap,
  type Jurisdiction,
  type Language,
  type Law,
  type Purpose,
  type Recipient,
  type Right,
  type Text,
  type Transfer,
} from '../map/index.js';
import type { Block, PublishedDocument } from './document.js';
import {
  formatDate,
  formatDuration,
  joinList,
  placeName,
  STRINGS,
  type AppealLaw,
  type GapKey,
  type HeadingKey,
  type Strings,
} from './i18n/index.js';

type Channel = DataMap['channels'][number];

/** Where a consumer can complain when an appeal is denied (the state Attorney General). */
const ATTORNEY_GENERAL_URL: Readonly<Record<AppealLaw, string>> = {
  vcdpa: 'https://www.oag.state.va.us',
  cpa: 'https://coag.gov',
  ctdpa: 'https://portal.ct.gov/ag',
};

const DASH = '—';

/**
 * The privacy notice of a data map in one language: every item of GDPR Art. 13(1)-(2) and 14(1)-(2),
 * and, when the map declares a US state law, the disclosures those laws require. Deterministic: the
 * same map gives the same document, in declared order, with no clock.
 *
 * It states no fact the map does not declare: a missing route or basis is marked "NOT DECLARED"
 * in the text, never filled in from the general channels (`check` reports each such gap as an
 * error). `draft` adds a banner saying so, for reviewing a map that still has errors.
 */
export function notice(
  map: DataMap,
  options: { language: Language; draft?: boolean },
): PublishedDocument {
  const writer = new NoticeWriter(map, options.language, options.draft === true);
  return writer.write();
}

class NoticeWriter {
  private readonly s: Strings;
  private readonly blocks: Block[] = [];
  private readonly ids = new Set<string>();
  private readonly fallback: Language;
  /** Jurisdictions under the GDPR or the UK GDPR. */
  private readonly europe: readonly Jurisdiction[];
  /** Jurisdictions under a US state law. */
  private readonly us: readonly Jurisdiction[];
  private readonly transfers: readonly Transfer[];

  constructor(
    private readonly map: DataMap,
    private readonly language: Language,
    private readonly draft: boolean,
  ) {
    this.s = STRINGS[language];
    this.fallback = map.notice.languages[0] ?? 'en';
    this.europe = map.jurisdictions.filter((jurisdiction) => !isUsLaw(jurisdiction.law));
    this.us = map.jurisdictions.filter((jurisdiction) => isUsLaw(jurisdiction.law));
    this.transfers = transfers(map);
  }

  write(): PublishedDocument {
    const title = this.s.text.title(this.map.organisation.name);
    this.heading(1, title, 'privacy-notice');
    if (this.draft) this.paragraph(this.s.text.draftBanner);
    this.head();
    this.controllers();
    this.data();
    this.sources();
    this.purposes();
    this.recipients();
    this.transferSection();
    this.residency();
    this.retention();
    this.rights();
    this.automated();
    this.requirements();
    this.cookies();
    this.security();
    if (hasUsLaw(this.map)) this.usSection();
    this.extraSections();
    this.changes();
    return { title, language: this.language, blocks: this.blocks };
  }

  // --- building blocks -------------------------------------------------------------------------

  private heading(level: 1 | 2 | 3 | 4, text: string, id: string): void {
    let unique = id;
    for (let n = 2; this.ids.has(unique); n++) unique = `${id}-${n}`;
    this.ids.add(unique);
    this.blocks.push({ kind: 'heading', level, text, id: unique });
  }

  private section(key: HeadingKey, id: string, level: 2 | 3 = 2): void {
    this.heading(level, this.s.headings[key], id);
  }

  private paragraph(text: string): void {
    // A sentence ending in a name such as "Example Inc." must not end in "..".
    const clean = /[^.]\.\.$/.test(text) ? text.slice(0, -1) : text;
    if (clean !== '') this.blocks.push({ kind: 'paragraph', text: clean });
  }

  /** A free text of the map, which may hold several paragraphs. */
  private paragraphs(text: Text): void {
    for (const part of this.t(text).split(/\n\s*\n/)) this.paragraph(part.trim());
  }

  private list(items: readonly string[]): void {
    if (items.length > 0) this.blocks.push({ kind: 'list', items });
  }

  private fields(items: readonly (readonly [string, string | undefined])[]): void {
    const present = items.flatMap(([label, value]) =>
      value === undefined || value === '' ? [] : [[label, value] as const],
    );
    if (present.length > 0) this.blocks.push({ kind: 'fields', items: present });
  }

  private table(head: readonly string[], rows: readonly (readonly string[])[]): void {
    if (rows.length > 0) this.blocks.push({ kind: 'table', head, rows });
  }

  // --- formatting --------------------------------------------------------------------------------

  /** A fact the map lacks, marked in the text instead of invented. */
  private gap(key: GapKey): string {
    return this.s.format.notDeclared(this.s.gaps[key]);
  }

  /** Channels inside a sentence, or the gap marker when none is declared. */
  private declaredChannels(ids: readonly string[] | undefined, key: GapKey): string {
    const text = ids === undefined ? '' : this.channels(ids);
    return text === '' ? this.gap(key) : text;
  }

  private t(text: Text): string {
    return localize(text, this.language, this.fallback);
  }

  private optional(text: Text | undefined): string | undefined {
    return text === undefined ? undefined : this.t(text);
  }

  private join(items: readonly string[]): string {
    return joinList(items, this.language);
  }

  private places(places: readonly string[]): string {
    return this.join(places.map((place) => placeName(place, this.language)));
  }

  private duration(duration: string): string {
    return formatDuration(duration, this.language);
  }

  /** The distinct answer periods and extensions of `jurisdictions`, from the law catalog. */
  private periods(jurisdictions: readonly Jurisdiction[]): (readonly [string, string])[] {
    const pairs = jurisdictions.map((jurisdiction) => {
      const clock = LAW_CATALOG[jurisdiction.law].request;
      return [
        jurisdiction.responseTime ?? RESPONSE_PERIOD[jurisdiction.law],
        isoPeriod(clock.extension),
      ] as const;
    });
    return uniqueBy(pairs, (pair) => pair.join(' '));
  }

  private address(address: Address): string {
    const { street, postalCode, city, region, country } = address;
    const locality = ['US', 'CA', 'AU'].includes(country)
      ? [city, [region, postalCode].filter(isPresent).join(' ')]
      : country === 'GB' || country === 'IE'
        ? [city, region, postalCode]
        : [[postalCode, city].filter(isPresent).join(' '), region];
    return [street, ...locality, placeName(country, this.language)].filter(isPresent).join(', ');
  }

  /**
   * A channel with its address. `inline` (inside a sentence or after a purpose) gives an email
   * address on its own, since it speaks for itself; lists name the channel type first.
   */
  private channel(channel: Channel, inline: boolean): string {
    const s = this.s;
    const label = this.optional(channel.label);
    if (inline && channel.type === 'email' && channel.email !== undefined) {
      return label === undefined ? channel.email : `${channel.email} (${label})`;
    }
    if (
      channel.phone !== undefined &&
      (channel.type === 'phone' || channel.type === 'toll-free-phone')
    ) {
      return `${s.channelTypes[channel.type]} ${channel.phone}${label === undefined ? '' : ` (${label})`}`;
    }
    const details = [
      channel.email,
      channel.url,
      channel.phone,
      channel.address === undefined ? undefined : this.address(channel.address),
    ].filter(isPresent);
    if (details.length === 0) return label ?? s.channelDefaults[channel.type];
    const type = s.channelTypes[channel.type];
    if (channel.type === 'postal') {
      const attention =
        channel.attention === undefined ? undefined : s.text.attention(channel.attention);
      return `${type}: ${[label, attention, ...details].filter(isPresent).join(', ')}`;
    }
    return `${type}: ${details.join(', ')}${label === undefined ? '' : ` (${label})`}`;
  }

  private channelList(ids: readonly string[], inline = false): string[] {
    return ids.flatMap((id) => {
      const channel = this.map.channels.find((candidate) => candidate.id === id);
      return channel === undefined ? [] : [this.channel(channel, inline)];
    });
  }

  /** Channels inside a sentence, separated by semicolons (addresses hold commas). */
  private channels(ids: readonly string[]): string {
    return this.channelList(ids, true).join('; ');
  }

  /** Contact details of a controller, DPO or representative, on one line. */
  private contact(contact: Controller['contact'], name?: string): string {
    const attention =
      contact.attention === undefined ? undefined : this.s.text.attention(contact.attention);
    return [
      name,
      contact.email,
      contact.phone,
      contact.url,
      attention,
      contact.address === undefined ? undefined : this.address(contact.address),
    ]
      .filter(isPresent)
      .join(', ');
  }

  private purposeName(id: string): string {
    const purpose = this.map.purposes.find((candidate) => candidate.id === id);
    return purpose === undefined ? id : this.t(purpose.name);
  }

  private recipientName(recipient: Recipient): string {
    const name = this.t(recipient.name);
    return recipient.legalName === undefined || recipient.legalName === name
      ? name
      : `${name} (${recipient.legalName})`;
  }

  private categoryName(id: string): string {
    const category = resolveCategory(this.map, id);
    return category === undefined ? id : this.t(category.name);
  }

  private subjectNames(ids: readonly string[]): string {
    return ids
      .flatMap((id) => this.map.subjects.filter((subject) => subject.id === id))
      .map((subject) => this.t(subject.name))
      .join('; ');
  }

  private sourceNames(ids: readonly string[]): string[] {
    return ids
      .flatMap((id) => this.map.sources.filter((source) => source.id === id))
      .map((source) => this.t(source.name));
  }

  /** The channels to exercise GDPR rights: the European jurisdictions', else all. */
  private rightsChannels(): string[] {
    const from = this.europe.length > 0 ? this.europe : this.map.jurisdictions;
    return unique(from.flatMap((jurisdiction) => jurisdiction.channels));
  }

  // --- sections ----------------------------------------------------------------------------------

  private head(): void {
    const { s, map } = this;
    this.fields([
      [s.labels.version, map.notice.version],
      [s.labels.effectiveDate, formatDate(map.notice.effectiveDate, this.language)],
    ]);
    this.paragraph(s.text.intro(map.organisation.name));
    if (map.organisation.description !== undefined) this.paragraphs(map.organisation.description);
    if (map.notice.scope !== undefined) this.paragraphs(map.notice.scope);
    if (map.notice.related.length > 0) {
      this.paragraph(s.text.relatedIntro);
      this.list(map.notice.related.map((document) => `${this.t(document.title)}: ${document.url}`));
    }
  }

  /** GDPR Art. 13(1)(a)-(b), 14(1)(a)-(b), 27. */
  private controllers(): void {
    const { s, map } = this;
    const controllers = map.organisation.controllers;
    const several = controllers.length > 1;
    this.section('controllers', 'controller');
    const first = controllers[0];
    if (!several && first !== undefined) this.paragraph(s.text.oneController(displayName(first)));
    else this.paragraph(s.text.severalControllers);
    for (const controller of controllers) {
      if (several) this.heading(3, displayName(controller), `controller-${controller.id}`);
      const postal = controller.contact.address;
      this.fields([
        [s.labels.name, several ? undefined : displayName(controller)],
        [s.labels.address, this.address(controller.address)],
        [s.labels.companyNumber, controller.companyNumber],
        [s.labels.vatNumber, controller.vatNumber],
        [s.labels.email, controller.contact.email],
        [s.labels.phone, controller.contact.phone],
        [s.labels.website, controller.contact.url],
        [
          s.labels.postalAddress,
          postal === undefined || sameAddress(postal, controller.address)
            ? undefined
            : [
                controller.contact.attention === undefined
                  ? undefined
                  : s.text.attention(controller.contact.attention),
                this.address(postal),
              ]
                .filter(isPresent)
                .join(', '),
        ],
        [s.labels.responsibleFor, several ? this.territory(controller) : undefined],
        [
          s.labels.dpo,
          controller.dpo === undefined
            ? undefined
            : this.contact(controller.dpo.contact, controller.dpo.name),
        ],
        [
          s.labels.euRepresentative,
          controller.euRepresentative === undefined
            ? undefined
            : this.contact(controller.euRepresentative.contact, controller.euRepresentative.name),
        ],
        [
          s.labels.ukRepresentative,
          controller.ukRepresentative === undefined
            ? undefined
            : this.contact(controller.ukRepresentative.contact, controller.ukRepresentative.name),
        ],
      ]);
    }
    if (controllers.some((controller) => controller.dpo !== undefined)) {
      this.paragraph(s.text.dpoRole);
    }
    const processor = map.organisation.processor;
    if (processor !== undefined) {
      this.section('processor', 'processor', 3);
      this.paragraphs(processor.description);
      this.paragraph(s.text.processorIntro(map.organisation.name));
      if (processor.agreement !== undefined) {
        this.paragraph(s.text.processorAgreement(this.t(processor.agreement)));
      }
    }
  }

  /** The people a controller is responsible for, from its territory. */
  private territory(controller: Controller): string | undefined {
    const text = this.s.text;
    const territory = controller.territory;
    if (territory === undefined) return undefined;
    const include = territory.include ?? [];
    const exclude = territory.exclude ?? [];
    if (include.length > 0) {
      return exclude.length > 0
        ? text.peopleInExcept(this.places(include), this.places(exclude))
        : text.peopleIn(this.places(include), include.length);
    }
    if (territory.default === true) {
      return exclude.length > 0
        ? text.everyoneOutside(this.places(exclude), exclude.length)
        : text.everyoneElse;
    }
    return undefined;
  }

  /** GDPR Art. 14(1)(d), 9(1), 8. */
  private data(): void {
    const { s, map } = this;
    const used = usedCategories(map);
    this.section('data', 'data');
    this.paragraph(s.text.dataIntro);
    this.list(
      used.map((category) => {
        const notes = [
          category.special === undefined
            ? undefined
            : s.text.specialNote(this.t(SPECIAL_CATEGORY_NAMES[category.special])),
          category.criminal ? s.text.criminalNote : undefined,
        ].filter(isPresent);
        const declared = map.categories.find((candidate) => candidate.id === category.id);
        const description = this.optional(declared?.description);
        return [
          this.t(category.name),
          notes.length > 0 ? ` (${notes.join('; ')})` : '',
          description === undefined ? '' : `: ${description}`,
        ].join('');
      }),
    );

    const statement = map.statements.specialCategories;
    const special = unique(used.flatMap((category) => category.special ?? []));
    if (special.length > 0 || statement !== undefined) {
      this.section('specialCategories', 'special-categories', 3);
      if (special.length > 0 || statement?.processed === true) {
        this.paragraph(s.text.specialProcessed);
        this.list(special.map((kind) => this.t(SPECIAL_CATEGORY_NAMES[kind])));
        if (statement?.statement !== undefined) this.paragraphs(statement.statement);
      } else if (statement !== undefined) {
        this.paragraph(
          statement.statement === undefined
            ? s.text.specialNotProcessed
            : this.t(statement.statement),
        );
      }
      if (statement?.onReceipt === 'delete') this.paragraph(s.text.specialDeleted);
      if (statement?.onReceipt === 'keep') this.paragraph(s.text.specialKept);
    }

    const children = map.statements.children;
    const childSubjects = map.subjects.some((subject) => subject.children);
    if (children !== undefined || childSubjects) {
      this.section('children', 'children', 3);
      const age = children?.minimumAge;
      if (children?.collected === false && !childSubjects) {
        this.paragraph(
          children.statement !== undefined
            ? this.t(children.statement)
            : age === undefined
              ? s.text.childrenNotCollected
              : s.text.childrenNotCollectedUnder(age),
        );
      } else {
        this.paragraph(
          children?.statement === undefined ? s.text.childrenCollected : this.t(children.statement),
        );
        if (age !== undefined) this.paragraph(s.text.childrenConsentAge(age));
      }
    }
  }

  /** GDPR Art. 14(2)(f). */
  private sources(): void {
    const { s, map } = this;
    if (map.sources.length === 0) return;
    this.section('sources', 'sources');
    this.paragraph(s.text.sourcesIntro);
    this.list(
      map.sources.map((source) => {
        const notes = [
          s.sourceTypes[source.type],
          source.publiclyAccessible === undefined
            ? undefined
            : source.publiclyAccessible
              ? s.text.publiclyAccessible
              : s.text.notPubliclyAccessible,
        ].filter(isPresent);
        const description = this.optional(source.description);
        return `${this.t(source.name)} (${notes.join(', ')})${description === undefined ? '' : `: ${description}`}`;
      }),
    );
  }

  /** GDPR Art. 13(1)(c)-(e), 6(1), 9(2), 7(3), 21; ePrivacy Directive Art. 13(2). */
  private purposes(): void {
    const { s, map } = this;
    const several = map.organisation.controllers.length > 1;
    this.section('purposes', 'purposes');
    this.paragraph(s.text.purposesIntro);
    for (const purpose of map.purposes) {
      this.heading(3, this.t(purpose.name), `purpose-${purpose.id}`);
      this.paragraphs(purpose.description);
      const marketing = isMarketing(purpose);
      const softOptIn = purpose.softOptIn;
      const requirement = purpose.requirement;
      this.fields([
        [s.labels.subjects, this.subjectNames(purpose.subjects)],
        [s.labels.categories, purpose.categories.map((id) => this.categoryName(id)).join(', ')],
        [s.labels.sources, this.sourceNames(purpose.sources).join('; ')],
        [
          s.labels.legalBasis,
          purpose.legalBasis === undefined
            ? this.gap('legalBasis')
            : s.legalBases[purpose.legalBasis],
        ],
        [s.labels.legitimateInterest, this.optional(purpose.legitimateInterest?.interest)],
        [s.labels.balancing, this.optional(purpose.legitimateInterest?.balancing)],
        [s.labels.legalObligation, this.optional(purpose.legalObligation)],
        [
          s.labels.specialCondition,
          purpose.special === undefined
            ? undefined
            : [s.art9Conditions[purpose.special.condition], this.optional(purpose.special.details)]
                .filter(isPresent)
                .join('. '),
        ],
        [
          s.labels.withdrawal,
          purpose.consent === undefined && purpose.legalBasis !== 'consent'
            ? undefined
            : s.text.withdrawVia(
                this.declaredChannels(purpose.consent?.withdrawal, 'withdrawalChannel'),
              ),
        ],
        [
          s.labels.softOptIn,
          softOptIn === undefined
            ? undefined
            : s.text.softOptIn(this.subjectNames(softOptIn.subjects)),
        ],
        [s.labels.softOptInInterest, this.optional(softOptIn?.interest)],
        [s.labels.softOptInBalancing, this.optional(softOptIn?.balancing)],
        [
          s.labels.objection,
          purpose.objection === undefined && !purpose.directMarketing
            ? undefined
            : marketing
              ? s.text.objectMarketingVia(
                  this.declaredChannels(purpose.objection, 'objectionChannel'),
                )
              : s.text.objectVia(this.declaredChannels(purpose.objection, 'objectionChannel')),
        ],
        [
          s.labels.recipients,
          recipientsOf(map, purpose)
            .map((recipient) => this.t(recipient.name))
            .join('; '),
        ],
        [
          s.labels.controllers,
          several && purpose.controllers !== undefined
            ? controllersOf(map, purpose).map(displayName).join('; ')
            : undefined,
        ],
        [
          s.labels.requirement,
          requirement === undefined
            ? undefined
            : [s.requirementTypes[requirement.type], this.optional(requirement.consequences)]
                .filter(isPresent)
                .join(' '),
        ],
        [
          s.labels.automated,
          purpose.automatedDecisions === undefined ? undefined : s.text.seeAutomated,
        ],
      ]);
    }
  }

  /** GDPR Art. 13(1)(e), 26(2), 28. */
  private recipients(): void {
    const { s, map } = this;
    this.section('recipients', 'recipients');
    if (map.recipients.length === 0) {
      this.paragraph(s.text.noRecipients);
      return;
    }
    this.paragraph(s.text.recipientsIntro);
    const processors = map.recipients.filter((recipient) => recipient.type === 'processor');
    if (processors.length > 0 && processors.every((recipient) => recipient.dpa?.signed === true)) {
      this.paragraph(s.text.processorsBound);
    }
    this.table(
      [
        s.labels.recipient,
        s.labels.recipientType,
        s.labels.service,
        s.labels.processingCountries,
        s.labels.storageCountries,
        s.labels.safeguard,
      ],
      map.recipients.map((recipient) => {
        const processing = recipient.countries?.processing;
        const storage = recipient.countries?.storage ?? processing;
        const type = s.recipientTypes[recipient.type];
        return [
          this.recipientName(recipient),
          recipient.category ? `${type} (${s.text.categoryOfRecipients})` : type,
          this.t(recipient.service),
          processing === undefined ? DASH : this.places(processing),
          storage === undefined ? DASH : this.places(storage),
          this.safeguard(recipient),
        ];
      }),
    );
    const sale = map.statements.sale;
    if (sale?.sells === false) {
      // The map's own words, where given, replace the standard sentence.
      this.paragraph(
        this.optional(sale.statement) ?? (sale.rents ? s.text.noSaleOrRent : s.text.noSale),
      );
    }
    const conditional = map.recipients.filter((recipient) => recipient.condition !== undefined);
    if (conditional.length > 0) {
      this.paragraph(s.text.conditionsIntro);
      this.list(
        conditional.map(
          (recipient) => `${this.t(recipient.name)}: ${this.optional(recipient.condition) ?? ''}`,
        ),
      );
    }
    for (const recipient of map.recipients) {
      if (recipient.type === 'joint-controller' && recipient.arrangement !== undefined) {
        this.paragraph(
          s.text.jointController(this.recipientName(recipient), this.t(recipient.arrangement)),
        );
      }
    }
  }

  /** The safeguard of each transfer a recipient receives (GDPR Art. 45-49), for the table. */
  private safeguard(recipient: Recipient): string {
    const own = this.transfers.filter((transfer) => transfer.recipient.id === recipient.id);
    if (own.length === 0) {
      if (recipient.countries === undefined) return DASH;
      const abroad = recipientCountries(recipient).processing.some((country) => !isInEea(country));
      if (abroad && recipient.controllers !== undefined) {
        const names = this.map.organisation.controllers
          .filter((controller) => recipient.controllers?.includes(controller.id))
          .map((controller) => controller.legalName);
        return this.s.text.disclosedOnlyBy(this.join(names));
      }
      return this.s.text.noSafeguardNeeded;
    }
    const both = new Set(own.map((transfer) => transfer.regime)).size > 1;
    return unique(
      own.map((transfer) => {
        const text = this.mechanism(transfer);
        return both && transfer.regime === 'uk-gdpr' ? `${text} (${this.s.text.ukRegime})` : text;
      }),
    ).join('; ');
  }

  private mechanism(transfer: Transfer): string {
    const s = this.s;
    const declared = transfer.recipient.transfer;
    if (declared !== undefined) {
      let mechanism = s.transferMechanisms[declared.mechanism];
      if (declared.mechanism === 'derogation' && declared.derogation !== undefined) {
        mechanism = `${mechanism}: ${s.derogations[declared.derogation]}`;
      }
      if (
        declared.mechanism === 'scc' &&
        declared.ukAddendum === true &&
        transfer.regime === 'uk-gdpr'
      ) {
        mechanism = `${mechanism} ${s.text.withUkAddendum}`;
      }
      const fallback = (declared.additional ?? []).filter((other) => other !== declared.mechanism);
      return fallback.length === 0
        ? mechanism
        : `${mechanism}, ${s.text.fallbackMechanisms(this.join(fallback.map((other) => s.transferMechanisms[other])))}`;
    }
    if (transfer.needsSafeguard.length > 0) return DASH;
    if (transfer.regime === 'uk-gdpr') return s.text.adequacyUk;
    return transfer.recipient.dpfCertified === true && transfer.countries.includes('US')
      ? s.transferMechanisms.dpf
      : s.text.adequacy;
  }

  /** GDPR Art. 13(1)(f), 14(1)(f), 44-49. */
  private transferSection(): void {
    const { s } = this;
    if (this.europe.length === 0) return;
    this.section('transfers', 'transfers');
    if (this.transfers.length === 0) {
      const ukOnly = this.europe.every((jurisdiction) => jurisdiction.law === 'uk-gdpr');
      this.paragraph(ukOnly ? s.text.noTransfersUk : s.text.noTransfers);
      return;
    }
    this.paragraph(s.text.transfersIntro);
    const both = new Set(this.transfers.map((transfer) => transfer.regime)).size > 1;
    this.list(
      this.transfers.map((transfer) => {
        const recipient = transfer.recipient;
        const declared = recipient.transfer;
        const mechanism = this.mechanism(transfer);
        const who =
          both && transfer.regime === 'uk-gdpr'
            ? `${this.t(recipient.name)} (${s.text.ukRegime})`
            : this.t(recipient.name);
        const tia =
          declared?.tia === undefined || declared.tia === false
            ? undefined
            : declared.tia === true
              ? s.text.tiaDone
              : s.text.tiaDoneOn(formatDate(declared.tia, this.language));
        return [
          `${who} (${this.places(transfer.countries)}): ${mechanism === DASH ? s.format.notStated : mechanism}.`,
          tia,
          this.optional(declared?.supplementaryMeasures),
          this.optional(declared?.copy),
        ]
          .filter(isPresent)
          .join(' ');
      }),
    );
    const channels = this.channels(this.rightsChannels());
    if (channels !== '') this.paragraph(s.text.copyOfSafeguards(channels));
  }

  private residency(): void {
    const { s, map } = this;
    if (map.residency.length === 0) return;
    this.section('residency', 'residency');
    this.fields(
      map.residency.map((commitment) => {
        const what =
          commitment.categories === undefined
            ? s.text.allPersonalData
            : commitment.categories.map((id) => this.categoryName(id)).join(', ');
        const where = this.places(commitment.within);
        return [
          what,
          commitment.scope === 'storage'
            ? s.text.residencyStorage(where)
            : s.text.residencyProcessing(where),
        ] as const;
      }),
    );
    for (const commitment of map.residency) {
      if (commitment.statement !== undefined) this.paragraphs(commitment.statement);
    }
  }

  /** GDPR Art. 13(2)(a), 5(1)(e). */
  private retention(): void {
    const { s, map } = this;
    this.section('retention', 'retention');
    this.paragraph(s.text.retentionIntro);
    this.table(
      [s.labels.purpose, s.labels.retentionPeriod, s.labels.retentionReason],
      map.purposes
        .map((purpose) => {
          const retention = purpose.retention;
          if (retention === undefined) return [this.t(purpose.name), this.gap('retention'), ''];
          const reason = this.optional(retention.reason) ?? '';
          const hold =
            retention.legalHold === undefined ? [] : [s.text.legalHold(retention.legalHold.basis)];
          if ('criteria' in retention) {
            const criteria = retention.criteria.map((criterion) => this.t(criterion));
            if (retention.maximum !== undefined) {
              criteria.push(s.text.retentionMaximum(this.duration(retention.maximum)));
            }
            if (retention.thenAnonymise === true) criteria.push(s.text.anonymisedWhereNotDeletable);
            return [this.t(purpose.name), [...criteria, ...hold].join(' '), reason];
          }
          const event =
            retention.from === 'event' && retention.event !== undefined
              ? this.t(retention.event)
              : s.retentionEvents[retention.from];
          const period = s.text.retentionFor(this.duration(retention.duration), event);
          return [
            this.t(purpose.name),
            [
              retention.thenAnonymise === true ? `${period}, ${s.text.thenAnonymised}` : period,
              ...hold,
            ].join(' '),
            reason,
          ];
        })
        .concat(this.ownRecordRows()),
    );
    if (map.statements.suppressionAfterErasure === true) this.paragraph(s.text.suppression);
  }

  /**
   * GDPR Art. 13(2)(a), 5(1)(e): the periods of the records Custodian keeps of people who use
   * their rights (map `records`), as rows of the retention table. A period left out keeps them
   * for ever; rule `records.retention` warns, and no row claims a period.
   */
  private ownRecordRows(): string[][] {
    const { s, map } = this;
    const records = map.records ?? {};
    return OWN_RECORD_KEYS.flatMap((key) => {
      const period = records[key];
      if (period === undefined) return [];
      const own = s.ownRecords[key];
      return [[own.what, s.text.retentionFor(this.duration(period), own.event), own.reason]];
    });
  }

  /** GDPR Art. 13(2)(b)-(d), 12(3)-(6), 7(3), 21(4), 77. */
  private rights(): void {
    const { s, map } = this;
    if (this.europe.length === 0) return;
    this.section('rights', 'rights');
    const laws = unique(this.europe.map((jurisdiction) => s.lawShort[jurisdiction.law]));
    this.paragraph(s.text.rightsUnder(this.join(laws)));
    const rights = unique(this.europe.flatMap((jurisdiction) => [...rightsOf(jurisdiction)]));
    this.list(rights.map((right) => this.right(right, false)));
    // GDPR Art. 19; `recipientsInformed` (default true, shown by check as an assumption).
    if (
      rights.some((right) => ['rectification', 'erasure', 'restriction'].includes(right)) &&
      this.europe.every(
        (jurisdiction) => jurisdiction.recipientsInformed ?? COMMITMENT_DEFAULTS.recipientsInformed,
      )
    ) {
      this.paragraph(s.text.recipientsInformed);
    }

    this.section('exercise', 'exercise', 3);
    const distinct = uniqueBy(this.europe, (jurisdiction) => jurisdiction.channels.join(' '));
    for (const jurisdiction of distinct) {
      const controller = map.organisation.controllers.find(
        (candidate) => candidate.id === jurisdiction.controller,
      );
      this.paragraph(
        distinct.length > 1 && controller !== undefined
          ? s.text.exerciseFor(displayName(controller))
          : s.text.exerciseIntro,
      );
      this.list(this.channelList(jurisdiction.channels));
    }
    for (const [period, extension] of this.periods(this.europe)) {
      this.paragraph(s.text.responseTime(this.duration(period), this.duration(extension)));
    }
    this.paragraph(s.text.notActing);
    // GDPR Art. 12(5); `fee` (default "none", shown by check as an assumption).
    this.paragraph(
      this.europe.some(
        (jurisdiction) =>
          (jurisdiction.fee ?? COMMITMENT_DEFAULTS.fee) === 'reasonable-if-excessive',
      )
        ? s.text.feeExcessive
        : s.text.feeNone,
    );
    const identity = unique(
      this.europe.map((jurisdiction) =>
        jurisdiction.identityVerification === undefined
          ? s.text.identityDefault
          : this.t(jurisdiction.identityVerification),
      ),
    );
    for (const text of identity) this.paragraph(text);

    const consent = map.purposes.filter((purpose) => purpose.legalBasis === 'consent');
    if (consent.length > 0) {
      this.section('withdrawConsent', 'withdraw-consent', 3);
      this.paragraph(s.text.withdrawIntro);
      // GDPR Art. 7(3): only the routes the map names; a purpose without one is a gap.
      this.purposeChannels(
        consent,
        (purpose) => purpose.consent?.withdrawal,
        s.text.withdrawVia,
        'withdrawalChannel',
      );
    }

    const interests = map.purposes.filter(
      (purpose) =>
        (purpose.legalBasis === 'legitimate-interests' || purpose.legalBasis === 'public-task') &&
        !isMarketing(purpose),
    );
    const marketing = map.purposes.filter(isMarketing);
    if (interests.length > 0 || marketing.length > 0) {
      // GDPR Art. 21(4): brought to attention explicitly and separately from other information.
      this.section('objection', 'objection', 3);
      if (interests.length > 0) {
        this.paragraph(s.text.objectionIntro);
        this.purposeChannels(
          interests,
          (purpose) => purpose.objection ?? this.rightsChannels(),
          s.text.objectVia,
        );
      }
      if (marketing.length > 0) {
        this.paragraph(s.text.directMarketingIntro);
        // GDPR Art. 21(2)-(3): a marketing purpose names its own route (rule marketing.objection).
        this.purposeChannels(
          marketing,
          (purpose) => purpose.objection,
          s.text.objectVia,
          'objectionChannel',
        );
      }
    }

    this.section('complaint', 'complaint', 3);
    this.paragraph(s.text.complaintIntro);
    const named = unique(
      map.organisation.controllers.flatMap((controller) => controller.supervisoryAuthority ?? []),
    );
    const authorities =
      named.length > 0
        ? named.flatMap((id) => map.authorities.filter((authority) => authority.id === id))
        : map.authorities;
    if (authorities.length > 0) {
      this.paragraph(s.text.complaintAuthority);
      for (const authority of authorities) {
        this.fields([
          [s.labels.name, this.t(authority.name)],
          [
            s.labels.address,
            authority.address === undefined ? undefined : this.address(authority.address),
          ],
          [s.labels.email, authority.email],
          [s.labels.phone, authority.phone],
          [s.labels.website, authority.url],
        ]);
      }
    }
  }

  /**
   * Purposes with the channels that serve them: one list and one sentence when every purpose uses
   * the same channels, else each purpose with its own. A purpose without channels shows the gap.
   * Objection, a right like any other (GDPR Art. 21), is made through the channels for exercising
   * rights where a purpose names none of its own; the callers pass those.
   */
  private purposeChannels(
    purposes: readonly Purpose[],
    declared: (purpose: Purpose) => readonly string[] | undefined,
    sentence: (channels: string) => string,
    gap: GapKey = 'withdrawalChannel',
  ): void {
    const channels = purposes.map((purpose) => this.declaredChannels(declared(purpose), gap));
    const first = channels[0];
    if (first !== undefined && channels.every((text) => text === first)) {
      this.list(purposes.map((purpose) => this.t(purpose.name)));
      this.paragraph(sentence(first));
      return;
    }
    this.list(
      purposes.map((purpose, index) => `${this.t(purpose.name)}: ${channels[index] ?? ''}`),
    );
  }

  private right(right: Right, us: boolean): string {
    const text = us && right === 'portability' ? this.s.usPortability : this.s.rights[right];
    return `${text.name}: ${text.explanation}`;
  }

  /** GDPR Art. 13(2)(f), 14(2)(g), 22. */
  private automated(): void {
    const { s, map } = this;
    this.section('automated', 'automated-decisions');
    const automated = map.purposes.filter((purpose) => purpose.automatedDecisions !== undefined);
    if (automated.length > 0) this.paragraph(s.text.automatedIntro);
    const yesNo = (value: boolean): string => (value ? s.format.yes : s.format.no);
    for (const purpose of automated) {
      const decisions = purpose.automatedDecisions;
      if (decisions === undefined) continue;
      this.heading(3, this.t(purpose.name), `automated-${purpose.id}`);
      this.fields([
        [s.labels.profiling, yesNo(decisions.profiling)],
        [s.labels.solelyAutomated, yesNo(decisions.solelyAutomated)],
        [s.labels.significantEffect, yesNo(decisions.significantEffect)],
        [s.labels.logic, this.t(decisions.logic)],
        [s.labels.significance, this.t(decisions.significance)],
        [s.labels.consequences, this.t(decisions.consequences)],
        [
          s.labels.art22Exception,
          decisions.exception === undefined ? undefined : s.art22Exceptions[decisions.exception],
        ],
        [s.labels.safeguards, this.optional(decisions.safeguards)],
        [s.labels.inspect, decisions.inspect],
      ]);
      if (decisions.solelyAutomated && decisions.significantEffect) {
        this.paragraph(s.text.art22Rights);
      }
    }
    const significant = automated.some(
      (purpose) =>
        purpose.automatedDecisions?.solelyAutomated === true &&
        purpose.automatedDecisions.significantEffect,
    );
    // GDPR Art. 22: `statements.solelyAutomatedDecisions`, else no purpose declaring such decisions
    // (an assumption check shows). Never said when a purpose declares one.
    if (!significant && map.statements.solelyAutomatedDecisions !== true) {
      this.paragraph(s.text.noAutomated);
    }
  }

  /** GDPR Art. 13(2)(e). */
  private requirements(): void {
    const { s, map } = this;
    const required = map.purposes.filter((purpose) => purpose.requirement !== undefined);
    if (required.length === 0) return;
    this.section('requirements', 'requirements');
    this.paragraph(s.text.requirementsIntro);
    this.list(
      required.map((purpose) => {
        const requirement = purpose.requirement;
        return [
          `${this.t(purpose.name)}:`,
          requirement === undefined ? undefined : s.requirementTypes[requirement.type],
          this.optional(requirement?.consequences),
        ]
          .filter(isPresent)
          .join(' ');
      }),
    );
  }

  /** ePrivacy Directive Art. 5(3). */
  private cookies(): void {
    const { s, map } = this;
    if (map.cookies.length === 0) return;
    this.section('cookies', 'cookies');
    this.paragraph(s.text.cookiesIntro);
    const banner = map.channels
      .filter((channel) => channel.type === 'cookie-banner')
      .map((channel) => channel.id);
    if (banner.length > 0) this.paragraph(s.text.cookiesChoice(this.channels(banner)));
    if (this.us.length === 0) this.doNotTrack(this.europe);
    this.table(
      [
        s.labels.cookieName,
        s.labels.provider,
        s.labels.purpose,
        s.labels.duration,
        s.labels.party,
        s.labels.cookieType,
      ],
      map.cookies.map((cookie) => {
        const provider = map.recipients.find((recipient) => recipient.id === cookie.provider);
        const description = this.optional(cookie.description);
        const purpose = [
          this.purposeName(cookie.purpose),
          cookie.strictlyNecessary ? ` (${s.text.strictlyNecessary})` : '',
          description === undefined ? '' : `: ${description}`,
        ].join('');
        return [
          cookie.name,
          provider === undefined ? cookie.provider : this.t(provider.name),
          purpose,
          this.duration(cookie.duration),
          s.cookieParties[cookie.party],
          s.cookieTypes[cookie.type],
        ];
      }),
    );
  }

  /** How Do Not Track signals are handled, where a jurisdiction declares it (CalOPPA 22575(b)(5)). */
  private doNotTrack(jurisdictions: readonly Jurisdiction[]): void {
    const declared = jurisdictions.flatMap((jurisdiction) => jurisdiction.doNotTrack ?? []);
    if (declared.length === 0) return;
    this.paragraph(declared.includes(true) ? this.s.text.dntHonoured : this.s.text.dntNotHonoured);
  }

  /** GDPR Art. 32. */
  private security(): void {
    const { s, map } = this;
    const security = map.security;
    if (security === undefined) return;
    this.section('security', 'security');
    if (security.statement === undefined) this.paragraph(s.text.securityIntro);
    else this.paragraphs(security.statement);
    this.list(
      security.measures.map((measure) => {
        const description = this.optional(measure.description);
        const name = s.securityMeasures[measure.type];
        return description === undefined ? name : `${name}: ${description}`;
      }),
    );
  }

  /** Cal. Civ. Code 1798.100-.135 and 11 CCR 7011; Va. Code 59.1-578; C.R.S. 6-1-1306-1308. */
  private usSection(): void {
    const { s, map } = this;
    const us = this.us;
    this.section('us', 'us');
    this.paragraph(
      s.text.usIntro(unique(us.map((jurisdiction) => s.laws[jurisdiction.law])).join('; ')),
    );
    const controllers = unique(us.flatMap((jurisdiction) => jurisdiction.controller ?? []))
      .flatMap((id) => map.organisation.controllers.filter((controller) => controller.id === id))
      .map(displayName);
    if (controllers.length > 0) this.paragraph(s.text.usController(this.join(controllers)));

    this.usCollected(
      controllers.length === 0 ? undefined : unique(us.flatMap((j) => j.controller ?? [])),
    );
    this.usSale();
    this.usSensitive();

    this.section('usRetention', 'us-retention', 3);
    this.paragraph(s.text.usRetention);

    this.section('usRights', 'us-rights', 3);
    for (const jurisdiction of uniqueBy(us, (j) => j.law)) {
      this.heading(4, s.laws[jurisdiction.law], `us-rights-${jurisdiction.law}`);
      this.list(rightsOf(jurisdiction).map((right) => this.right(right, true)));
    }

    this.section('usRequests', 'us-requests', 3);
    this.paragraph(s.text.usRequestsIntro);
    this.list(this.channelList(unique(us.flatMap((jurisdiction) => jurisdiction.channels))));
    // 11 CCR 7021(a); `confirmReceipt` (default true, shown by check as an assumption).
    for (const days of unique(
      us.flatMap((jurisdiction) =>
        (jurisdiction.confirmReceipt ?? COMMITMENT_DEFAULTS.confirmReceipt)
          ? (LAW_CATALOG[jurisdiction.law].request.acknowledgeBusinessDays ?? [])
          : [],
      ),
    )) {
      this.paragraph(s.text.usConfirmReceipt(days));
    }
    for (const [period, extension] of this.periods(us)) {
      this.paragraph(s.text.usResponse(this.duration(period), this.duration(extension)));
    }
    this.paragraph(s.text.usVerification);
    for (const text of unique(us.flatMap((j) => this.optional(j.identityVerification) ?? []))) {
      this.paragraph(text);
    }
    // 11 CCR 7063; `authorisedAgents` (default true, shown by check as an assumption).
    if (us.some((j) => j.authorisedAgents ?? COMMITMENT_DEFAULTS.authorisedAgents)) {
      this.paragraph(s.text.usAgent);
    }
    this.paragraph(
      us.some((jurisdiction) => jurisdiction.gpc === true) ? s.text.usGpc : s.text.usNoGpc,
    );
    this.doNotTrack(map.jurisdictions);
    this.paragraph(s.text.usNonDiscrimination);
    this.fields(
      us.flatMap((jurisdiction) =>
        jurisdiction.financialIncentives === undefined
          ? []
          : [[s.labels.financialIncentives, this.t(jurisdiction.financialIncentives)] as const],
      ),
    );

    const appeals = us.filter((jurisdiction) => isAppealLaw(jurisdiction.law));
    if (appeals.length > 0) {
      this.section('usAppeal', 'us-appeal', 3);
      for (const jurisdiction of appeals) {
        const law = jurisdiction.law;
        if (!isAppealLaw(law)) continue;
        // Va. Code 59.1-578(C) and its copies: only the appeal route the map names.
        this.paragraph(
          s.text.usAppeal(
            s.lawShort[law],
            this.declaredChannels(jurisdiction.appeal, 'appealChannel'),
            this.duration(appealPeriod(law) ?? DASH),
          ),
        );
        this.paragraph(
          s.text.usAppealAttorneyGeneral(s.attorneyGeneral[law], ATTORNEY_GENERAL_URL[law]),
        );
      }
    }
  }

  /** Cal. Civ. Code 1798.110(c), 1798.130(a)(5): categories, sources, purposes, disclosures. */
  private usCollected(controllerIds: readonly string[] | undefined): void {
    const { s, map } = this;
    const purposes = map.purposes.filter(
      (purpose) =>
        controllerIds === undefined ||
        controllersOf(map, purpose).some((controller) => controllerIds.includes(controller.id)),
    );
    interface Row {
      examples: string[];
      sources: string[];
      purposes: string[];
      recipients: string[];
    }
    const rows = new Map<CcpaCategory | 'other', Row>();
    // Advertising platforms receiving identifiers are third parties data is shared with
    // (Cal. Civ. Code 1798.140(ah)), not disclosures for a business purpose.
    const sharedWith = new Set(
      advertisingDisclosures(map).map((disclosure) => disclosure.recipient.id),
    );
    for (const purpose of purposes) {
      for (const id of purpose.categories) {
        const category = resolveCategory(map, id);
        const key = category?.ccpa ?? 'other';
        const row = rows.get(key) ?? { examples: [], sources: [], purposes: [], recipients: [] };
        rows.set(key, row);
        pushUnique(row.examples, category === undefined ? id : this.t(category.name));
        for (const source of this.sourceNames(purpose.sources)) pushUnique(row.sources, source);
        pushUnique(row.purposes, this.t(purpose.name));
        for (const recipient of recipientsOf(map, purpose)) {
          if (!sharedWith.has(recipient.id)) pushUnique(row.recipients, this.t(recipient.name));
        }
      }
    }
    this.section('usCollected', 'us-collected', 3);
    this.paragraph(s.text.usCollectedIntro);
    const order: readonly (CcpaCategory | 'other')[] = [...CCPA_CATEGORIES, 'other'];
    this.table(
      [
        s.labels.ccpaCategory,
        s.labels.examples,
        s.labels.sources,
        s.labels.businessPurposes,
        s.labels.disclosedTo,
      ],
      order.flatMap((key) => {
        const row = rows.get(key);
        if (row === undefined) return [];
        return [
          [
            key === 'other' ? s.text.usOtherCategory : this.t(CCPA_CATEGORY_NAMES[key]),
            row.examples.join(', '),
            row.sources.join('; ') || DASH,
            row.purposes.join('; '),
            row.recipients.join('; ') || DASH,
          ],
        ];
      }),
    );
  }

  /** Cal. Civ. Code 1798.115(c), 1798.120, 1798.135; Va. Code 59.1-578(D). */
  private usSale(): void {
    const { s } = this;
    // What each jurisdiction declares, plus the sharing its advertising recipients imply.
    const declared = this.us.flatMap((jurisdiction) => {
      const sale = effectiveSale(this.map, jurisdiction);
      return sale === undefined ? [] : [{ jurisdiction, sale }];
    });
    if (declared.length === 0) return;
    this.section('usSale', 'us-sale', 3);
    let any = false;
    const distinct = uniqueBy(declared, ({ jurisdiction, sale }) =>
      JSON.stringify([
        sale.sells,
        sale.shares,
        sale.categories,
        sale.recipients,
        jurisdiction.sale?.optOut,
      ]),
    );
    for (const { jurisdiction, sale } of distinct) {
      const categories = sale.categories.map((id) => this.categoryName(id)).join(', ') || DASH;
      const recipients =
        sale.recipients
          .flatMap((id) => this.map.recipients.filter((recipient) => recipient.id === id))
          .map((recipient) => this.t(recipient.name))
          .join('; ') || DASH;
      if (sale.sells) this.paragraph(s.text.usSells(categories, recipients));
      if (sale.shares) this.paragraph(s.text.usShares(categories, recipients));
      if (sale.sells || sale.shares) {
        any = true;
        // Cal. Civ. Code 1798.135: only the opt-out route the map names.
        this.paragraph(
          s.text.usOptOut(this.declaredChannels(jurisdiction.sale?.optOut, 'optOutChannel')),
        );
      }
    }
    if (!any) this.paragraph(s.text.usNoSale);
    // Cal. Civ. Code 1798.120(c); `sale.minorsUnder16` (default false, an assumption in check).
    this.paragraph(
      declared.some(
        ({ jurisdiction }) => jurisdiction.sale?.minorsUnder16 ?? COMMITMENT_DEFAULTS.minorsUnder16,
      )
        ? s.text.usMinors
        : s.text.usNoMinors,
    );
    if (declared.some(({ jurisdiction }) => jurisdiction.law !== 'ccpa')) {
      const advertising = declared.filter(({ sale }) => sale.targetedAdvertising);
      this.paragraph(
        advertising.length > 0 ? s.text.usTargetedAdvertising : s.text.usNoTargetedAdvertising,
      );
      // Va. Code 59.1-578(D): the opt-out of targeted advertising, by the route the map names only.
      const routes = unique(
        advertising.map(({ jurisdiction }) =>
          this.declaredChannels(jurisdiction.sale?.optOut, 'optOutChannel'),
        ),
      );
      for (const route of routes) this.paragraph(s.text.usOptOutTargetedAdvertising(route));
    }
  }

  /** Cal. Civ. Code 1798.121, 11 CCR 7027. */
  private usSensitive(): void {
    const { s, map } = this;
    const sensitive = usedCategories(map).filter((category) => category.ccpaSensitive);
    const uses = this.us.flatMap((jurisdiction) =>
      jurisdiction.sensitiveUse === undefined ? [] : [jurisdiction],
    );
    if (sensitive.length === 0 && uses.length === 0) return;
    this.section('usSensitive', 'us-sensitive', 3);
    if (sensitive.length > 0) {
      this.paragraph(
        s.text.usSensitiveCollected(sensitive.map((category) => this.t(category.name)).join(', ')),
      );
    }
    for (const jurisdiction of uniqueBy(uses, (j) => j.sensitiveUse ?? '')) {
      switch (jurisdiction.sensitiveUse) {
        case 'none':
          this.paragraph(s.text.usSensitiveNone);
          break;
        case 'limited-to-permitted':
          this.paragraph(s.text.usSensitiveLimited);
          break;
        case 'beyond-permitted':
          this.paragraph(
            s.text.usSensitiveBeyond(
              this.declaredChannels(jurisdiction.limitUse, 'limitUseChannel'),
            ),
          );
          break;
        case undefined:
          break;
      }
    }
  }

  private extraSections(): void {
    for (const section of this.map.notice.sections) {
      this.heading(2, this.t(section.title), section.id);
      this.paragraphs(section.body);
    }
  }

  private changes(): void {
    const { s, map } = this;
    this.section('changes', 'changes');
    const changes = map.statements.changes;
    if (changes?.notify === true) {
      this.paragraph(
        [
          s.text.changesNotify,
          this.optional(changes.how),
          changes.sendCopy ? s.text.changesSendCopy : undefined,
        ]
          .filter(isPresent)
          .join(' '),
      );
    }
    this.paragraph(s.text.changesGeneral);
  }
}

function displayName(controller: Controller): string {
  return controller.tradingName === undefined
    ? controller.legalName
    : `${controller.legalName} (${controller.tradingName})`;
}

function sameAddress(a: Address, b: Address): boolean {
  return (
    a.street === b.street &&
    a.postalCode === b.postalCode &&
    a.city === b.city &&
    a.region === b.region &&
    a.country === b.country
  );
}

/** Direct marketing: declared so, or sent to existing customers under the soft opt-in. */
function isMarketing(purpose: Purpose): boolean {
  return purpose.directMarketing || purpose.softOptIn !== undefined;
}

function isAppealLaw(law: Law): law is AppealLaw {
  return requiresAppeal(law);
}

function isPresent<T>(value: T | undefined | null | ''): value is T {
  return value !== undefined && value !== null && value !== '';
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pushUnique(items: string[], item: string): void {
  if (!items.includes(item)) items.push(item);
}
