import { isIP } from 'node:net';
import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

/** IPv4 or IPv6 by Node's own parser (`net.isIP`): no pattern, nothing to backtrack. */
export function matchIpAddress(
  value: string,
  hint: ColumnHint | undefined,
): ValueMatch | undefined {
  if (value.length < 2 || value.length > 45) return undefined;
  const version = isIP(value);
  if (version === 0) return undefined;
  if (hint === 'ip-address') return { kind: 'ip-address', confidence: 0.98 };
  return { kind: 'ip-address', confidence: version === 4 ? 0.85 : 0.9 };
}

/** An IP address? `classifyIpAddress('192.0.2.10')` → ip-address. */
export function classifyIpAddress(value: string, column?: string): ValueMatch | undefined {
  return matchIpAddress(value.trim(), columnHint(column));
}
