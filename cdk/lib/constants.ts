// Names and defaults of the deployment in one place: defaults and limits of the context keys, Powertools variables and
// the scheduled reconcile event.
import { RECONCILE_EVENT_SOURCE } from '../../shared/rest/index.ts';

/**
 * How callers authenticate to the Connect REST API: SigV4 (IAM), SigV4 plus an API key of the stack's usage plan, or
 * an API key alone.
 */
export const ApiAuth = { IAM: 'iam', IAM_AND_API_KEY: 'iam-and-api-key', API_KEY: 'api-key' } as const;
export type ApiAuth = (typeof ApiAuth)[keyof typeof ApiAuth];

/**
 * Defaults of the optional props and context keys.
 */
export const StackDefaults = {
  STACK_NAME: 'AepStreamingSink',
  LOG_LEVEL: 'INFO',
  LOG_RETENTION_DAYS: 30,
  METRICS_NAMESPACE: 'AepStreamingSink',
  OFFSET_LAG_THRESHOLD: 10_000,
  API_AUTH: ApiAuth.IAM,
  API_THROTTLE_RATE_LIMIT: 10,
  API_THROTTLE_BURST_LIMIT: 20,
  /**
   * CPU scales with memory; 1 GiB gives a full vCPU for JSON conversion and gzip of batches up to Lambda's 6 MB
   * payload.
   */
  SINK_MEMORY_MIB: 1024,
  /**
   * Long enough for one full batch with AEP retries (429/5xx back-off), short enough that a stuck invocation frees
   * its partition soon. Kafka event source mappings accept at most 14 minutes.
   */
  SINK_TIMEOUT_SECONDS: 300,
  CONNECT_API_MEMORY_MIB: 512,
  /**
   * API Gateway answers 504 after 29 s, but an interrupted request would leave work for the next reconcile: the
   * façade finishes its bounded Lambda API retries (`LAMBDA_TUNING`) and the scheduled reconcile gets time to visit
   * every pending connector.
   */
  CONNECT_API_TIMEOUT_SECONDS: 120,
  RECONCILE_INTERVAL_MINUTES: 5,
} as const;

/**
 * Limits the context keys are checked against.
 */
export const StackLimits = {
  /** Lambda: "event source mappings for Kafka only support functions with a timeout of up to 14 minutes". */
  MAX_SINK_TIMEOUT_SECONDS: 840,
  MIN_MEMORY_MIB: 128,
  MAX_MEMORY_MIB: 10_240,
  MAX_RECONCILE_INTERVAL_MINUTES: 1_440,
} as const;

/**
 * Log levels Powertools Logger accepts in `POWERTOOLS_LOG_LEVEL`.
 */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

/**
 * Powertools' environment variables, set on both functions.
 */
export const PowertoolsEnv = {
  SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
} as const;

/**
 * The event the scheduled EventBridge rule sends to the Connect REST façade; the handler answers it with the
 * herder's `reconcileAll()` (connectors whose stored intent is still pending are applied again).
 */
export const RECONCILE_EVENT = { source: RECONCILE_EVENT_SOURCE } as const;

/**
 * `POWERTOOLS_SERVICE_NAME` of each function (the `service` dimension of its metrics).
 */
export const ServiceNames = { SINK: 'aep-sink', CONNECT_API: 'aep-sink-connect-api' } as const;
