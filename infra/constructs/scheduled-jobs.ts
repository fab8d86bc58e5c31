/**
 * The scheduled jobs on AWS: one function (functions/scheduled-jobs.ts) and one EventBridge rule per job in
 * shared/app/job-schedules.ts, each sending `{ "job": "<id>" }`. Runs are idempotent, so a rule retries twice within
 * an hour; a later run of the same job repairs what a lost one did not do.
 */
import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { JOB_IDS, JOB_SCHEDULES } from '../../shared/app/job-schedules.js';
import { grantTableReadWrite } from '../table-access.js';
import { RegistryFunction } from './registry-function.js';

export interface ScheduledJobsProps {
  stage: string;
  entry: string;
  table: TableV2;
  logRetention: RetentionDays;
  environment: Record<string, string>;
}

export class ScheduledJobs extends Construct {
  readonly runner: RegistryFunction;
  readonly rules: Rule[];

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.runner = new RegistryFunction(this, 'Runner', {
      entry: props.entry,
      description: `Gongshi ${props.stage}: runs the scheduled jobs (status lists, expiries, log checks, draws)`,
      serviceName: 'gongshi-scheduled-jobs',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      // Each job is one rule a day or an hour; two at once is already more than the schedule asks.
      reservedConcurrency: 2,
      logRetention: props.logRetention,
      environment: props.environment,
    });
    grantTableReadWrite(this.runner.role, props.table);
    this.rules = JOB_IDS.map(
      (job) =>
        new Rule(this, `Job-${job.replace(/[^A-Za-z0-9]/g, '-')}`, {
          description: JOB_SCHEDULES[job].description,
          schedule: Schedule.expression(JOB_SCHEDULES[job].schedule),
          targets: [
            new LambdaFunction(this.runner.fn, {
              event: RuleTargetInput.fromObject({ job }),
              retryAttempts: 2,
              maxEventAge: Duration.hours(1),
            }),
          ],
        }),
    );
  }
}
