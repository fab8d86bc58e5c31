/**
 * A plan (抽查工作计划) and its tasks as stored and served. Kept apart from ./plan.ts, which reads plan tables, so the
 * public function can describe plans in its OpenAPI document without carrying the table import.
 */
import { z } from 'zod';

const Published = z.object({ heading: z.string(), text: z.string() });

export const TaskSchema = z.object({
  taskId: z.string(),
  name: z.string(),
  items: z.array(z.string()),
  /** 抽查对象范围 as published; the draw's targets are the directory's under the commitment's filter. */
  scope: z.string().optional(),
  sampling: z.object({
    ratio: z.number().optional(),
    count: z.number().int().optional(),
    /** 不低于5%: the figure is a floor. */
    atLeast: z.boolean().optional(),
    timesPerYear: z.number().int().optional(),
    text: z.string().describe('抽查比例(及频次) as published; ratio and count are read from it'),
  }),
  period: z.object({
    from: z.string(),
    to: z.string(),
    text: z.string().optional().describe('实施时间 as published (第二季度, 2024年4月至6月, 全年 …)'),
  }),
  initiator: z.string(),
  cooperating: z.array(z.string()),
  /** 部门联合抽查 when other departments take part. */
  joint: z.boolean(),
  inspectorsPerTarget: z.number().int().min(1),
  /** The section row the task stood under (一、食品安全领域), as published. */
  section: z.string().optional(),
  /** Columns of the plan table that match no field, heading → text as published, in column order. */
  additional: z.array(Published).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const PlanSchema = z.object({
  planId: z.string(),
  unit: z.string(),
  name: z.string(),
  year: z.number().int(),
  tasks: z.array(TaskSchema),
  /** Title, preface and foot rows of the plan table, as published. */
  notes: z
    .object({
      title: z.array(z.string()).optional(),
      preamble: z.array(z.string()).optional(),
      footnotes: z.array(z.string()).optional(),
    })
    .optional(),
});
export type Plan = z.infer<typeof PlanSchema>;
