/**
 * What a contract case file receives from the parameterised suite (../contract.ts): the
 * backend under test and its default connection. Case files register `describe` blocks when
 * called; the suite has created the tables and empties them before each test.
 */
import type { DatabaseWrapper } from '../../../src/db/index.js'
import type { TestBackend } from '../backends.js'
import { Question } from '../polls-models.js'

export interface ContractContext {
  readonly backend: TestBackend
  /** The 'default' connection (available once the suite's beforeAll ran). */
  db(): DatabaseWrapper
}

export type ContractCases = (context: ContractContext) => void

/** Noon UTC on an ISO date. */
export const day = (iso: string): Date => new Date(`${iso}T12:00:00Z`)

/** A question with two choices ('Not much': 1 vote, 'The sky': 3 votes). */
export async function poll(text = 'What is up?', when = day('2024-05-01')): Promise<Question> {
  const question = await Question.objects.create({ questionText: text, pubDate: when })
  await question.choiceSet.create({ choiceText: 'Not much', votes: 1 })
  await question.choiceSet.create({ choiceText: 'The sky', votes: 3 })
  return question
}
