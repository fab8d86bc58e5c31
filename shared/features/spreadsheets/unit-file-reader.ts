/**
 * A file of a unit's folder that another feature reads, recognised by its name: the inspections feature's plan table
 * (2024年度双随机抽查工作计划.xlsx). The folder import checks it with the lists and stores it after them, only when it
 * has no error and its unit is registered; the feature that owns it is injected by the composition, so this feature
 * knows none of them.
 */
import type { ColumnMatch } from '../../core/headers.js';
import type { FileIssue } from './issues.js';

export interface UnitFileReader {
  /** The id its results carry in the report's streams (inspection-plan). */
  kind: string;
  /** What the file is, for reports (抽查工作计划). */
  label: string;
  /** Whether a file of this name (without folders) is this reader's. */
  claims(fileName: string): boolean;
  /** Reads and checks the file (`rel`: its path in the folder, for issues); stores nothing. */
  check(uscc: string, bytes: Uint8Array, rel: string): Promise<CheckedUnitFile>;
}

export interface CheckedUnitFile {
  rows: number;
  /** What it would store (tasks of a plan table). */
  itemCount: number;
  errors: FileIssue[];
  warnings: FileIssue[];
  encoding?: string;
  mapping?: ColumnMatch[];
  /** Stores what was checked; called only for a file without errors whose unit is registered, and not on a dry run. */
  store(): Promise<void>;
}
