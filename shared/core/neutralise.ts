/**
 * Spreadsheet formula injection (CSV/XLSX "formula injection", OWASP): a cell
 * that starts with = + - @ (or tab / carriage return, which some spreadsheet
 * programs skip before looking for one) may be run as a formula when an auditor
 * opens an export. Exports prefix such text with a single quote, which
 * spreadsheets show as text.
 *
 * The prefix must not change what re-importing the file publishes (the content
 * hash must stay identical), so the mapping is reversible: text that already
 * starts with quotes followed by a trigger character gets one more quote, and
 * `restoreNeutralisedCell` removes exactly one. Importers call it on every text
 * cell before validation.
 */
const TRIGGER = /^[=+\-@\t\r]/;
const QUOTED_TRIGGER = /^'+[=+\-@\t\r]/;

export function neutraliseCell(text: string): string {
  return TRIGGER.test(text) || QUOTED_TRIGGER.test(text) ? `'${text}` : text;
}

export function restoreNeutralisedCell(text: string): string {
  return QUOTED_TRIGGER.test(text) ? text.slice(1) : text;
}
