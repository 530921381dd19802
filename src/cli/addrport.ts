/**
 * Parses runserver's and serve's `[ADDR:]PORT` argument the way Django's runserver does:
 * `8000`, `0.0.0.0:8000`, `localhost:8000`, `[::1]:8000`, and `0:8000` as shorthand for
 * `0.0.0.0:8000`. Port 0 asks the OS for a free port.
 */
import { isIPv4, isIPv6 } from 'node:net'
import { UsageError, type CommandOption, type ParsedArguments } from './command.js'

export interface AddrPort {
  /** Address to bind (IPv6 without brackets). */
  readonly host: string
  readonly port: number
  /** Address as shown in a URL (IPv6 in brackets). */
  readonly displayHost: string
}

const ADDRPORT = /^(?:(?<addr>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(?<port>[^:]+)$/
const FQDN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/

/** Parses `text` (undefined gives the default address and port). */
export function parseAddrport(
  text: string | undefined,
  options: { ipv6?: boolean; defaultPort?: number } = {},
): AddrPort {
  const defaultHost = options.ipv6 === true ? '::1' : '127.0.0.1'
  if (text === undefined) return make(defaultHost, options.defaultPort ?? 8000)
  const match = ADDRPORT.exec(text)
  if (match === null) {
    throw new UsageError(`"${text}" is not a valid port number or address:port pair.`)
  }
  const portText = match.groups!.port!
  if (!/^\d+$/.test(portText)) throw new UsageError(`"${portText}" is not a valid port number.`)
  const port = Number(portText)
  if (port > 65535) throw new UsageError(`"${portText}" is not a valid port number (0–65535).`)
  let addr = match.groups!.addr
  if (addr === undefined) return make(defaultHost, port)
  if (addr.startsWith('[')) {
    addr = addr.slice(1, -1)
    if (!isIPv6(addr)) throw new UsageError(`"${addr}" is not a valid IPv6 address.`)
    return make(addr, port)
  }
  if (addr === '0') return make('0.0.0.0', port)
  if (/^[\d.]+$/.test(addr)) {
    if (!isIPv4(addr)) throw new UsageError(`"${addr}" is not a valid IPv4 address.`)
    return make(addr, port)
  }
  if (options.ipv6 === true) {
    throw new UsageError(`"${addr}": with --ipv6 the address must be an IPv6 address like [::1].`)
  }
  if (!FQDN.test(addr)) throw new UsageError(`"${addr}" is not a valid host name.`)
  return make(addr, port)
}

function make(host: string, port: number): AddrPort {
  return { host, port, displayHost: host.includes(':') ? `[${host}]` : host }
}

/** The address options runserver and serve share. */
export const addressOptions = {
  ipv6: { type: 'boolean', short: '6', help: 'Use an IPv6 address (default [::1])' },
  'skip-checks': { type: 'boolean', help: "Don't run the system checks at start-up" },
} as const satisfies Record<string, CommandOption>

/** The one optional ADDR:PORT positional of runserver and serve. */
export function addressArgument(args: ParsedArguments): AddrPort {
  if (args.positionals.length > 1) {
    throw new UsageError(`Unexpected arguments: ${args.positionals.slice(1).join(' ')}`)
  }
  return parseAddrport(args.positionals[0], { ipv6: args.values.ipv6 === true })
}
