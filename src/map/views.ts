import { expandRegion, isAdequate, isInEea, type Regime } from './geography.js';
import type { Controller, DataMap, Language, Law, Purpose, Recipient, Text } from './schema.js';
import { US_LAWS } from './schema.js';
import { builtInCategory, type CcpaCategory, type SpecialCategoryKind } from './taxonomy.js';

/** A data category with what it inherits from the built-in taxonomy. */
export interface ResolvedCategory {
  readonly id: string;
  readonly name: Text;
  readonly dpv: string;
  readonly builtIn: boolean;
  readonly parent?: string;
  readonly special?: SpecialCategoryKind;
  /** GDPR Art. 9(1): a special category, including the unspecified `special` group itself. */
  readonly art9: boolean;
  readonly criminal: boolean;
  readonly ccpa?: CcpaCategory;
  readonly ccpaSensitive: boolean;
}

/**
 * A category by id: declared categories first, then the built-in taxonomy. Declared categories
 * inherit DPV term, special kind and CCPA classification from their parent chain.
 */
export function resolveCategory(
  map: DataMap,
  id: string,
  seen = new Set<string>(),
): ResolvedCategory | undefined {
  const declared = map.categories.find((category) => category.id === id);
  if (declared) {
    if (seen.has(id)) return undefined; // a cycle; reported by the reference rule
    seen.add(id);
    const parent =
      declared.parent === undefined ? undefined : resolveCategory(map, declared.parent, seen);
    const special = declared.special ?? parent?.special;
    const ccpa = parent?.ccpa;
    return {
      id,
      name: declared.name,
      dpv: declared.dpv ?? parent?.dpv ?? 'dpv:PersonalData',
      builtIn: false,
      ...(declared.parent === undefined ? {} : { parent: declared.parent }),
      ...(special === undefined ? {} : { special }),
      art9: special !== undefined || parent?.art9 === true,
      criminal: parent?.criminal ?? false,
      ...(ccpa === undefined ? {} : { ccpa }),
      ccpaSensitive: declared.ccpaSensitive ?? parent?.ccpaSensitive ?? special !== undefined,
    };
  }
  const builtIn = builtInCategory(id);
  if (!builtIn) return undefined;
  return {
    id,
    name: builtIn.name,
    dpv: builtIn.dpv,
    builtIn: true,
    ...(builtIn.parent === undefined ? {} : { parent: builtIn.parent }),
    ...(builtIn.special === undefined ? {} : { special: builtIn.special }),
    art9: builtIn.special !== undefined || id === 'special',
    criminal: builtIn.criminal ?? false,
    ccpa: builtIn.ccpa,
    ccpaSensitive: builtIn.ccpaSensitive ?? false,
  };
}

/** Whether category `id` is `ancestor` or descends from it, through declared and built-in parents. */
export function isWithinCategory(map: DataMap, id: string, ancestor: string): boolean {
  const seen = new Set<string>();
  let current: string | undefined = id;
  while (current !== undefined && !seen.has(current)) {
    if (current === ancestor) return true;
    seen.add(current);
    const here: string = current;
    current =
      map.categories.find((category) => category.id === here)?.parent ??
      builtInCategory(here)?.parent;
  }
  return false;
}

/** Declared categories whose parent chain loops back on itself. */
export function categoryCycles(map: DataMap): string[] {
  return map.categories
    .filter(
      (category) =>
        category.parent !== undefined && isWithinCategory(map, category.parent, category.id),
    )
    .map((category) => category.id);
}

/** Every category the purposes use, resolved, in first-use order. */
export function usedCategories(map: DataMap): ResolvedCategory[] {
  const ids = new Set(map.purposes.flatMap((purpose) => purpose.categories));
  return [...ids].flatMap((id) => {
    const category = resolveCategory(map, id);
    return category ? [category] : [];
  });
}

/** The purposes a recipient receives data for. */
export function purposesOf(map: DataMap, recipientId: string): Purpose[] {
  return map.purposes.filter((purpose) => purpose.recipients.includes(recipientId));
}

/** The recipients of a purpose, declared order. */
export function recipientsOf(map: DataMap, purpose: Purpose): Recipient[] {
  return purpose.recipients.flatMap((id) =>
    map.recipients.filter((recipient) => recipient.id === id),
  );
}

