/**
 * The plan table intake's use cases (抽查工作计划 files): check a file and store its plans, and the folder import's
 * reader of plan files. Apart from InspectionService, so the processes that only draw (the scheduled jobs) do not
 * carry the spreadsheet readers.
 */
import type { UnitFileReader } from '../spreadsheets/index.js';
import { uploadError } from '../workflow/index.js';
import type { Plan } from './model/plan-schema.js';
import { planTableKind } from './model/plan.js';
import { isPlanFileName, readPlanFile, type PlanFileOptions, type PlanFileResult } from './plan-import.js';
import type { InspectionStore } from './store.js';

export class PlanIntake {
  /** The plan table as a record kind: its columns, for templates and marked copies. */
  readonly tableKind = planTableKind();

  constructor(private readonly store: Pick<InspectionStore, 'putPlan' | 'listPlans'>) {}

  /** The unit's plans with their tasks, as imported. */
  listPlans(unit: string): Promise<Plan[]> {
    return this.store.listPlans(unit);
  }

  /**
   * Checks a plan table file (CSV, XLSX or DOCX) and, unless `dryRun`, stores its plans. Every error of the file comes
   * at once; with any, nothing is stored and the answer says why (uploadError's shape, as list uploads).
   */
  async importPlanFile(
    unit: string,
    file: { bytes: Uint8Array; name: string },
    options: PlanFileOptions & { dryRun?: boolean } = {},
  ): Promise<PlanFileResult> {
    const read = await readPlanFile(unit, file.bytes, file.name, options);
    if (options.dryRun) return read;
    if (read.errors.length) throw uploadError(read.errors, read.warnings, read.mapping);
    for (const p of read.plans) await this.store.putPlan(p);
    return read;
  }

  /** The folder import's reader of plan tables in unit folders (2024年度双随机抽查工作计划.xlsx, 抽查工作计划.csv). */
  planFileReader(): UnitFileReader {
    return {
      kind: planTableKind().id,
      label: planTableKind().label,
      claims: isPlanFileName,
      check: async (unit, bytes, rel) => {
        const read = await readPlanFile(unit, bytes, rel);
        return {
          rows: read.rows,
          itemCount: read.plans.reduce((n, p) => n + p.tasks.length, 0),
          errors: read.errors,
          warnings: read.warnings,
          ...(read.encoding ? { encoding: read.encoding } : {}),
          mapping: read.mapping,
          store: async () => {
            for (const p of read.plans) await this.store.putPlan(p);
          },
        };
      },
    };
  }
}
