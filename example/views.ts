/** Views of the example project: one per feature of the lifecycle. */
import { PermissionDenied } from 'reinhardt/core'
import {
  FileResponse,
  Http404,
  HttpResponse,
  JsonResponse,
  StreamingHttpResponse,
  type HttpRequest,
} from 'reinhardt/http'
import { redirect, render } from 'reinhardt/shortcuts'
import { reverse } from 'reinhardt/urls'
import { View, requirePOST } from 'reinhardt/views'

const ARTICLES = new Map([
  [2024, ['Typed URLconfs', 'Lazy requests']],
  [2025, ['Streaming responses']],
])

export async function index(request: HttpRequest) {
  const visits = Number(request.COOKIES.visits ?? '0') + 1
  const response = await render(request, 'index.html', { visits })
  response.setCookie('visits', String(visits), { maxAge: 3600, sameSite: 'Lax', httpOnly: true })
  return response
}

export function yearArchive(request: HttpRequest, { year }: { year: number }) {
  const titles = ARTICLES.get(year)
  if (!titles) throw new Http404(`No articles in ${year}`)
  return render(request, 'articles/year_archive.html', { year, titles })
}

export function apiItem(request: HttpRequest, { id }: { id: number }) {
  return new JsonResponse({ id, fields: request.GET.getlist('field'), path: request.path })
}

export class Hello extends View {
  async get(request: HttpRequest, { name }: { name: string }) {
    return render(request, 'message.html', {
      title: 'Hello',
      heading: `Hello, ${name}!`,
      message: 'Served by a class-based view.',
    })
  }
}

export function stream(_request: HttpRequest) {
  async function* lines() {
    for (let i = 1; i <= 5; i++) {
      yield `line ${i}\n`
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return new StreamingHttpResponse(lines(), { contentType: 'text/plain; charset=utf-8' })
}

export function source(_request: HttpRequest) {
  return FileResponse.open(new URL('./views.ts', import.meta.url).pathname, {
    contentType: 'text/plain; charset=utf-8',
  })
}

export const contact = requirePOST(async function contact(request: HttpRequest) {
  const name = request.POST.get('name') ?? ''
  const attachment = request.FILES.get('attachment')
  if (!name.trim())
    return new HttpResponse('A name is required.', { status: 400, contentType: 'text/plain' })
  const note =
    attachment && attachment.size > 0 ? ` and ${attachment.size} bytes in ${attachment.name}` : ''
  return redirect(
    `${reverse('thanks')}?${new URLSearchParams({ note: `Thanks, ${name}${note}.` })}`,
  )
})

export function thanks(request: HttpRequest) {
  return render(request, 'message.html', {
    title: 'Thanks',
    heading: 'Thanks',
    message: request.GET.get('note') ?? 'Thanks!',
    back: true,
  })
}

export function forbidden(): never {
  throw new PermissionDenied('Members only')
}

export function crash(): never {
  throw new Error('This view fails on purpose.')
}
