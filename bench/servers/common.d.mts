/** Types for common.mjs, so the TypeScript servers (reinhardt.ts) can import it. */
export type Scenario = 'hello' | 'json-params' | 'middleware'
export declare const SCENARIOS: readonly Scenario[]
export declare const DECOY_COUNT: number
export declare const MIDDLEWARE_COUNT: number
export declare const HELLO: string
export declare const SCENARIO_URL: Readonly<Record<Scenario, string>>
export declare const SCENARIO_BODY: Readonly<Record<Scenario, string>>
export declare function serverOptions(argv?: string[]): {
  port: number
  scenario: Scenario
  host: string
}
export declare function ready(): void
