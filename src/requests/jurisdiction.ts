import { CustodianError } from '../errors.js';
import {
  controllerFor,
  expandRegion,
  isUsLaw,
  rightsOf,
  type Controller,
  type DataMap,
  type Jurisdiction,
  type Law,
} from '../map/index.js';
import { REQUEST_TYPES, RIGHTS_OF_TYPE, type RequestType } from './types.js';

/** The state law each US state's residents are protected by, for the states the map can name. */
export const STATE_LAWS: Readonly<Record<string, Law>> = {
  CA: 'ccpa', // Cal. Civ. Code 1798.140(i): California residents
  VA: 'vcdpa', // Va. Code 59.1-575: residents of the Commonwealth
  CO: 'cpa', // Colo. Rev. Stat. 6-1-1303(6): Colorado residents
  CT: 'ctdpa', // Conn. Gen. Stat. 42-515(7): residents of Connecticut
  UT: 'ucpa', // Utah Code 13-61-101(10): Utah residents
};

/** A country or state code once trimmed and upper-cased. */
export const TWO_LETTERS = /^[A-Z]{2}$/;

/** Who answers a request and under which law. */
export interface Answering {
  readonly controller: Controller;
  readonly jurisdiction: Jurisdiction;
}

/** A country code as the map writes it (ISO 3166-1 alpha-2, capitals), or undefined when not one. */
export function countryCode(country: string): string | undefined {
  const code = country.trim().toUpperCase();
  return TWO_LETTERS.test(code) && expandRegion(code).length === 1 ? code : undefined;
}

/**
 * The controller answering a person living in `country` and the law it answers under. The
 * controller follows the country (seed 000: the US entity for US residents, the EU one for
 * everyone else); the law is that controller's jurisdiction in the map whose territory covers the
 * person: a US state law for US residents (the one of `state` when the map declares it, else the
 * CCPA, else the first), the UK GDPR in the UK, the GDPR in the EEA, and otherwise the GDPR the
 * controller applies to everyone it serves, or its first law.
 *
 * Throws `request.unknown_country` for a code that names no country, `request.unknown_state` for a
 * state that is not a two-letter code, and `request.no_law` when the map declares no law for that
 * controller.
 */
export function answeringFor(map: DataMap, country: string, state?: string): Answering {
  const code = countryCode(country);
  if (code === undefined) {
    throw new CustodianError('request.unknown_country', 'the country is not an ISO 3166-1 code', {
      details: { errors: [{ path: '/country', message: 'not a country code' }] },
    });
  }
  // Only a code reaches the stored request: never a control character or a paragraph.
  if (state !== undefined && !TWO_LETTERS.test(state.trim().toUpperCase())) {
    throw new CustodianError('request.unknown_state', 'the state is not a two-letter code', {
      details: { errors: [{ path: '/state', message: 'not a two-letter state code' }] },
    });
  }
  const controller = controllerFor(map, code);
  const laws = map.jurisdictions.filter(
    (jurisdiction) =>
      jurisdiction.controller === undefined || jurisdiction.controller === controller.id,
  );
  const byLaw = (law: Law | undefined): Jurisdiction | undefined =>
    law === undefined ? undefined : laws.find((jurisdiction) => jurisdiction.law === law);
  let jurisdiction: Jurisdiction | undefined;
  if (code === 'US') {
    const stateLaw = state === undefined ? undefined : STATE_LAWS[state.trim().toUpperCase()];
    jurisdiction =
      byLaw(stateLaw) ?? byLaw('ccpa') ?? laws.find((candidate) => isUsLaw(candidate.law));
  } else if (code === 'GB') {
    // UK GDPR Art. 3: people in the United Kingdom.
    jurisdiction = byLaw('uk-gdpr') ?? byLaw('gdpr');
  } else {
    // GDPR Art. 3(1)-(2) in the EEA; beyond it, the GDPR the controller applies to everyone it
    // serves from there (seed 000: "all countries except the United States").
    jurisdiction = byLaw('gdpr') ?? byLaw('uk-gdpr');
  }
  jurisdiction ??= laws[0];
  if (jurisdiction === undefined) {
    throw new CustodianError(
      'request.no_law',
      'the data map declares no jurisdiction for the controller answering this country',
      { details: { controller: controller.id } },
    );
  }
  return { controller, jurisdiction };
}

/**
 * The US states whose own law answers their residents in this map: those of `STATE_LAWS` whose law
 * the map declares for the controller answering the United States, sorted by code. A resident of
 * any other state is answered as `answeringFor` says without a state.
 */
export function statesWithOwnLaw(map: DataMap): { readonly state: string; readonly law: Law }[] {
  const chosen: { state: string; law: Law }[] = [];
  for (const [state, law] of Object.entries(STATE_LAWS).sort(([a], [b]) => a.localeCompare(b))) {
    try {
      if (answeringFor(map, 'US', state).jurisdiction.law === law) chosen.push({ state, law });
    } catch (error) {
      // A map that declares no law for the US offers no state.
      if (!(error instanceof CustodianError && error.code === 'request.no_law')) throw error;
    }
  }
  return chosen;
}

/** The request types a jurisdiction grants: those whose rights it lists (default: the law's). */
export function grantedTypes(jurisdiction: Jurisdiction): RequestType[] {
  const rights = new Set(rightsOf(jurisdiction));
  return REQUEST_TYPES.filter((type) => RIGHTS_OF_TYPE[type].some((right) => rights.has(right)));
}

/**
 * Refuses a request type the law does not grant (an erasure under the CCPA, which calls it
 * `delete`; an appeal under the CCPA, which has none): `request.type_not_granted`, naming the
 * law and the types it does grant, so the person can ask again rightly.
 */
export function requireGranted(jurisdiction: Jurisdiction, type: RequestType): void {
  const granted = grantedTypes(jurisdiction);
  if (granted.includes(type)) return;
  throw new CustodianError(
    'request.type_not_granted',
    `${jurisdiction.law} does not grant a request of type ${type}; it grants ${granted.join(', ')}`,
    {
      details: {
        law: jurisdiction.law,
        errors: [{ path: '/type', message: `not granted under ${jurisdiction.law}` }],
      },
    },
  );
}
