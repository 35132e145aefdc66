// The demo's families, shared by both terms: the same five households apply again each term.

// biome-ignore lint/suspicious/noExplicitAny: the demo reads response bodies loosely, as demo.ts does
type Call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => Promise<any>

export interface DemoFamily {
  who: string
  student: string
  guardian: string
  relation: string
  /** Priority claims and their evidence (the low-income family's registration). */
  extra?: object
}

export const LOW_INCOME = { priority: ['low_income'], lowIncome: { certificateNo: 'JD2026-0001234' } }

/** A family applies of its own free will; the committee, then the school, accept it. */
export async function enrol(call: Call, planId: string, f: DemoFamily, className: string): Promise<string> {
  const application = await call(f.who, 'POST', `/plans/${planId}/applications`, {
    student: { name: f.student, className },
    guardian: { name: f.guardian, phone: '13700000000', relation: f.relation },
    pickup: { persons: [{ name: `${f.student}的外婆`, phone: '13900000000', relation: '外婆' }], goesHomeAlone: false },
    signature: { name: f.guardian, consent: true },
    ...f.extra,
  })
  await call('chair', 'POST', `/applications/${application.id}/review`, { decision: 'accept', comment: '材料齐全' })
  return (await call('reviewer', 'POST', `/applications/${application.id}/review`, { decision: 'accept', comment: '同意' })).enrollmentId
}
