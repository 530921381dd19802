/** Views of the example app: one per feature of the core lifecycle. */
import { PermissionDenied } from 'reinhardt/core'
import {
  FileResponse,
  Http404,
  HttpResponse,
  JsonResponse,
  StreamingHttpResponse,
  type HttpRequest,
} from 'reinhardt/http'
import { redirect } from 'reinhardt/shortcuts'
import { reverse } from 'reinhardt/urls'
import { View, requirePOST } from 'reinhardt/views'
import { escape as escapeHtml } from 'reinhardt/template'

const ARTICLES = new Map([
  [2024, ['Typed URLconfs', 'Lazy requests']],
  [2025, ['Streaming responses']],
])

function page(title: string, body: string): HttpResponse {
  return new HttpResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}` +
      `code{background:#f3f3f3;padding:0 .2em}</style></head><body>${body}</body></html>`,
  )
}

export function index(request: HttpRequest) {
  const visits = Number(request.COOKIES.visits ?? '0') + 1
  const links = [
    [reverse('articles:year', { kwargs: { year: 2024 } }), 'Articles of 2024 (path converter int)'],
    [reverse('articles:year', { kwargs: { year: 1999 } }), 'Articles of 1999 (Http404)'],
    [reverse('api-item', { kwargs: { id: 7 } }), 'JSON API'],
    [reverse('hello', { kwargs: { name: 'Ada Lovelace' } }), 'Class-based view'],
    [reverse('stream'), 'Streaming response'],
    [reverse('source'), 'File response (this view module)'],
    [reverse('old-home'), 'RedirectView to this page'],
    [reverse('forbidden'), 'PermissionDenied → 403'],
    [reverse('crash'), 'A view that throws → 500'],
  ]
  const response = page(
    'reinhardt example',
    `<h1>reinhardt example</h1><p>You have visited ${visits} time(s) (a cookie).</p><ul>` +
      links
        .map(([href, text]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`)
        .join('') +
      `</ul><h2>Forms and uploads</h2>` +
      `<form method="post" action="${reverse('contact')}" enctype="multipart/form-data">` +
      `<p><input name="name" placeholder="Your name" required> <input type="file" name="attachment"></p>` +
      `<p><button>Send</button></p></form>`,
  )
  response.setCookie('visits', String(visits), { maxAge: 3600, sameSite: 'Lax', httpOnly: true })
  return response
}

export function yearArchive(_request: HttpRequest, { year }: { year: number }) {
  const titles = ARTICLES.get(year)
  if (!titles) throw new Http404(`No articles in ${year}`)
  return page(
    `Articles of ${year}`,
    `<h1>${year}</h1><ul>${titles.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`,
  )
}

export function apiItem(request: HttpRequest, { id }: { id: number }) {
  return new JsonResponse({ id, fields: request.GET.getlist('field'), path: request.path })
}

export class Hello extends View {
  async get(_request: HttpRequest, { name }: { name: string }) {
    return page('Hello', `<h1>Hello, ${escapeHtml(name)}!</h1><p>Served by a class-based view.</p>`)
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
  return page(
    'Thanks',
    `<p>${escapeHtml(request.GET.get('note') ?? 'Thanks!')}</p><p><a href="/">Back</a></p>`,
  )
}

export function forbidden(): never {
  throw new PermissionDenied('Members only')
}

export function crash(): never {
  throw new Error('This view fails on purpose.')
}
