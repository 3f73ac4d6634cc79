import { createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '../evidence/index.js';
import type { Text } from '../map/index.js';
import { keyIdOf, publicKeyPem, type SigningKey } from '../store/index.js';
import type { ErasurePlan } from './plan.js';

/**
 * What an erasure certificate states: which collections of which datastores were erased, how, how
 * many rows, and which rows the law made us keep until when. No personal data: no values, no
 * primary keys, no identifiers; the request is named by its id.
 */
export interface CertificateBody {
  readonly type: 'custodian.erasure-certificate';
  readonly version: 1;
  readonly requestId: string;
  readonly planComputedAt: string;
  /** When the last step was checkpointed (the plan's time when there was nothing to change). */
  readonly completedAt: string;
  readonly datastores: readonly {
    readonly id: string;
    readonly collections: readonly {
      readonly name: string;
      readonly erase: string;
      readonly found: number;
      readonly deleted: number;
      readonly anonymised: number;
      readonly kept: number;
      readonly held: number;
      readonly strategies: Readonly<Record<string, string>>;
    }[];
  }[];
  readonly steps: readonly {
    readonly datastore: string;
    readonly collection: string;
    readonly op: string;
    readonly purpose: string;
    readonly rows: number;
  }[];
  /** GDPR Art. 17(3): rows kept, why, on what rule, and the last day each group is kept. */
  readonly holds: readonly {
    readonly datastore: string;
    readonly collection: string;
    readonly reason: Text;
    readonly basis?: string;
    readonly rows: number;
    readonly ends: readonly { readonly until: string | null; readonly rows: number }[];
    /** The collection whose held rows these rows are part of, and whose hold keeps them. */
    readonly keptWith?: string;
  }[];
  /** Identifiers put on the suppression list, by kind. */
  readonly suppressed: { readonly email: number; readonly phone: number };
}

/** A signed certificate: the body, its Ed25519 signature over the canonical JSON, and the key id. */
export interface ErasureCertificate {
  readonly body: CertificateBody;
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  /** base64url of the signature of `canonicalJson(body)`. */
  readonly signature: string;
}

/** The public half of the signing key, for anyone who wants to check a certificate. */
export interface CertificateKey {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  /** SPKI, PEM. */
  readonly publicKey: string;
}

/** The certificate body of a completed erasure plan. Pure. */
export function certificateBody(
  requestId: string,
  plan: ErasurePlan,
  completedAt: string,
  suppressed: { readonly email: number; readonly phone: number },
): CertificateBody {
  const datastores: string[] = [];
  for (const collection of plan.collections) {
    if (!datastores.includes(collection.datastore)) datastores.push(collection.datastore);
  }
  return {
    type: 'custodian.erasure-certificate',
    version: 1,
    requestId,
    planComputedAt: plan.computedAt,
    completedAt,
    datastores: datastores.map((id) => ({
      id,
      collections: plan.collections
        .filter((collection) => collection.datastore === id && collection.found > 0)
        .map((collection) => ({
          name: collection.collection,
          erase: collection.erase,
          found: collection.found,
          deleted: collection.deleted,
          anonymised: collection.anonymised,
          kept: collection.kept,
          held: collection.held,
          strategies: collection.strategies,
        })),
    })),
    steps: plan.steps.map((step) => ({
      datastore: step.datastore,
      collection: step.collection,
      op: step.op,
      purpose: step.purpose,
      rows: step.count,
    })),
    holds: plan.holds.map((hold) => ({
      datastore: hold.datastore,
      collection: hold.collection,
      reason: hold.reason,
      ...(hold.basis === undefined ? {} : { basis: hold.basis }),
      rows: hold.rows,
      ends: hold.ends,
      ...(hold.keptWith === undefined ? {} : { keptWith: hold.keptWith }),
    })),
    suppressed,
  };
}

/** Signs a certificate body with the server's Ed25519 key (`certificateSigningKey`). */
export function signCertificate(key: SigningKey, body: CertificateBody): ErasureCertificate {
  // Ed25519 signatures are deterministic: the same body gives the same certificate.
  const signature = sign(null, Buffer.from(canonicalJson(body), 'utf8'), key.privateKey);
  return {
    body,
    algorithm: 'Ed25519',
    keyId: key.keyId,
    signature: signature.toString('base64url'),
  };
}

/**
 * Whether a certificate is intact: signed by the key given (the server's, from
 * `certificateKey`), over exactly this body. Any change to the body or the signature fails.
 */
export function verifyCertificate(certificate: ErasureCertificate, publicKey: string): boolean {
  try {
    const key = createPublicKey(publicKey);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    if (certificate.keyId !== keyIdOf(key)) return false;
    return verify(
      null,
      Buffer.from(canonicalJson(certificate.body), 'utf8'),
      key,
      Buffer.from(certificate.signature, 'base64url'),
    );
  } catch {
    // A body that is not canonical JSON, a key that is not a key: not a valid certificate.
    return false;
  }
}

/** The public half of the signing key, as anyone checking a certificate needs it. */
export function certificateKey(key: SigningKey): CertificateKey {
  return { algorithm: 'Ed25519', keyId: key.keyId, publicKey: publicKeyPem(key) };
}
