// The national calendar (public holidays and 调休 make-up working days), read from chinese-days,
// plus school-confirmed overrides for years the package has no data for.
import chineseDays from 'chinese-days'
import { CalendarInputError, fromDayNumber, type IsoDate, isoWeekdayOfDay, toDayNumber, yearOf } from './iso-date.js'

export type NationalDayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday'
export type NationalDay = { date: IsoDate; kind: NationalDayKind; name?: string }

/**
 * A school's own statement of a year's holidays, for a year the package does not cover.
 * Only a `confirmed` override counts (an unconfirmed one is a draft still being entered).
 * Confirmed with empty lists means "plain weekdays, confirmed".
 */
export type YearCalendarOverride = {
  year: number
  confirmed: boolean
  holidays: { date: IsoDate; name: string }[]
  makeupWorkdays: { date: IsoDate; name?: string }[]
}

/** The date's year has neither package data nor a confirmed override. */
export class CalendarYearNotCovered extends Error {
  override name = 'CalendarYearNotCovered'
  constructor(readonly year: number) {
    super(`the national holiday calendar for ${year} is not known; the school must confirm it`)
  }
}

/** The days of one year that differ from the plain Monday–Friday pattern. */
export type YearTable = ReadonlyMap<IsoDate, { kind: 'holiday' | 'makeup-workday'; name?: string }>

// chinese-days abbreviates three festivals; show the names the State Council notices use.
const OFFICIAL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' }

// Range probed for package data. The package's tables live in a closure of its bundle and are
// not exported, so coverage is found by asking the package itself (see coveredYears).
const PROBE_FROM = 1990
const PROBE_TO = 2100

/**
 * Listed entries come back as 'National Day,国庆节,3' (English, Chinese, length); a day the
 * package knows nothing about comes back as its English weekday name ('Monday').
 */
function listedName(packageName: string): string | undefined {
  const zh = packageName.split(',')[1]?.trim()
  if (!zh) return undefined
  return OFFICIAL_NAMES[zh] ?? zh
}

/**
 * Time zones: chinese-days builds its tables and parses a 'YYYY-MM-DD' query the same way (UTC
 * midnight, then formatted in local time), so west of UTC both land one day early and a string
 * lookup still finds the right entry — but its weekday and `date` fields are then a day off, and
 * a local-midnight Date misses the table. So: ask with the ISO string, use only whether the date
 * is listed (and as what), and compute weekdays ourselves.
 */
function packageEntry(iso: IsoDate): { work: boolean; name: string } | undefined {
  const detail = chineseDays.getDayDetail(iso)
  const name = listedName(detail.name)
  return name === undefined ? undefined : { work: detail.work, name }
}

let covered: ReadonlySet<number> | undefined

/**
 * The years the installed chinese-days really has data for. A year it does not know silently
 * answers plain weekdays, so we detect data: 元旦 (1 January) is a statutory holiday every year,
 * and the package lists it in every year it covers — even when it falls on a weekend.
 */
export function coveredYears(): number[] {
  covered ??= new Set(range(PROBE_FROM, PROBE_TO).filter((y) => packageEntry(`${y}-01-01`) !== undefined))
  return [...covered].sort((a, b) => a - b)
}

export function isPackageYear(year: number): boolean {
  if (!covered) coveredYears()
  return covered!.has(year)
}

const packageTables = new Map<number, YearTable>()

// Built once per year per process (365 package calls, 2–6 ms); the package's data
// never changes while the process runs, so lookups afterwards are a Map get.
function packageTable(year: number): YearTable {
  let table = packageTables.get(year)
  if (table) return table
  const built = new Map<IsoDate, { kind: 'holiday' | 'makeup-workday'; name?: string }>()
  const first = toDayNumber(`${year}-01-01`)
  const last = toDayNumber(`${year}-12-31`)
  for (let day = first; day <= last; day++) {
    const iso = fromDayNumber(day)
    const entry = packageEntry(iso)
    if (!entry) continue
    if (!entry.work) built.set(iso, { kind: 'holiday', name: entry.name })
    else if (isoWeekdayOfDay(day) >= 6) built.set(iso, { kind: 'makeup-workday', name: entry.name })
    // No notice has ever made a Monday–Friday a "working day": one here means the package's
    // tables are shifted (an unusual time zone), and every answer would be wrong.
    else throw new Error(`chinese-days lists weekday ${iso} as a make-up workday: time zone problem?`)
  }
  table = built
  packageTables.set(year, table)
  return table
}

function overrideTable(o: YearCalendarOverride): YearTable {
  const table = new Map<IsoDate, { kind: 'holiday' | 'makeup-workday'; name?: string }>()
  const add = (date: IsoDate, kind: 'holiday' | 'makeup-workday', name: string | undefined) => {
    const day = toDayNumber(date)
    if (yearOf(date) !== o.year) {
      throw new CalendarInputError(`override for ${o.year} lists ${date}, outside that year`)
    }
    if (table.has(date)) throw new CalendarInputError(`override for ${o.year} lists ${date} twice`)
    if (kind === 'makeup-workday' && isoWeekdayOfDay(day) < 6) {
      throw new CalendarInputError(`make-up workday ${date} is not a Saturday or Sunday`)
    }
    table.set(date, name === undefined ? { kind } : { kind, name })
  }
  for (const h of o.holidays) add(h.date, 'holiday', h.name)
  for (const w of o.makeupWorkdays) add(w.date, 'makeup-workday', w.name)
  return table
}

/** The confirmed override for `year`, if any (two confirmed ones are contradictory input). */
export function confirmedOverride(year: number, overrides: readonly YearCalendarOverride[] | undefined): YearCalendarOverride | undefined {
  const found = (overrides ?? []).filter((o) => o.confirmed && o.year === year)
  if (found.length > 1) throw new CalendarInputError(`two confirmed overrides for ${year}`)
  return found[0]
}

/**
 * The holidays and make-up workdays of a year. Package data wins: an override only fills a
 * year the package does not cover (so a package upgrade supersedes the school's entry).
 */
export function yearTable(year: number, overrides?: readonly YearCalendarOverride[]): YearTable {
  if (isPackageYear(year)) return packageTable(year)
  const o = confirmedOverride(year, overrides)
  if (!o) throw new CalendarYearNotCovered(year)
  return overrideTable(o)
}

/** Classify a date against an already-fetched year table (no validation: internal fast path). */
export function classifyNational(date: IsoDate, day: number, table: YearTable): NationalDay {
  const listed = table.get(date)
  if (listed) return { date, ...listed }
  return { date, kind: isoWeekdayOfDay(day) >= 6 ? 'weekend' : 'workday' }
}

/** What the national calendar says about a date; throws CalendarYearNotCovered if unknown. */
export function nationalDay(date: IsoDate, overrides?: readonly YearCalendarOverride[]): NationalDay {
  const day = toDayNumber(date)
  return classifyNational(date, day, yearTable(yearOf(date), overrides))
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
