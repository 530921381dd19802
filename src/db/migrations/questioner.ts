/**
 * Questions `makemigrations` cannot answer from the models alone (Django's
 * MigrationQuestioner): was a field or model renamed, or removed and another added? What
 * value should existing rows get for a new NOT NULL column?
 *
 * Answers come first from `--rename` flags, then from the user when the command runs on a
 * terminal, and otherwise from safe defaults: no rename (a remove plus an add), and an
 * error for a NOT NULL column without a default, since guessing a value for existing rows
 * would silently write data.
 */
import { createInterface } from 'node:readline/promises'
import type { Readable, Writable } from 'node:stream'

/** `makemigrations` must stop; the message says what the user has to decide. */
export class QuestionerAbort extends Error {
  override name = 'QuestionerAbort'
}

/** A rename given on the command line: `app.Model=NewModel` or `app.Model.old=new`. */
export interface RenameHint {
  readonly appLabel: string
  readonly modelName: string
  /** Old field name; absent for a model rename. */
  readonly fieldName?: string
  readonly newName: string
}

/** Parses `--rename` values; throws with the expected format on a malformed one. */
export function parseRenameHint(text: string): RenameHint {
  const match = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?=([A-Za-z_]\w*)$/.exec(text)
  if (match === null) {
    throw new Error(
      `Bad --rename '${text}': use app.Model=NewModel for a model or app.Model.oldField=newField ` +
        'for a field.',
    )
  }
  const [, appLabel, modelName, fieldName, newName] = match
  return fieldName === undefined
    ? { appLabel: appLabel!, modelName: modelName!, newName: newName! }
    : { appLabel: appLabel!, modelName: modelName!, fieldName, newName: newName! }
}

export interface MigrationQuestioner {
  /** Was model `app.oldName` renamed to `newName`? */
  askRenameModel(appLabel: string, oldName: string, newName: string): Promise<boolean>
  /** Was field `oldName` of `app.model` renamed to `newName`? */
  askRenameField(
    appLabel: string,
    modelName: string,
    oldName: string,
    newName: string,
  ): Promise<boolean>
  /**
   * A NOT NULL field without a default is added to an existing model: the value to fill
   * existing rows with (used once, not kept as the field's default).
   */
  askNotNullAddition(appLabel: string, modelName: string, fieldName: string): Promise<unknown>
  /**
   * A nullable field becomes NOT NULL: a value for rows that hold NULL, or `undefined` to
   * leave them (the migration then fails if any NULL remains).
   */
  askNotNullAlteration(appLabel: string, modelName: string, fieldName: string): Promise<unknown>
  /** Releases the terminal once makemigrations is done asking. */
  close?(): void
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** Answers from `--rename` hints only; used without a terminal or with `--noinput`. */
export class NonInteractiveQuestioner implements MigrationQuestioner {
  constructor(protected readonly renames: readonly RenameHint[] = []) {}

  protected hinted(appLabel: string, model: string, field: string | undefined, to: string) {
    return this.renames.some(
      (hint) =>
        hint.appLabel === appLabel &&
        sameName(hint.modelName, model) &&
        (field === undefined
          ? hint.fieldName === undefined
          : hint.fieldName !== undefined && hint.fieldName === field) &&
        (field === undefined ? sameName(hint.newName, to) : hint.newName === to),
    )
  }

  async askRenameModel(appLabel: string, oldName: string, newName: string): Promise<boolean> {
    return this.hinted(appLabel, oldName, undefined, newName)
  }

  async askRenameField(appLabel: string, model: string, oldName: string, newName: string) {
    return this.hinted(appLabel, model, oldName, newName)
  }

  async askNotNullAddition(
    appLabel: string,
    modelName: string,
    fieldName: string,
  ): Promise<unknown> {
    throw new QuestionerAbort(
      `It is impossible to add the non-nullable field '${fieldName}' to ${appLabel}.` +
        `${modelName} without a default: existing rows need a value. Give the field a ` +
        'default, make it nullable (null: true), or run makemigrations on a terminal to ' +
        'enter a one-off value.',
    )
  }

