import { BigAutoField, CharField, DateTimeField, ForeignKey, IntegerField } from 'reinhardt/db'
import { CreateModel, Migration } from 'reinhardt/db/migrations'

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    new CreateModel({
      name: 'Question',
      fields: [
        ['id', new BigAutoField()],
        ['questionText', new CharField({ maxLength: 200 })],
        ['pubDate', new DateTimeField({ verboseName: 'date published' })],
      ],
      options: { ordering: ['-pubDate'], getLatestBy: 'pubDate' },
    }),
    new CreateModel({
      name: 'Choice',
      fields: [
        ['id', new BigAutoField()],
        ['question', new ForeignKey({ to: 'polls.Question', onDelete: 'CASCADE' })],
        ['choiceText', new CharField({ maxLength: 200 })],
        ['votes', new IntegerField({ default: 0 })],
      ],
    }),
  ],
})