/** Countries where a recipient processes and stores data, region tokens expanded. */
export function recipientCountries(recipient: Recipient): {
  processing: string[];
  storage: string[];
} {
  const expand = (places: readonly string[]): string[] => [
    ...new Set(places.flatMap((place) => expandRegion(place))),
  ];
  const processing = expand(recipient.countries?.processing ?? []);
  const storage = recipient.countries?.storage ? expand(recipient.countries.storage) : processing;
  return { processing, storage };
}

/** The regimes whose transfer rules apply to this map: GDPR and/or UK GDPR. */
export function transferRegimes(map: DataMap): Regime[] {
  const laws = new Set(map.jurisdictions.map((jurisdiction) => jurisdiction.law));
  return (['gdpr', 'uk-gdpr'] as const).filter((regime) => laws.has(regime));
}

/** A disclosure to a recipient in a country that is not free-flow for a regime (GDPR Art. 44). */
export interface Transfer {
  readonly recipient: Recipient;
  readonly regime: Regime;
  /** Countries outside the EEA (or the UK for UK GDPR). */
  readonly countries: readonly string[];
  /** Of those, the ones without an adequacy decision that covers this recipient (Art. 45). */
  readonly needsSafeguard: readonly string[];
}

/** Every transfer the map declares, by recipient and regime. */
export function transfers(map: DataMap): Transfer[] {
  const result: Transfer[] = [];
  for (const regime of transferRegimes(map)) {
    const disclosing = controllersUnder(map, regime);
    for (const recipient of map.recipients) {
      if (recipient.type === 'authority') continue; // disclosures to the controller's own authorities stay home
      // Seed 000: the US entity's own advisors receive no data of people the GDPR protects.
      if (recipient.controllers && !recipient.controllers.some((id) => disclosing.has(id)))
        continue;
      const { processing, storage } = recipientCountries(recipient);
      const countries = [...new Set([...processing, ...storage])].filter((country) =>
        regime === 'gdpr' ? !isInEea(country) : !isInEea(country) && country !== 'GB',
      );
      if (countries.length === 0) continue;
      const needsSafeguard = countries.filter(
        (country) =>
          !isAdequate(regime, country, { dpfCertified: recipient.dpfCertified === true }),
      );
      result.push({ recipient, regime, countries, needsSafeguard });
    }
  }
  return result;
}

/** Ids of the controllers answering under a law: those its jurisdictions name, or all. */
export function controllersUnder(map: DataMap, law: Law): Set<string> {
  const all = map.organisation.controllers.map((controller) => controller.id);
  return new Set(
    map.jurisdictions
      .filter((jurisdiction) => jurisdiction.law === law)
      .flatMap((jurisdiction) =>
        jurisdiction.controller === undefined ? all : [jurisdiction.controller],
      ),
  );
}

/** The controller responsible for a person living in `country` (seed 000: US entity for US residents). */
export function controllerFor(map: DataMap, country: string): Controller {
  const controllers = map.organisation.controllers;
  const covers = (controller: Controller): boolean => {
    const territory = controller.territory;
    if (!territory?.include) return false;
    const included = territory.include.some((place) => expandRegion(place).includes(country));
    const excluded = (territory.exclude ?? []).some((place) =>
      expandRegion(place).includes(country),
    );
    return included && !excluded;
  };
  const first = controllers[0];
  if (!first) throw new Error('a data map has at least one controller');
  return (
    controllers.find(covers) ??
    controllers.find((controller) => controller.territory?.default === true) ??
    first
  );
}

/** The controllers a purpose is carried out by. */
export function controllersOf(map: DataMap, purpose: Purpose): Controller[] {
  const ids = purpose.controllers;
  return ids === undefined
    ? map.organisation.controllers
    : map.organisation.controllers.filter((controller) => ids.includes(controller.id));
}

/** Whether the map has a jurisdiction under one of the US state laws. */
export function hasUsLaw(map: DataMap): boolean {
  return map.jurisdictions.some((jurisdiction) => isUsLaw(jurisdiction.law));
}

export function isUsLaw(law: Law): boolean {
  return US_LAWS.includes(law);
}

/** The languages the notice is published in, the first being the default. */
export function noticeLanguages(map: DataMap): readonly Language[] {
  return map.notice.languages;
}
