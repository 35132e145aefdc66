import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'

// Each table belongs to one module (DESIGN.md: a module uses another module's service functions,
// never its tables). A new table gets its owner here, or this test fails.
const OWNER: Record<string, string> = {
  users: 'accounts',
  sessions: 'accounts',
  schools: 'schools',
  school_reviewers: 'schools',
  committees: 'schools',
  committee_members: 'schools',
  committee_parents: 'schools',
  terms: 'schools',
  audit_events: 'audit',
  idempotency_keys: 'http',
  plans: 'plans',
  plan_versions: 'plans',
  plan_reviews: 'plans',
  demand_responses: 'plans',
  applications: 'enrollment',
  application_reviews: 'enrollment',
  enrollments: 'enrollment',
  agreement_signatures: 'enrollment',
  agreement_counters: 'enrollment',
  application_priority_strikes: 'enrollment',
  school_day_overrides: 'calendar',
  calendar_years: 'calendar',
  calendar_year_corrections: 'calendar',
  staff: 'staff',
  attendance_records: 'attendance',
  leave_requests: 'attendance',
  care_sessions: 'attendance',
  session_incidents: 'attendance',
  incident_acknowledgements: 'attendance',
  staff_duty_records: 'attendance',
  school_finance_officers: 'schools',
  ledger_books: 'ledger',
  funds: 'ledger',
  journal_entries: 'ledger',
  journal_lines: 'ledger',
  charges: 'fees',
  charge_corrections: 'fees',
  leave_credit_months: 'fees',
  leave_credits: 'fees',
  subsidies: 'fees',
  receipt_counters: 'payments',
  payments: 'payments',
  payment_allocations: 'payments',
  payment_reversals: 'payments',
  expenses: 'expenses',
  expense_attachments: 'expenses',
  expense_decisions: 'expenses',
  statements: 'statements',
  write_offs: 'settlement',
  settlement_proposals: 'settlement',
  settlements: 'settlement',
  refunds: 'settlement',
  refund_payments: 'settlement',
  statement_imports: 'reconciliation',
  statement_import_rows: 'reconciliation',
  statement_import_payers: 'reconciliation',
  statement_import_confirmations: 'reconciliation',
  statement_import_decisions: 'reconciliation',
  payer_aliases: 'reconciliation',
  import_mappings: 'reconciliation',
  staff_providers: 'staff',
  staff_school_settings: 'staff',
  staff_checks: 'staff',
  staff_contracts: 'staff',
  contract_signatures: 'staff',
  contract_terminations: 'staff',
  surveys: 'surveys',
  survey_staff: 'surveys',
  survey_invitations: 'surveys',
  survey_answers: 'surveys',
  renewal_decisions: 'renewal',
}

const SRC = join(import.meta.dirname, '../../src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** The module a source file belongs to: its folder under src/modules, or http/db for the shared layers. */
function moduleOf(path: string): string {
  const rel = relative(SRC, path).split('/')
  if (rel[0] === 'modules') return rel[1]!
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, '')
}

/** Tables a file names in a query builder call or in raw SQL. */
function tablesIn(source: string): Set<string> {
  const found = new Set<string>()
  for (const m of source.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom)\(\s*'(\w+)/g)) found.add(m[1]!)
  for (const m of source.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+(\w+)/g)) if (OWNER[m[1]!]) found.add(m[1]!)
  return found
}

t.test('no module reads, writes, joins or locks another module’s tables', async (t) => {
  const violations: string[] = []
  for (const path of files(SRC)) {
    const mod = moduleOf(path)
    if (mod === 'db') continue
    for (const table of tablesIn(readFileSync(path, 'utf8'))) {
      const owner = OWNER[table]
      if (!owner) violations.push(`${relative(SRC, path)}: table ${table} has no owner in this test`)
      else if (owner !== mod) violations.push(`${relative(SRC, path)} (${mod}) uses ${table}, which belongs to ${owner}`)
    }
  }
  t.same(violations, [])
})

t.test('a module’s SQL lives in its repository, not in its services', async (t) => {
  const violations: string[] = []
  for (const path of files(join(SRC, 'modules'))) {
    if (path.endsWith('repository.ts')) continue
    if (tablesIn(readFileSync(path, 'utf8')).size > 0) violations.push(relative(SRC, path))
  }
  t.same(violations, [], 'only repository.ts files name tables')
})

t.test('modules import each other one way: schools at the bottom, attendance above the calendar', async (t) => {
  const edges = new Map<string, Set<string>>()
  for (const path of files(join(SRC, 'modules'))) {
    const mod = moduleOf(path)
    for (const m of readFileSync(path, 'utf8').matchAll(/from '\.\.\/(\w+)\//g)) {
      if (m[1] === mod) continue
      if (!edges.has(mod)) edges.set(mod, new Set())
      edges.get(mod)!.add(m[1]!)
    }
  }
  // Depth-first search for a cycle among modules (a file-level cycle is dpdm's, in npm run lint).
  const state = new Map<string, 'open' | 'done'>()
  const cycles: string[] = []
  const visit = (mod: string, path: string[]) => {
    if (state.get(mod) === 'done') return
    if (state.get(mod) === 'open') {
      cycles.push([...path.slice(path.indexOf(mod)), mod].join(' → '))
      return
    }
    state.set(mod, 'open')
    for (const next of edges.get(mod) ?? []) visit(next, [...path, mod])
    state.set(mod, 'done')
  }
  for (const mod of edges.keys()) visit(mod, [])
  t.same(cycles, [], 'no cycle between modules')
  t.same([...(edges.get('schools') ?? [])], ['audit'], 'schools imports no other module but the audit trail')
  t.notOk(edges.get('calendar')?.has('attendance'), 'the calendar asks attendance only through a hook')
  t.notOk(edges.get('plans')?.has('enrollment'), 'plans ask enrollment only through a hook')
})
