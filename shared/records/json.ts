// JSON text that should hold an object (AEP's answers, header maps in connector configs).

/**
 * `text` parsed, when it is a JSON object; undefined when it is not JSON or is another JSON value.
 *
 * @example
 * parseJsonObject('[1]'); // undefined
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
