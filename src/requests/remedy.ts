import type { Remedy } from '../mail/index.js';
import { isUsLaw, requiresAppeal, rightsOf, type DataMap } from '../map/index.js';
import { appealRemedy } from './appeal.js';
import type { RequestRow } from './request-context.js';

/**
 * What a person whose request is refused, in whole or in part, can do next, by the law of the
 * request. The mail writes it in the person's language.
 */
export function remedyOf(
  map: DataMap,
  row: Pick<RequestRow, 'law' | 'controller' | 'type'>,
): Remedy {
  const law = row.law as Parameters<typeof isUsLaw>[0];
  if (!isUsLaw(law)) {
    // GDPR Art. 12(4), 77, 79: a complaint to a supervisory authority, and a judicial remedy.
    const controller = map.organisation.controllers.find((c) => c.id === row.controller);
    const authority = map.authorities.find((a) => a.id === controller?.supervisoryAuthority);
    return authority === undefined
      ? { kind: 'complaint' }
      : { kind: 'complaint', authority: { name: authority.name, url: authority.url } };
  }
  const jurisdiction = map.jurisdictions.find(
    (candidate) =>
      candidate.law === row.law &&
      (candidate.controller === undefined || candidate.controller === row.controller),
  );
  if (
    jurisdiction !== undefined &&
    (requiresAppeal(jurisdiction.law) || rightsOf(jurisdiction).includes('appeal')) &&
    row.type !== 'appeal'
  ) {
    // Va. Code 59.1-578(B)(2), (C); Colo. Rev. Stat. 6-1-1306(3); Conn. Gen. Stat. 42-518(d): the
    // duty holds whatever the rights list says, and the mail names only the declared channels.
    return { kind: 'appeal', channels: appealChannels(map, jurisdiction.appeal ?? []) };
  }
  if (row.type === 'appeal') {
    // Va. Code 59.1-578(C), Colo. Rev. Stat. 6-1-1306(3)(e), Conn. Gen. Stat. 42-518(d): a denied
    // appeal says how to contact the Attorney General to submit a complaint.
    return appealRemedy(row.law);
  }
  return { kind: 'contact' };
}

/** The declared appeal channels as a person reaches them: an address, a link or a number. */
function appealChannels(map: DataMap, ids: readonly string[]): string[] {
  return ids.flatMap((id) => {
    const channel = map.channels.find((candidate) => candidate.id === id);
    const reach = channel?.email ?? channel?.url ?? channel?.phone;
    return reach === undefined ? [] : [reach];
  });
}
