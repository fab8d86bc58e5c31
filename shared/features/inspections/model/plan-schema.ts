/**
 * A plan (抽查工作计划) and its tasks as stored and served. Kept apart from ./plan.ts, which reads plan tables, so the
 * public function can describe plans in its OpenAPI document without carrying the table import.
 */
import { z } from 'zod';

export const TaskSchema = z.object({
  taskId: z.string(),
  name: z.string(),
  items: z.array(z.string()),
  scope: z.string(),
  sampling: z.object({
    ratio: z.number().optional(),
    count: z.number().int().optional(),
    timesPerYear: z.number().int().optional(),
    text: z.string(),
  }),
  period: z.object({ from: z.string(), to: z.string() }),
  initiator: z.string(),
  cooperating: z.array(z.string()),
  /** 部门联合抽查 when other departments take part. */
  joint: z.boolean(),
  inspectorsPerTarget: z.number().int().min(1),
});
export type Task = z.infer<typeof TaskSchema>;

export const PlanSchema = z.object({
  planId: z.string(),
  unit: z.string(),
  name: z.string(),
  year: z.number().int(),
  tasks: z.array(TaskSchema),
});
export type Plan = z.infer<typeof PlanSchema>;
