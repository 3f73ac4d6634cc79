/**
 * The YAML text of a starter `privacy.yaml` for `custodian init`: a small company in Belgium with a
 * contact form, a newsletter and website analytics. It passes `custodian check` as written, and its
 * comments say what each section is for, so it can be edited into the real thing.
 */
export function starterMap(
  options: { organisation?: string; effectiveDate?: string } = {},
): string {
  const organisation = yamlString(options.organisation ?? 'Example');
  const effectiveDate = options.effectiveDate ?? '2026-01-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate)) {
    throw new RangeError('effectiveDate must be a date written YYYY-MM-DD');
  }
  return TEMPLATE.replaceAll('{{organisation}}', organisation).replace(
    '{{effectiveDate}}',
    effectiveDate,
  );
}

/** A YAML double-quoted scalar; JSON string syntax is valid YAML. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

const TEMPLATE = `# privacy.yaml: the data map. Declare once what personal data you process, why, on which legal
# basis, who receives it, where it goes and how long you keep it. Custodian checks it
# (\`custodian check\`) and generates the privacy notice, the sub-processor list and the record of
# processing activities from it. Every field is described in docs/data-map.md.
#
# Replace every "Example" below with your own facts. Texts are plain strings, or one string per
# language ({ en: ..., nl: ... }) for each language listed in notice.languages.
custodian: 1

# The published notice: its version (cite it in consents), the date it takes effect, and the
# languages it is published in (en, nl, fr, de).
notice:
  version: '1'
  effectiveDate: {{effectiveDate}}
  languages: [en]
  scope: Our website and the emails we send.

# Who you are. Each legal entity that decides why and how data is processed is a controller
# (GDPR Art. 4(7)); most companies have one. Add \`dpo:\` if you appointed a data protection officer
# (Art. 37), and \`processor:\` if you also process data on behalf of your customers (Art. 28, 30(2)).
organisation:
  name: {{organisation}}
  website: https://www.example.com
  controllers:
    - id: example
      legalName: Example Ltd
      address: { street: Example Street 1, postalCode: '1000', city: Brussels, country: BE }
      contact: { email: privacy@example.com }
      # The authority people may complain to (Art. 77); declared under authorities below.
      supervisoryAuthority: be-apd

authorities:
  - id: be-apd
    name: Belgian Data Protection Authority
    country: BE
    address: { street: Drukpersstraat 35, postalCode: '1000', city: Brussels, country: BE }
    url: https://www.dataprotectionauthority.be

# The groups of people whose data you process.
subjects:
  - id: visitors
    name: Website visitors
  - id: enquirers
    name: People who contact us
  - id: subscribers
    name: Newsletter subscribers

# Where the data comes from (Art. 14): from the person, observed automatically, or from others.
sources:
  - id: from-you
    name: What you give us
    type: data-subject
  - id: website
    name: Your use of our website
    type: automatic

# Categories such as contact.email come from the built-in taxonomy (see docs/data-map.md for the
# list, each mapped to W3C DPV). Declare your own under \`categories:\` when none fits.

# Each purpose is one processing activity: why, about whom, which data, on which legal basis
# (Art. 6(1)), for how long (Art. 5(1)(e), 13(2)(a)) and who receives it.
purposes:
  - id: contact
    name: Answering your questions
    description: >-
      We use what you write in our contact form to answer your question and, when you ask for one,
      to prepare an offer.
    subjects: [enquirers]
    categories: [identity.name, contact.email, communications.correspondence]
    sources: [from-you]
    # Art. 6(1)(b): steps taken at your request before entering into a contract.
    legalBasis: contract
    requirement:
      type: contract-prerequisite
      consequences: Without an email address we cannot answer you.
    retention: { duration: P1Y, from: last-interaction }
    recipients: [hosting]

  - id: newsletter
    name: Newsletter
    description: We send you our newsletter about our products and events.
    subjects: [subscribers]
    categories: [contact.email, identity.name]
    sources: [from-you]
    legalBasis: consent
    # Art. 7(3): withdrawing consent must be as easy as giving it.
    consent: { withdrawal: [unsubscribe, privacy-email] }
    # Art. 21(2)-(3): people may object to direct marketing at any time, and you stop at once.
    directMarketing: true
    objection: [unsubscribe, privacy-email]
    retention: { duration: P30D, from: consent-withdrawal }
    recipients: [hosting]

  - id: analytics
    name: Website analytics
    description: We count visits and see which pages are read, to improve our website.
    subjects: [visitors]
    categories: [online.cookie-id, online.browsing, online.device-info]
    sources: [website]
    # ePrivacy Directive Art. 5(3): a cookie that is not strictly necessary needs consent.
    legalBasis: consent
    consent: { withdrawal: [cookie-banner] }
    retention: { duration: P13M, from: collection }
    recipients: [hosting]

# Everyone data is disclosed to. A processor acts on your behalf under a signed data processing
# agreement (Art. 28(3)). Outside the EEA, add \`transfer:\` with its safeguard (Art. 44-49).
recipients:
  - id: hosting
    name: Example Hosting
    legalName: Example Hosting GmbH
    type: processor
    service: Hosts our website, our contact form and our mailing list.
    countries: { processing: [DE] }
    dpa: { signed: true }

# How people reach you to exercise their rights, withdraw consent or object.
channels:
  - id: privacy-email
    type: email
    email: privacy@example.com
  - id: unsubscribe
    type: unsubscribe-link
  - id: cookie-banner
    type: cookie-banner

# The laws you answer to, with the channels for requests. GDPR rights apply by default.
jurisdictions:
  - law: gdpr
    controller: example
    channels: [privacy-email]
    identityVerification: We reply to the email address we hold, or ask for what we need to confirm it is you.
    # Sentences the notice commits you to; check lists any you leave out as assumptions.
    fee: none                 # exercising rights is free of charge (Art. 12(5))
    recipientsInformed: true  # recipients are told of a rectification or erasure (Art. 19)

# Everything stored on or read from a device (ePrivacy Directive Art. 5(3)).
cookies:
  - name: _pk_id
    provider: {{organisation}}
    purpose: analytics
    description: Recognises a returning visitor.
    duration: P13M
    party: first

# Technical and organisational measures (Art. 32), for the record of processing activities.
security:
  measures:
    - type: encryption-in-transit
    - type: encryption-at-rest
    - type: access-control
    - type: backup

statements:
  # No decision with legal or similarly significant effect is taken solely by a machine (Art. 22).
  solelyAutomatedDecisions: false
  specialCategories: { processed: false, onReceipt: delete }
  children: { collected: false }
  # Erased people go on a suppression list so they are never contacted again.
  suppressionAfterErasure: true
  changes: { notify: true, how: We email subscribers and show a notice on our website. }

# How long Custodian keeps its own records of people (Art. 5(1)(e)): closed requests, sent mail,
# and consent choices a later choice replaced (kept as proof while claims about them can be made,
# Art. 7(1)). The choice in force, suppressions and the evidence chain are always kept.
records:
  closedRequests: P3Y
  deliveredMail: P30D
  consentProof: P5Y
`;
