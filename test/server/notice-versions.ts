import type { DataMap } from '../../src/map/index.js';

/** The map with the security logs kept a year instead of six months, as notice 2026-09. */
export function longerRetention(map: DataMap): DataMap {
  const next = structuredClone(map);
  return {
    ...next,
    purposes: next.purposes.map((purpose) =>
      purpose.id === 'website-operation' && purpose.retention !== undefined
        ? { ...purpose, retention: { ...purpose.retention, duration: 'P1Y' } }
        : purpose,
    ),
    notice: { ...next.notice, version: '2026-09', effectiveDate: '2026-09-01' },
  };
}
