// The Kafka Connect REST API on API Gateway (REST API v1): every path and method of the root and `{proxy+}` goes to
// the façade function through the Lambda proxy integration (API Gateway developer guide: "Set up a proxy
// integration with a proxy resource").
import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  type IApiKey,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ApiAuth } from './constants.ts';
import { acknowledgeNag } from './nag.ts';

export interface ConnectApiProps {
  readonly handler: IFunction;
  readonly auth: ApiAuth;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** ERROR-level execution logging; needs the account's API Gateway CloudWatch Logs role. */
  readonly executionLogging: boolean;
  /** @default - no web ACL */
  readonly webAclArn?: string;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/** The stage every URL starts with: `https://<api>.execute-api.<region>.amazonaws.com/v1/connectors`. */
export const STAGE_NAME = 'v1';

/**
 * A regional REST API with IAM (SigV4) authorization on every method by default, stage throttling, JSON access logs
 * and, with `api-key` auth, a usage plan and one API key.
 *
 * @example
 * const api = new ConnectApi(this, 'ConnectApi', { handler: facade.function, auth: 'iam', ... });
 * api.api.url; // https://…/v1/
 */
export class ConnectApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;
  /** Only with `iam-and-api-key` or `api-key` auth. */
  readonly apiKey?: IApiKey;

  constructor(scope: Construct, id: string, props: ConnectApiProps) {
    super(scope, id);
    const iam = props.auth !== ApiAuth.API_KEY;
    const apiKeyRequired = props.auth !== ApiAuth.IAM;
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${Stack.of(this).stackName}-connect`,
      description: 'Kafka Connect REST API of the AEP streaming sink',
      cloudWatchRole: false,
      deployOptions: {
        stageName: STAGE_NAME,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        metricsEnabled: true,
        ...(props.executionLogging ? { loggingLevel: MethodLoggingLevel.ERROR } : {}),
      },
      defaultMethodOptions: {
        authorizationType: iam ? AuthorizationType.IAM : AuthorizationType.NONE,
        apiKeyRequired,
      },
    });
    const integration = new LambdaIntegration(props.handler, { allowTestInvoke: false });
    this.api.root.addMethod('ANY', integration);
    this.api.root.addProxy({ defaultIntegration: integration, anyMethod: true });

    if (apiKeyRequired) {
      const plan = this.api.addUsagePlan('UsagePlan', {
        description: 'Callers of the Connect REST API',
        throttle: props.throttle,
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      this.apiKey = this.api.addApiKey('ApiKey', { description: 'Connect REST API key' });
      plan.addApiKey(this.apiKey);
    }
    if (props.webAclArn) {
      new CfnWebACLAssociation(this, 'WebAcl', {
        resourceArn: this.api.deploymentStage.stageArn,
        webAclArn: props.webAclArn,
      });
    }
    this.#acknowledge(props, iam);
  }

  #acknowledge(props: ConnectApiProps, iam: boolean): void {
    if (iam) {
      acknowledgeNag(
        this.api,
        'AwsSolutions-COG4',
        'Every method uses IAM (SigV4) authorization: callers are operators and automation holding AWS credentials, as for any AWS control-plane API, so no Cognito user pool is involved.',
      );
    } else {
      acknowledgeNag(
        this.api,
        'AwsSolutions-COG4',
        'API-key-only access, without Cognito or SigV4, was chosen explicitly with the apiAuth context key (api-key).',
      );
      acknowledgeNag(
        this.api,
        'AwsSolutions-APIG4',
        'The operator chose apiAuth=api-key: every method requires an API key of the usage plan instead of SigV4.',
      );
    }
    acknowledgeNag(
      this.api,
      'AwsSolutions-APIG2',
      'Every route is a Lambda proxy integration. The façade validates each body and parameter itself and answers in the Kafka Connect error shape ({error_code, message}) naming the JSON path; an API Gateway validator would answer in its own shape and cannot describe the per-route Connect bodies on one {proxy+} resource.',
    );
    if (!props.executionLogging) {
      acknowledgeNag(
        this.api.deploymentStage,
        'AwsSolutions-APIG6',
        'Access logs record every request (caller, method, path, status, latency) in the AccessLogs group. Execution logging needs the account-wide API Gateway CloudWatch Logs role, which this stack does not take over; enable it with the apiExecutionLogging context key once that role is set.',
      );
    }
    if (!props.webAclArn) {
      acknowledgeNag(
        this.api.deploymentStage,
        'AwsSolutions-APIG3',
        'A low-volume administrative API behind SigV4 authorization and stage throttling. Associate an existing AWS WAF web ACL with the webAclArn context key where policy requires one.',
      );
    }
  }
}
