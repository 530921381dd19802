/**
 * Test-wide setup: the framework's log output (404 warnings, 500 stacks that tests provoke
 * on purpose) is collected instead of printed. Set REINHARDT_TEST_LOGS=1 to see it.
 */
import { setLogSink } from '../src/core/log.js'

if (process.env.REINHARDT_TEST_LOGS !== '1') setLogSink(() => {})
