/**
 * The example's polls app (Django's tutorial) end to end: migrations applied to a fresh
 * SQLite file, the app's `seed` command, then the views through the real handler.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apps } from 'reinhardt/apps'
import { configure } from 'reinhardt/conf'
import { BaseHandler } from 'reinhardt/core'
import { connections } from 'reinhardt/db'
import { Client } from 'reinhardt/test'
import { migrate } from '../src/cli/commands/migrate.js'
import { Choice, Question } from '../example/polls/models.js'
import { seed } from '../example/polls/commands/seed.js'
import settings from '../example/settings.js'

const dir = mkdtempSync(join(tmpdir(), 'reinhardt-polls-'))
let client: Client
let output = ''
const sink = new Writable({
  write(chunk, _encoding, done) {
    output += String(chunk)
    done()
  },
})

beforeAll(async () => {
  const configured = configure({
    ...settings,
    DEBUG: false,
    ALLOWED_HOSTS: ['testserver'],
    DATABASES: { default: { ENGINE: 'sqlite', NAME: join(dir, 'db.sqlite3') } },
  })
  apps.reset({ keepModels: true })
  await apps.populate(configured.INSTALLED_APPS)
  expect(await migrate({}, { stdout: sink, stderr: sink })).toBe(0)
  const context = { stdout: sink, stderr: sink, cwd: dir, programName: 'reinhardt' }
  await seed.run({ positionals: [], values: {} }, context)
  client = new Client({ handler: new BaseHandler(configured), raiseRequestException: true })
})

afterAll(async () => {
  await connections.closeAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('example polls app', () => {
  it('migrated the schema and seeded questions once', async () => {
    expect(output).toContain('Applying polls.0001_initial... OK')
    expect(await Question.objects.count()).toBe(2)
    const context = { stdout: sink, stderr: sink, cwd: dir, programName: 'reinhardt' }
    await seed.run({ positionals: [], values: {} }, context)
    expect(await Question.objects.count()).toBe(2)
  })

  it('lists questions and shows one with its choices', async () => {
    const index = await client.get('/polls/')
    expect(index.statusCode).toBe(200)
    const html = await index.text()
    expect(html).toContain('What&#x27;s new?')
    const question = await Question.objects.get({ questionText: "What's new?" })
    const detail = await client.get(`/polls/${question.pk}/`)
    expect(detail.templates.map((t) => t.name)).toContain('polls/detail.html')
    const page = await detail.text()
    expect(page.match(/type="radio"/g)).toHaveLength(3)
    expect((await client.get('/polls/999/')).statusCode).toBe(404)
  })

  it('counts a vote with an F() update and redirects to the results', async () => {
    const question = await Question.objects.get({ questionText: "What's new?" })
    const choice = await Choice.objects.get({ question: question.pk, choiceText: 'The sky' })
    const response = await client.post(`/polls/${question.pk}/vote/`, { choice: String(choice.pk) })
    expect(response.statusCode).toBe(302)
    expect(response.getHeader('Location')).toBe(`/polls/${question.pk}/results/`)
    await client.post(`/polls/${question.pk}/vote/`, { choice: String(choice.pk) })
    await choice.refreshFromDb()
    expect(choice.votes).toBe(2)
    const results = await (await client.get(`/polls/${question.pk}/results/`)).text()
    expect(results).toContain('The sky -- 2 votes')
  })

  it('refuses a vote without a valid choice or with GET', async () => {
    const question = await Question.objects.get({ questionText: "What's new?" })
    const other = await Question.objects.exclude({ pk: question.pk }).get()
    const foreign = await other.choiceSet.first()
    const missing = await client.post(`/polls/${question.pk}/vote/`, {})
    expect(missing.statusCode).toBe(400)
    expect(await missing.text()).toContain('You didn&#x27;t select a choice.')
    const wrongQuestion = await client.post(`/polls/${question.pk}/vote/`, {
      choice: String(foreign!.pk),
    })
    expect(wrongQuestion.statusCode).toBe(400)
    expect((await client.get(`/polls/${question.pk}/vote/`)).statusCode).toBe(405)
  })
})
