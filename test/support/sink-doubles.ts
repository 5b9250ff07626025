// In-memory adapters of the sink's ports for unit tests: an AEP sender whose answers a test scripts, a dead letter
// queue that keeps what it is given, a logger that records lines.
import type {
  AepDelivery,
  AepMessage,
  AepSender,
  DeliveryOptions,
  MessageOutcome,
} from '../../shared/aep/types.ts';
import { DeadLetterQueueError } from '../../shared/dead-letter/index.ts';
import type { DeadLetterEntry, DeadLetterQueue } from '../../shared/dead-letter/types.ts';
import type { Logger } from '../../shared/logging/index.ts';

/** A sender that answers each message with `answer(message)` (default: accepted) and keeps every message sent. */
export class ScriptedSender implements AepSender {
  readonly sent: string[] = [];
  readonly calls: number[] = [];
  readonly options: DeliveryOptions[] = [];
  closed = false;
  readonly #answer: (message: string) => MessageOutcome;

  constructor(answer: (message: string) => MessageOutcome = () => ({ ok: true })) {
    this.#answer = answer;
  }

  /** Answers every message at the end, as one call. */
  open(options: DeliveryOptions): AepDelivery {
    const messages: AepMessage[] = [];
    return {
      add: (more) => {
        messages.push(...more);
      },
      end: () => this.send(messages, options),
    };
  }

  async send(messages: readonly AepMessage[], options: DeliveryOptions): Promise<MessageOutcome[]> {
    const texts = messages.map((m) => (typeof m === 'string' ? m : Buffer.from(m).toString('utf8')));
    this.calls.push(texts.length);
    this.options.push(options);
    this.sent.push(...texts);
    return texts.map((m) => this.#answer(m));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A dead letter queue that keeps entries, or fails every send when `failing` is set. */
export class MemoryDeadLetterQueue implements DeadLetterQueue {
  readonly destination = 'memory';
  readonly entries: DeadLetterEntry[] = [];
  failing = false;
  closed = false;

  async send(entries: readonly DeadLetterEntry[]): Promise<void> {
    if (this.failing) throw new DeadLetterQueueError(this.destination, 'unreachable');
    this.entries.push(...entries);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A logger that records `level: message` lines, and each call's attributes. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  readonly attributes: Array<Record<string, unknown> | undefined> = [];
  debug(message: string, attributes?: Record<string, unknown>): void {
    this.#log('debug', message, attributes);
  }
  info(message: string, attributes?: Record<string, unknown>): void {
    this.#log('info', message, attributes);
  }
  warn(message: string, attributes?: Record<string, unknown>): void {
    this.#log('warn', message, attributes);
  }
  error(message: string, attributes?: Record<string, unknown>): void {
    this.#log('error', message, attributes);
  }
  #log(level: string, message: string, attributes: Record<string, unknown> | undefined): void {
    this.lines.push(`${level}: ${message}`);
    this.attributes.push(attributes);
  }
}
