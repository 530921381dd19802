import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  InteractiveQuestioner,
  NonInteractiveQuestioner,
  parseRenameHint,
  QuestionerAbort,
} from './questioner.js'

function terminal(lines: string[]) {
  const input = new PassThrough()
  const output = new PassThrough()
  let written = ''
  output.on('data', (chunk: Buffer) => (written += chunk.toString()))
  input.end(lines.map((line) => `${line}\n`).join(''))
  return { input, output, written: () => written }
}

describe('parseRenameHint', () => {
  it('reads model and field renames', () => {
    expect(parseRenameHint('polls.Question=Poll')).toEqual({
      appLabel: 'polls',
      modelName: 'Question',
      newName: 'Poll',
    })
    expect(parseRenameHint('polls.Question.pubDate=publishedAt')).toEqual({
      appLabel: 'polls',
      modelName: 'Question',
      fieldName: 'pubDate',
      newName: 'publishedAt',
    })
  })

  it('rejects anything else with the expected format', () => {
    expect(() => parseRenameHint('polls.Question')).toThrow(/app\.Model=NewModel/)
    expect(() => parseRenameHint('a.b.c.d=e')).toThrow(/Bad --rename/)
    expect(() => parseRenameHint('polls.Q=1x')).toThrow(/Bad --rename/)
  })
})

describe('NonInteractiveQuestioner', () => {
  const questioner = new NonInteractiveQuestioner([
    parseRenameHint('polls.Question.pubDate=published'),
  ])

  it('says yes only to hinted renames', async () => {
    expect(await questioner.askRenameField('polls', 'question', 'pubDate', 'published')).toBe(true)
    expect(await questioner.askRenameField('polls', 'question', 'pubDate', 'other')).toBe(false)
    expect(await questioner.askRenameModel('polls', 'Question', 'Poll')).toBe(false)
  })

  it('refuses to invent a value for a new NOT NULL column', async () => {
    await expect(questioner.askNotNullAddition('polls', 'Question', 'votes')).rejects.toThrow(
      QuestionerAbort,
    )
    expect(await questioner.askNotNullAlteration('polls', 'Question', 'votes')).toBeUndefined()
  })
})

describe('InteractiveQuestioner', () => {
  it('asks until it gets yes or no, and reads answers as JSON', async () => {
    const io = terminal(['maybe', 'y', 'not json', '42'])
    const questioner = new InteractiveQuestioner(io)
    expect(await questioner.askRenameField('polls', 'Question', 'a', 'b')).toBe(true)
    expect(await questioner.askNotNullAddition('polls', 'Question', 'votes')).toBe(42)
    questioner.close()
    expect(io.written()).toContain("Please answer 'y' or 'n'.")
    expect(io.written()).toContain("'not json' is not valid JSON")
  })

  it('defaults to no and stops on quit or end of input', async () => {
    const io = terminal(['', 'quit'])
    const questioner = new InteractiveQuestioner(io)
    expect(await questioner.askRenameModel('polls', 'A', 'B')).toBe(false)
    await expect(questioner.askNotNullAddition('polls', 'A', 'x')).rejects.toThrow(/Stopped/)
    await expect(questioner.askRenameModel('polls', 'A', 'B')).rejects.toThrow(/Input ended/)
    questioner.close()
  })
})
