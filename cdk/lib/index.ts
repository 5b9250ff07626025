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
  PowertoolsEnv,
  RECONCILE_EVENT,
  ServiceNames,
  StackDefaults,
} from './constants.ts';
export { deploymentDefinition } from './definitions.ts';
export {
  assertValidSettings,
  type DeploymentSettings,
  deploymentMappingDefaults,
  settingsFromContext,
  settingsProblems,
} from './settings.ts';
