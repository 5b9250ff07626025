// Names and defaults of the AEP emulator, taken from Adobe's Streaming Ingestion and IMS documentation (see
// docs/aep-emulator.md for the document behind each value).

/**
 * Defaults of {@link AepEmulatorOptions}.
 */
export const AepEmulatorDefaults = {
  HOST: '127.0.0.1',
  PORT: 0,
  /** "Payload too large - thrown when the total payload request is greater than 1MB" (streaming-multiple-messages). */
  MAX_REQUEST_BYTES: 1_048_576,
  DATA_TYPE: 'raw',
  /** Adobe's docs show `statusCode`; real servers were seen answering `status` (adobe/experience-platform-streaming-connect#62). */
  FAILURE_STATUS_FIELD: 'statusCode',
  /** The `expires_in` of IMS's sample answer: "86399" seconds. */
  TOKEN_TTL_SECONDS: 86_399,
  /** "403 Unauthorized: Provided authorization token is invalid or expired" (streaming-multiple-messages, appendix). */
  INVALID_TOKEN_STATUS: 403,
  /** The org named in answers when no `imsOrgId` is configured. */
  IMS_ORG_ID: 'AEPEMULATOR0000000000000@AdobeOrg',
} as const;

/**
 * `auth.params.dataType` of an HTTP API streaming connection: XDM messages or raw JSON mapped by Data Prep.
 */
export const DataType = { XDM: 'xdm', RAW: 'raw' } as const;

/**
 * The field that carries the status of a failed message in a 207 answer.
 */
export const FailureStatusField = { STATUS: 'status', STATUS_CODE: 'statusCode' } as const;

/**
 * Paths the emulator serves: DCS collection (`/collection/{id}`, `/collection/batch/{id}`) and the IMS token endpoints.
 */
export const EmulatorPaths = {
  COLLECTION: '/collection',
  BATCH_SEGMENT: 'batch',
  IMS_TOKEN_V3: '/ims/token/v3',
  IMS_TOKEN_V1: '/ims/token/v1',
  IMS_EXCHANGE_JWT: '/ims/exchange/jwt',
} as const;

/**
 * `type` of AEP's problem JSON answers.
 */
export const ProblemTypes = {
  /** Bad requests and refused messages (streaming-validation, streaming-multiple-messages). */
  INLET: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet',
  /** Missing or refused bearer tokens on authenticated inlets (sources/tutorials/api/create/streaming/http). */
  AUTHORIZATION: 'https://ns.adobe.com/adobecloud/problem/data-collection-service-authorization',
} as const;

/**
 * Reasons AEP gives for refusing one message, in its wording (streaming-multiple-messages). Answers prefix them with
 * `inletId: [...] imsOrgId: [...]` as AEP does.
 */
export const MessageRejections = {
  UNKNOWN_XDM_FORMAT: 'Message has unknown xdm format',
  WRONG_IMS_ORG: 'Message has an absent or wrong ims org in the header',
  /** Not in Adobe's docs: the emulator's wording for a message that is not a JSON object. */
  NOT_AN_OBJECT: 'Message is not a JSON object',
} as const;

/**
 * `error` codes of IMS token answers (OAuth 2.0, RFC 6749 §5.2, and Adobe's IMS JWT exchange reference).
 */
export const ImsErrors = {
  INVALID_REQUEST: 'invalid_request',
  INVALID_CLIENT: 'invalid_client',
  INVALID_GRANT: 'invalid_grant',
  UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
  INVALID_SCOPE: 'invalid_scope',
  INVALID_TOKEN: 'invalid_token',
  INVALID_SIGNATURE: 'invalid_signature',
  BAD_REQUEST: 'bad_request',
} as const;
