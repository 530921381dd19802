/**
 * Runs the example project on http://127.0.0.1:8000 (`npm start`).
 * PORT and HOST override the address; REINHARDT_DEBUG=0 turns the technical pages off.
 */
import { configure } from 'reinhardt/conf'
import { BaseHandler } from 'reinhardt/core'
import { serve } from 'reinhardt/http/node'
import { settings } from './settings.js'

configure(settings)
const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? 8000)
const { url } = await serve(new BaseHandler(), { host, port })
console.log(`reinhardt example serving on ${url}/ (Ctrl-C to stop)`)
