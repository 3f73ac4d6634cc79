import { gpcOptOutCovers, isObjectable, recordConsent, recordObjection } from '../ledger/index.js';
import { resolveCategory, type Jurisdiction, type Purpose } from '../map/index.js';
import { ledgerContext, type ExecutionContext } from './execution-context.js';

/** Request types answered by a record in the consent ledger rather than a change to the data. */
export const CHOICE_TYPES = [
  'objection',
  'automated-decisions',
  'withdraw-consent',
  'opt-out-sale',
  'limit-sensitive',
] as const;
export type ChoiceType = (typeof CHOICE_TYPES)[number];

export interface ChoiceResult {
  /** Purposes now objected to or withdrawn, by id. */
  readonly recorded: readonly string[];
  /** Purposes the request concerns that the person cannot switch off; an operator answers these. */
  readonly notApplicable: readonly string[];
  readonly receipts: readonly string[];
}

/**
 * Records a person's choice in the ledger, for the purposes of the controller answering them:
 * - `objection` (GDPR Art. 21): every purpose they can object to (legitimate interests, public
 *   task, direct marketing; for consent purposes a withdrawal);
 * - `automated-decisions` (Art. 22, Va. Code 59.1-577(A)(5)): the purposes deciding solely by
 *   automated means; where a contract or the law allows such decisions (Art. 22(2)), the person
 *   gets human review instead, which an operator gives: those are listed as not applicable;
 * - `withdraw-consent` (Art. 7(3)): every consent purpose, refused from now on;
 * - `opt-out-sale` (Cal. Civ. Code 1798.120, 1798.135): the purposes a Global Privacy Control
 *   signal would switch off under the request's law;
 * - `limit-sensitive` (Cal. Civ. Code 1798.121): purposes using sensitive categories.
 */
export async function recordChoices(
  ctx: ExecutionContext,
  input: {
    readonly type: ChoiceType;
    readonly email: string;
    readonly controller: string;
    readonly law: string;
    readonly requestId: string;
  },
): Promise<ChoiceResult> {
  const purposes = ctx.map.purposes.filter(
    (purpose) =>
      purpose.controllers === undefined || purpose.controllers.includes(input.controller),
  );
  const jurisdictions = ctx.map.jurisdictions.filter(
    (jurisdiction) =>
      jurisdiction.law === input.law &&
      (jurisdiction.controller === undefined || jurisdiction.controller === input.controller),
  );
  const concerned = purposes.filter((purpose) => concerns(ctx, input.type, purpose, jurisdictions));
  const source = `request:${input.requestId}`;
  const subject = { email: input.email };
  const ledger = ledgerContext(ctx);
  const recorded: string[] = [];
  const receipts: string[] = [];
  if (input.type === 'withdraw-consent') {
    if (concerned.length > 0) {
      const receipt = await recordConsent(ctx.db, ledger, {
        subject,
        choices: Object.fromEntries(concerned.map((purpose) => [purpose.id, 'denied' as const])),
        source,
      });
      recorded.push(...concerned.map((purpose) => purpose.id));
      receipts.push(receipt.receiptId);
    }
    return { recorded, notApplicable: [], receipts };
  }
  const notApplicable: string[] = [];
  for (const purpose of concerned) {
    if (!isObjectable(purpose)) {
      notApplicable.push(purpose.id);
      continue;
    }
    const receipt = await recordObjection(ctx.db, ledger, {
      subject,
      purpose: purpose.id,
      source,
    });
    recorded.push(purpose.id);
    receipts.push(receipt.receiptId);
  }
  return { recorded, notApplicable, receipts };
}

function concerns(
  ctx: ExecutionContext,
  type: ChoiceType,
  purpose: Purpose,
  jurisdictions: readonly Jurisdiction[],
): boolean {
  switch (type) {
    case 'objection':
      // For a consent purpose the objection is a withdrawal (Art. 7(3)); the ledger records both.
      return isObjectable(purpose);
    case 'automated-decisions':
      return purpose.automatedDecisions?.solelyAutomated === true;
    case 'withdraw-consent':
      return purpose.legalBasis === 'consent';
    case 'opt-out-sale':
      return gpcOptOutCovers(purpose, jurisdictions);
    case 'limit-sensitive':
      return purpose.categories.some((id) => {
        const category = resolveCategory(ctx.map, id);
        return category !== undefined && (category.ccpaSensitive || category.art9);
      });
  }
}
