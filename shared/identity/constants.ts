/**
 * Lambda alias naming rules (CreateAlias `Name`: pattern `(?!^[0-9]+$)([a-zA-Z0-9-_]+)`, 1–128 characters) and how
 * connector aliases are built from them.
 */
export const AliasRules = {
  MAX_LENGTH: 128,
  PATTERN: /^(?![0-9]+$)[a-zA-Z0-9_-]{1,128}$/,
  /** Hex characters of the SHA-256 of the connector name appended to the slug (64 bits). */
  HASH_LENGTH: 16,
  /** Slug used when a connector name has no character allowed in an alias. */
  EMPTY_SLUG: 'connector',
} as const;
