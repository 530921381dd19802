/** The tutorial's four views: index, detail, results, vote. */
import { F } from 'reinhardt/db'
import { HttpResponseRedirect, type HttpRequest } from 'reinhardt/http'
import { getObjectOr404, render } from 'reinhardt/shortcuts'
import { reverse } from 'reinhardt/urls'
import { requirePOST } from 'reinhardt/views'
import { Choice, Question } from './models.js'

export async function index(request: HttpRequest) {
  const latestQuestionList = await Question.objects
    .filter({ pubDate__lte: new Date() })
    .orderBy('-pubDate')
    .slice(0, 5)
  return render(request, 'polls/index.html', { latestQuestionList })
}

export async function detail(request: HttpRequest, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId })
  return render(request, 'polls/detail.html', { question })
}

export async function results(request: HttpRequest, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId })
  return render(request, 'polls/results.html', { question })
}

export const vote = requirePOST(async function vote(
  request: HttpRequest,
  { questionId }: { questionId: number },
) {
  const question = await getObjectOr404(Question, { pk: questionId })
  const choiceId = Number(request.POST.get('choice'))
  const updated = Number.isInteger(choiceId)
    ? await Choice.objects
        .filter({ pk: choiceId, question: question.pk })
        .update({ votes: F('votes').add(1) })
    : 0
  if (updated === 0) {
    return render(
      request,
      'polls/detail.html',
      { question, errorMessage: "You didn't select a choice." },
      { status: 400 },
    )
  }
  // Redirect after a successful POST so that Back does not vote twice.
  return new HttpResponseRedirect(reverse('polls:results', { args: [question.pk] }))
})
