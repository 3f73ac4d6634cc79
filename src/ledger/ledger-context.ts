import type { Kysely, Transaction } from 'kysely';
import { CustodianError } from '../errors.js';
import {
  controllerFor,
  isUsLaw,
  type Controller,
  type DataMap,
  type Jurisdiction,
  type LegalBasis,
  type Purpose,
} from '../map/index.js';
import type { Database } from '../store/index.js';

/** What every ledger function needs: the map it answers by, the hashing secret, a clock, and who acts. */
export interface LedgerContext {
  readonly map: DataMap;
  /** The server secret identities are hashed and tokens signed with. */
  readonly secret: Buffer;
  readonly now: () => Date;
  /** Who makes the change, for the evidence chain: 'api-key:<id>', 'cli' or 'unsubscribe'. */
  readonly actor: string;
}

/** A person's answer to a consent request for one purpose. */
export type Choice = 'granted' | 'denied';

export const CHOICES: readonly Choice[] = ['granted', 'denied'];

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/** The purposes of the map by id, or `consent.unknown_purpose` naming the ids it lacks. */
export function requirePurposes(map: DataMap, ids: readonly string[]): Purpose[] {
  const found: Purpose[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const purpose = map.purposes.find((candidate) => candidate.id === id);
    if (purpose) found.push(purpose);
    else unknown.push(id);
  }
  if (unknown.length > 0) {
    throw new CustodianError('consent.unknown_purpose', 'the data map declares no such purpose', {
      details: { purposes: unknown },
    });
  }
  return found;
}

/** The one purpose of the map with this id, or `consent.unknown_purpose`. */
export function requirePurpose(map: DataMap, id: string): Purpose {
  const [purpose] = requirePurposes(map, [id]);
  if (!purpose) throw new Error('requirePurposes returns one purpose per id');
  return purpose;
}

/**
 * A purpose's legal basis (GDPR Art. 6(1)). `map.check` refuses a map without one, so undefined
 * only reaches here from an unchecked map; callers treat it as no basis at all.
 */
export function legalBasisOf(purpose: Purpose): LegalBasis | undefined {
  return purpose.legalBasis;
}

/**
 * Direct marketing in the sense of GDPR Art. 21(2)-(3): the map says so, or the purpose offers the
 * ePrivacy Art. 13(2) soft opt-in, which exists only for direct marketing.
 */
export function isDirectMarketing(purpose: Purpose): boolean {
  return purpose.directMarketing || purpose.softOptIn !== undefined;
}

/** A country code as the map writes it (ISO 3166-1 alpha-2, capitals), or undefined. */
export function normaliseCountry(country: string | undefined): string | undefined {
  const value = country?.trim().toUpperCase();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The controller answering for a person in `country` (seed 000: the US entity for US residents);
 * without a country, the default controller.
 */
export function controllerOf(map: DataMap, country: string | undefined): Controller {
  if (country !== undefined) return controllerFor(map, country);
  const controllers = map.organisation.controllers;
  const controller =
    controllers.find((candidate) => candidate.territory?.default === true) ?? controllers[0];
  if (!controller) throw new Error('a data map has at least one controller');
  return controller;
}

/** The jurisdictions the controller for `country` answers under. */
export function jurisdictionsOf(map: DataMap, country: string | undefined): Jurisdiction[] {
  const controller = controllerOf(map, country);
  return map.jurisdictions.filter(
    (jurisdiction) =>
      jurisdiction.controller === undefined || jurisdiction.controller === controller.id,
  );
}

/**
 * The US state-law jurisdictions that protect a person in `country`: only residents of the US,
 * and only where the map declares such a law for the controller answering for them.
 */
export function usJurisdictionsOf(map: DataMap, country: string | undefined): Jurisdiction[] {
  if (country !== 'US') return [];
  return jurisdictionsOf(map, country).filter((jurisdiction) => isUsLaw(jurisdiction.law));
}
