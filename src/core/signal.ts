/**
 * A small typed signal dispatcher, after Django's `django.dispatch.Signal`.
 *
 * Receivers are held strongly (not weakly as Django's default): in TypeScript receivers are
 * usually closures, and a weakly held closure would silently disappear at the next garbage
 * collection. Disconnect explicitly, or connect with a `dispatchUid` to make re-connection
 * idempotent (useful under hot reload).
 *
 * ```ts
 * const orderPlaced = new Signal<{ orderId: number }>()
 * orderPlaced.connect(({ sender, orderId }) => console.log(sender, orderId))
 * orderPlaced.send('shop', { orderId: 7 })
 * ```
 */
export type Receiver<Args extends object, Sender = unknown> = (
  message: Args & { sender: Sender; signal: Signal<Args, Sender> },
) => unknown

export interface ConnectOptions<Sender> {
  /** Only call the receiver when the signal is sent by this sender. */
  sender?: Sender
  /** Identifies the connection; connecting twice with the same uid keeps one receiver. */
  dispatchUid?: string
}

interface Connection<Args extends object, Sender> {
  receiver: Receiver<Args, Sender>
  sender: Sender | undefined
  hasSender: boolean
  uid: string | undefined
}

export class Signal<Args extends object = Record<never, never>, Sender = unknown> {
  #connections: Connection<Args, Sender>[] = []

  /** Registers `receiver`; connecting the same receiver (or uid) twice keeps one. */
  connect(receiver: Receiver<Args, Sender>, options: ConnectOptions<Sender> = {}): void {
    const hasSender = 'sender' in options
    const exists = this.#connections.some((c) =>
      options.dispatchUid !== undefined
        ? c.uid === options.dispatchUid
        : c.receiver === receiver && c.hasSender === hasSender && c.sender === options.sender,
    )
    if (exists) return
    this.#connections = [
      ...this.#connections,
      { receiver, sender: options.sender, hasSender, uid: options.dispatchUid },
    ]
  }

  /** Removes a receiver (by function or by dispatchUid); returns whether one was removed. */
  disconnect(receiver: Receiver<Args, Sender> | { dispatchUid: string }): boolean {
    const before = this.#connections.length
    this.#connections = this.#connections.filter((c) =>
      typeof receiver === 'function' ? c.receiver !== receiver : c.uid !== receiver.dispatchUid,
    )
    return this.#connections.length !== before
  }

  /** True when at least one receiver would be called for `sender`. */
  hasListeners(sender?: Sender): boolean {
    // A loop, not some(): this runs on every request and should not allocate.
    for (const c of this.#connections) {
      if (!c.hasSender || sender === undefined || c.sender === sender) return true
    }
    return false
  }

  /**
   * Calls every matching receiver in connection order and returns their results. A receiver
   * that throws stops the send and the error propagates (use `sendRobust` to collect errors).
   */
  send(sender: Sender, args: Args): unknown[] {
    if (this.#connections.length === 0) return []
    const message = { ...args, sender, signal: this }
    return this.#receiversFor(sender).map((receiver) => receiver(message))
  }

  /** Like `send`, but a receiver's error is returned in its slot instead of thrown. */
  sendRobust(sender: Sender, args: Args): unknown[] {
    if (this.#connections.length === 0) return []
    const message = { ...args, sender, signal: this }
    return this.#receiversFor(sender).map((receiver) => {
      try {
        return receiver(message)
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error))
      }
    })
  }

  /** Like `send`, but awaits receivers that return promises, one after another. */
  async asend(sender: Sender, args: Args): Promise<unknown[]> {
    if (this.#connections.length === 0) return []
    const message = { ...args, sender, signal: this }
    const results: unknown[] = []
    for (const receiver of this.#receiversFor(sender)) results.push(await receiver(message))
    return results
  }

  /** Receivers to call for `sender`, from a snapshot (connecting during a send is safe). */
  #receiversFor(sender: Sender): Receiver<Args, Sender>[] {
    return this.#connections
      .filter((c) => !c.hasSender || c.sender === sender)
      .map((c) => c.receiver)
  }
}
