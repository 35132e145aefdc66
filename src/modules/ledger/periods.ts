// Months of the books, "YYYY-MM": an entry is booked in the month of its date, unless that month
// is already published (rule 6), when it goes into the first open month as an adjustment.
export const periodOf = (isoDate: string) => isoDate.slice(0, 7)

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The months from one to another, both included. */
export function periodsBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let p = from; p <= to; p = nextPeriod(p)) out.push(p)
  return out
}

/** The last day of a month, "YYYY-MM-DD". */
export function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}
