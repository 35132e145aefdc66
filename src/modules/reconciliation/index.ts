/**
 * Statement reconciliation, the pure part: parse an export, keep the incoming payments, propose
 * which family each one pays for. The import routes and tables (importStatement, confirmImport
 * through recordPayment) build on these and nothing else in this folder.
 */

export { decodeText } from './decode-text.js'
export { type DetectedLayout, detectLayout, type Layout } from './detect-format.js'
export { ImportFileError, type ImportFileErrorCode } from './import-file-error.js'
export { aliasFromConfirmation } from './learn-alias.js'
export { proposeMatches } from './match-rows.js'
export { type ParseOptions, parseStatement } from './parse-statement.js'
export { type IncomingSelection, selectIncoming } from './select-incoming.js'
export type * from './types.js'
