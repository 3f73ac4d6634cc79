/**
 * Generators from the data map: the privacy notice, the sub-processor list, the Art. 30 record and
 * the diff between two versions. Pure: they take a map and return documents or data.
 *
 * Notice = what is published to people, by version and language.
 * Record (ROPA) = the Art. 30 record kept for the supervisory authority.
 */
export {
  escape,
  renderHtml,
  renderHtmlBlocks,
  renderMarkdown,
  type Block,
  type PublishedDocument,
} from './document.js';
export { diff, diffDocument, type Change } from './diff.js';
export { formatDate, formatDuration, joinList, placeName, STRINGS } from './i18n/index.js';
export { notice } from './notice.js';
export { ropa, ropaCsv, ropaDocument, type Ropa } from './ropa.js';
export { starterMap } from './starter.js';
export { subprocessors, subprocessorsDocument, type SubprocessorEntry } from './subprocessors.js';