  async askNotNullAlteration(
    _appLabel: string,
    _modelName: string,
    _fieldName: string,
  ): Promise<unknown> {
    // Django's choice: alter anyway; the migration fails if NULLs remain, nothing is guessed.
    return undefined
  }

  close(): void {}
}

/** Asks on a terminal; `--rename` hints still answer rename questions without asking. */
export class InteractiveQuestioner extends NonInteractiveQuestioner {
  readonly #input: Readable
  readonly #output: Writable

  constructor(options: { input: Readable; output: Writable; renames?: readonly RenameHint[] }) {
    super(options.renames)
    this.#input = options.input
    this.#output = options.output
  }

  #lines: AsyncIterator<string> | null = null
  #close: (() => void) | null = null

  /** Reads the next answer line; one reader for the whole session keeps buffered input. */
  async #ask(question: string): Promise<string> {
    if (this.#lines === null) {
      const rl = createInterface({ input: this.#input, terminal: false })
      this.#lines = rl[Symbol.asyncIterator]()
      this.#close = () => rl.close()
    }
    this.#output.write(question)
    const next = await this.#lines.next()
    if (next.done === true) {
      throw new QuestionerAbort('Input ended before the question was answered.')
    }
    return next.value.trim()
  }

  /** Releases the terminal; call when makemigrations is done asking. */
  override close(): void {
    this.#close?.()
    this.#lines = null
    this.#close = null
  }

  async #yesNo(question: string): Promise<boolean> {
    for (;;) {
      const answer = (await this.#ask(`${question} [y/N] `)).toLowerCase()
      if (answer === '' || answer === 'n' || answer === 'no') return false
      if (answer === 'y' || answer === 'yes') return true
      this.#output.write("Please answer 'y' or 'n'.\n")
    }
  }

  override async askRenameModel(appLabel: string, oldName: string, newName: string) {
    if (await super.askRenameModel(appLabel, oldName, newName)) return true
    return this.#yesNo(`Was the model ${appLabel}.${oldName} renamed to ${newName}?`)
  }

  override async askRenameField(appLabel: string, model: string, oldName: string, newName: string) {
    if (await super.askRenameField(appLabel, model, oldName, newName)) return true
    return this.#yesNo(`Was ${model}.${oldName} renamed to ${model}.${newName}?`)
  }

  async #oneOffDefault(intro: string, allowLeave: boolean): Promise<unknown> {
    this.#output.write(
      `${intro}\n` +
        'Enter a one-off value as JSON (e.g. 0, "draft", true, null)' +
        (allowLeave ? ', an empty line to leave existing NULLs,' : '') +
        " or 'quit' to stop and edit the model.\n",
    )
    for (;;) {
      const answer = await this.#ask('>>> ')
      if (answer === 'quit' || answer === 'exit' || answer === 'q') {
        throw new QuestionerAbort('Stopped: edit the model and run makemigrations again.')
      }
      if (answer === '') {
        if (allowLeave) return undefined
        continue
      }
      try {
        return JSON.parse(answer) as unknown
      } catch {
        this.#output.write(`'${answer}' is not valid JSON; try again.\n`)
      }
    }
  }

  override async askNotNullAddition(appLabel: string, modelName: string, fieldName: string) {
    return this.#oneOffDefault(
      `You are adding the non-nullable field '${fieldName}' to ${appLabel}.${modelName} ` +
        'without a default; existing rows need a value.',
      false,
    )
  }

  override async askNotNullAlteration(appLabel: string, modelName: string, fieldName: string) {
    return this.#oneOffDefault(
      `You are making ${appLabel}.${modelName}.${fieldName} non-nullable; rows that hold ` +
        'NULL need a value.',
      true,
    )
  }
}
