export {
  aliasFromInvokedArn,
  connectorAliasArn,
  connectorAliasName,
  unqualifiedFunctionArn,
} from './alias.ts';
export { AliasRules } from './constants.ts';
