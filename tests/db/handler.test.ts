/**
 * The ORM through the real handler (test Client): getObjectOr404 / getListOr404 in views,
 * and ATOMIC_REQUESTS committing a view's writes, rolling them back when the view fails,
 * and leaving nonAtomicRequests views alone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { configure, getSettings, resetSettings } from '../../src/conf/settings.js'
import { connections, inAtomicBlock } from '../../src/db/index.js'
import { nonAtomicRequests } from '../../src/db/atomic-requests.js'
import type { HttpRequest } from '../../src/http/request.js'
import { JsonResponse } from '../../src/http/json-response.js'
import { getListOr404, getObjectOr404 } from '../../src/shortcuts.js'
import { Client } from '../../src/test/client.js'
import { path } from '../../src/urls/index.js'
import { allModels, Author, Tag } from './polls-models.js'

const urlpatterns = [
  path('authors/<int:id>/', async (_request: HttpRequest, { id }: { id: number }) => {
    const author = await getObjectOr404(Author, { pk: id })
    return new JsonResponse({ name: author.name })
  }),
  path('named/<str:name>/', async (_request: HttpRequest, { name }: { name: string }) => {
    const author = await getObjectOr404(Author.objects.filter({ email__isnull: false }), { name })
    return new JsonResponse({ name: author.name })
  }),
  path('tags/<str:prefix>/', async (_request: HttpRequest, { prefix }: { prefix: string }) => {
    const tags = await getListOr404(Tag.objects.orderBy('name'), { name__startswith: prefix })
    return new JsonResponse({ tags: tags.map((t) => t.name) })
  }),
  path('create-then-fail/', async () => {
    await Tag.objects.create({ name: 'rolled-back' })
    throw new Error('view failed after writing')
  }),
  path('create/', async () => {
    await Tag.objects.create({ name: 'committed' })
    return new JsonResponse({ atomic: inAtomicBlock() })
  }),
  path(
    'non-atomic/',
    nonAtomicRequests(async () => {
      await Tag.objects.create({ name: 'kept-without-transaction' })
      if (!inAtomicBlock()) throw new Error('fails outside a transaction')
      return new JsonResponse({})
    }),
  ),
]

describe('models through the handler', () => {
  let client: Client

  beforeAll(async () => {
    configure({
      ROOT_URLCONF: { urlpatterns },
      DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:', ATOMIC_REQUESTS: true } },
    })
    await connections.get().schemaEditor(async (editor) => {
      for (const model of allModels) await editor.createModel(model)
    })
    client = new Client({ settings: getSettings(), raiseRequestException: false })
  })

  afterAll(async () => {
    await connections.closeAll()
    resetSettings()
  })

  beforeEach(async () => {
    await Tag.objects.all().delete()
    await Author.objects.all().delete()
  })

  it('getObjectOr404 returns the object, or a 404 for a missing pk', async () => {
    const ada = await Author.objects.create({ name: 'Ada', email: 'ada@example.com' })
    const found = await client.get(`/authors/${ada.pk}/`)
    expect(found.statusCode).toBe(200)
    expect(await found.json()).toEqual({ name: 'Ada' })
    expect((await client.get(`/authors/${Number(ada.pk) + 100}/`)).statusCode).toBe(404)
  })

  it('getObjectOr404 takes a QuerySet and getListOr404 404s on an empty list', async () => {
    await Author.objects.create({ name: 'NoMail' })
    await Author.objects.create({ name: 'Mail', email: 'm@example.com' })
    expect((await client.get('/named/NoMail/')).statusCode).toBe(404)
    expect(await (await client.get('/named/Mail/')).json()).toEqual({ name: 'Mail' })
    await Tag.objects.bulkCreate([
      new Tag({ name: 'b1' }),
      new Tag({ name: 'a1' }),
      new Tag({ name: 'a2' }),
    ])
    expect(await (await client.get('/tags/a/')).json()).toEqual({ tags: ['a1', 'a2'] })
    expect((await client.get('/tags/z/')).statusCode).toBe(404)
  })

  it('ATOMIC_REQUESTS commits a successful view and rolls back a failing one', async () => {
    const ok = await client.get('/create/')
    expect(await ok.json()).toEqual({ atomic: true })
    const failed = await client.get('/create-then-fail/')
    expect(failed.statusCode).toBe(500)
    expect(await Tag.objects.orderBy('name').valuesList(['name'], { flat: true })).toEqual([
      'committed',
    ])
  })

  it('nonAtomicRequests views run outside the transaction', async () => {
    expect((await client.get('/non-atomic/')).statusCode).toBe(500)
    expect(await Tag.objects.filter({ name: 'kept-without-transaction' }).exists()).toBe(true)
  })
})
