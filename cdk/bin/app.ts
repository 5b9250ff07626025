// The CDK app `cdk.json` runs (`node cdk/bin/app.ts`): one AepSinkStack configured from the context keys, checked
// by cdk-nag's AwsSolutions rules through CDK's validation plugins (synthesis fails on an unacknowledged finding).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AepSinkStack, settingsFromContext } from '../lib/index.ts';

const app = new App();
const settings = settingsFromContext(app.node);
new AepSinkStack(app, settings.stackName, {
  ...settings,
  description: 'AEP streaming sink: Kafka Connect-compatible serverless sink into Adobe Experience Platform',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
