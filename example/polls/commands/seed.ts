/**
 * `reinhardt seed`: adds the tutorial's sample questions when there are none (an app
 * command, found through INSTALLED_APPS like Django's management commands).
 */
import { defineCommand } from 'reinhardt/cli'
import { Question } from '../models.js'

const SAMPLES: [string, string[]][] = [
  ["What's new?", ['Not much', 'The sky', 'Just hacking again']],
  ['Which lifecycle stage do you debug most?', ['Middleware', 'URL resolver', 'Templates']],
]

export const seed = defineCommand({
  help: 'Adds sample poll questions when the database has none.',
  options: { force: { type: 'boolean', help: 'add them even when questions exist' } },
  async run({ values }, { stdout }) {
    if (values.force !== true && (await Question.objects.exists())) {
      stdout.write('Questions exist already; nothing added.\n')
      return 0
    }
    for (const [questionText, choices] of SAMPLES) {
      const question = await Question.objects.create({ questionText, pubDate: new Date() })
      for (const choiceText of choices) await question.choiceSet.create({ choiceText })
    }
    stdout.write(`Added ${SAMPLES.length} questions.\n`)
    return 0
  },
})
