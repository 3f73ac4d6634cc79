import {
  isWithinCategory,
  localize,
  recipientsOf,
  type DataMap,
  type Datastore,
} from '../map/index.js';
import type { Found } from './find-person.js';
import type { ErasurePlan } from './plan.js';

/** A recipient to tell of a completed erasure, rectification or restriction: id and name only. */
export interface RecipientToInform {
  readonly id: string;
  readonly name: string;
}

/** Fields of one collection a request changed (or, for a restriction, holds of the person). */
export interface TouchedFields {
  readonly datastore: string;
  readonly collection: string;
  readonly fields: readonly string[];
}

/**
 * The recipients the controller must tell of a rectification, erasure or restriction (GDPR Art.
 * 19; CCPA 1798.105(c)(1): service providers, contractors and third parties told to delete): the
 * recipients of every purpose whose categories overlap the categories of the fields touched,
 * declared order, each once. Overlap follows the category tree both ways: a purpose using
 * `contact` receives `contact.email`, and one using `contact.email` is concerned by a field
 * declared `contact`. Fields without categories concern no purpose.
 */
export function recipientsToInform(
  map: DataMap,
  touched: readonly TouchedFields[],
): RecipientToInform[] {
  const categories = new Set<string>();
  for (const { datastore, collection, fields } of touched) {
    const declared = map.datastores
      .find((candidate) => candidate.id === datastore)
      ?.collections.find((candidate) => candidate.name === collection);
    for (const field of declared?.fields ?? []) {
      if (fields.includes(field.name))
        for (const category of field.categories) categories.add(category);
    }
  }
  if (categories.size === 0) return [];
  const overlaps = (category: string): boolean =>
    [...categories].some(
      (touchedCategory) =>
        isWithinCategory(map, touchedCategory, category) ||
        isWithinCategory(map, category, touchedCategory),
    );
  const recipients: RecipientToInform[] = [];
  for (const purpose of map.purposes) {
    if (!purpose.categories.some(overlaps)) continue;
    for (const recipient of recipientsOf(map, purpose)) {
      if (recipients.some((known) => known.id === recipient.id)) continue;
      recipients.push({ id: recipient.id, name: localize(recipient.name, 'en') });
    }
  }
  return recipients;
}

/**
 * The fields an erasure plan changes of the person's rows: every declared field of deleted rows,
 * and the fields an update does not keep. `detach` steps change other people's rows and count
 * for nothing here.
 */
export function erasedFields(datastores: readonly Datastore[], plan: ErasurePlan): TouchedFields[] {
  return plan.steps.flatMap((step): TouchedFields[] => {
    if (step.purpose === 'detach' || step.count === 0) return [];
    const collection = datastores
      .find((datastore) => datastore.id === step.datastore)
      ?.collections.find((candidate) => candidate.name === step.collection);
    const fields =
      step.op === 'delete'
        ? (collection?.fields ?? []).map((field) => field.name)
        : Object.entries(step.strategies)
            .filter(([, strategy]) => strategy !== 'keep')
            .map(([field]) => field);
    return [{ datastore: step.datastore, collection: step.collection, fields }];
  });
}

/** Every declared field of the collections where the person has rows (a restriction covers all). */
export function foundFields(datastores: readonly Datastore[], found: Found): TouchedFields[] {
  return found.collections
    .filter((entry) => entry.rows.length > 0)
    .map((entry) => ({
      datastore: entry.datastore,
      collection: entry.collection,
      fields:
        datastores
          .find((datastore) => datastore.id === entry.datastore)
          ?.collections.find((candidate) => candidate.name === entry.collection)
          ?.fields.map((field) => field.name) ?? [],
    }));
}
