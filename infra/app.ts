/**
 * The CDK app (`npm run synth`, `npx cdk deploy -c stage=prod`). Synthesis needs no AWS credentials and
 * no network: the stack is environment-agnostic and bundling uses the local esbuild. AwsSolutions checks
 * (cdk-nag) run on every synth and fail it on any unacknowledged finding.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfigFromContext } from './config.js';
import { GongshiStack } from './stack.js';

const app = new App();
const config = stageConfigFromContext(app.node);
new GongshiStack(app, `gongshi-${config.stage}`, {
  config,
  description: `Gongshi 公示 (${config.stage}): law-enforcement transparency registry`,
});
Tags.of(app).add('project', 'gongshi');
Tags.of(app).add('stage', config.stage);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
