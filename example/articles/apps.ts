/** The articles app: its templates live in ./templates/articles/. */
import { defineApp } from 'reinhardt/apps'

export default defineApp({ name: 'articles', path: import.meta.dirname })
