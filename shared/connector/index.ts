export {
  COMMON_GROUP,
  ERROR_GROUP,
  FrameworkKeys,
  PREDICATES_GROUP,
  sinkConnectorConfigDef,
  TRANSFORMS_GROUP,
} from './framework.ts';
