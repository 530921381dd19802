/**
 * System check messages (Django's django.core.checks.messages). A check returns a list of
 * these; each has a stable `id` (e.g. 'security.W004') that SILENCED_SYSTEM_CHECKS names.
 */
export const DEBUG = 10
export const INFO = 20
export const WARNING = 30
export const ERROR = 40
export const CRITICAL = 50

export type CheckLevel =
  typeof DEBUG | typeof INFO | typeof WARNING | typeof ERROR | typeof CRITICAL

const LEVEL_NAMES: Record<CheckLevel, string> = {
  [DEBUG]: 'DEBUG',
  [INFO]: 'INFO',
  [WARNING]: 'WARNING',
  [ERROR]: 'ERROR',
  [CRITICAL]: 'CRITICAL',
}

export interface CheckMessageOptions {
  /** How to fix it, shown under the message. */
  hint?: string
  /** What the message is about (a setting name, a URL pattern, a model), shown before it. */
  obj?: unknown
  /** Stable id, '<area>.<E|W|I|C|D><number>'. */
  id: string
}

export class CheckMessage {
  readonly hint: string | undefined
  readonly obj: unknown
  readonly id: string

  constructor(
    readonly level: CheckLevel,
    readonly msg: string,
    options: CheckMessageOptions,
  ) {
    this.hint = options.hint
    this.obj = options.obj
    this.id = options.id
  }

  /** Name of the level ('ERROR', 'WARNING', …). */
  get levelName(): string {
    return LEVEL_NAMES[this.level]
  }

  /** Errors and criticals stop `check` and the servers (Django's is_serious). */
  isSerious(level: CheckLevel = ERROR): boolean {
    return this.level >= level
  }

  /** True when SILENCED_SYSTEM_CHECKS lists this id. */
  isSilenced(silenced: readonly string[]): boolean {
    return silenced.includes(this.id)
  }

  /** `obj: (id) msg` plus the hint, as the `check` command prints it. */
  toString(): string {
    const obj = this.obj === undefined || this.obj === null ? '?' : describeObject(this.obj)
    const hint = this.hint === undefined ? '' : `\n\tHINT: ${this.hint}`
    return `${obj}: (${this.id}) ${this.msg}${hint}`
  }
}

function describeObject(obj: unknown): string {
  if (typeof obj === 'string') return obj
  if (typeof obj === 'function') return obj.name || '(anonymous function)'
  if (typeof obj === 'object' && obj !== null && 'toString' in obj) {
    const text = String(obj)
    if (text !== '[object Object]') return text
  }
  return Object.prototype.toString.call(obj)
}

export class CheckDebug extends CheckMessage {
  constructor(msg: string, options: CheckMessageOptions) {
    super(DEBUG, msg, options)
  }
}
export class CheckInfo extends CheckMessage {
  constructor(msg: string, options: CheckMessageOptions) {
    super(INFO, msg, options)
  }
}
export class CheckWarning extends CheckMessage {
  constructor(msg: string, options: CheckMessageOptions) {
    super(WARNING, msg, options)
  }
}
export class CheckError extends CheckMessage {
  constructor(msg: string, options: CheckMessageOptions) {
    super(ERROR, msg, options)
  }
}
export class CheckCritical extends CheckMessage {
  constructor(msg: string, options: CheckMessageOptions) {
    super(CRITICAL, msg, options)
  }
}
