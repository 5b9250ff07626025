export {
  AepSinkConnector,
  type AepSinkConnectorProps,
  type AepSinkDeployment,
  type ConnectorDeclaration,
  type ConnectorInitialState,
} from './aep-sink-connector.ts';
export { AepSinkStack, type AepSinkStackProps, grantMappingManagement } from './aep-sink-stack.ts';
export {
  ApiAuth,
  ContextKeys,
  PowertoolsEnv,
  RECONCILE_EVENT,
  ServiceNames,
  StackDefaults,
} from './constants.ts';
export {
  assertValidSettings,
  type DeploymentSettings,
  deploymentConfigDef,
  deploymentMappingDefaults,
  settingsFromContext,
  settingsProblems,
} from './settings.ts';
