/** A step into the data map: an object key or a list index. */
export type PathSegment = string | number;

/**
 * `error` stops publication, `warning` asks for a look, `assumption` names a sentence the notice
 * states from a documented default because the map does not declare the fact.
 */
export type Severity = 'error' | 'warning' | 'assumption';

/** What a rule found, pointing into the map by path. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: readonly PathSegment[];
}

/** A finding placed in its file. */
export interface Diagnostic extends Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `file:line:col severity rule-id message`, the format editors and CI annotate from. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { file, line, column, severity, rule, message } = diagnostic;
  return `${file}:${line}:${column} ${severity} ${rule} ${message}`;
}
