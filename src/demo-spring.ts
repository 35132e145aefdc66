// The demo's past term (rule 7): spring 2026, billed once for the term, paid on three channels
// (one family in two instalments), a leave credit, four months of pay and materials, each month
// published, then settled — the surplus shared to the fen among the families who paid, under
// four eyes — and two of the three refunds paid. The autumn story starts where this one ends.

import { type DemoFamily, enrol, LOW_INCOME } from './demo-families.js'
import type { Chapter } from './demo-staff.js'

// biome-ignore lint/suspicious/noExplicitAny: the demo reads response bodies loosely, as demo.ts does
type Call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => Promise<any>

export interface SpringStory {
  call: Call
  committeeId: string
  termId: string
}

export interface SpringStoryResult {
  planId?: string
  settled?: boolean
  refundsPaid?: number
}

const FEE_FEN = 130_000

const FAMILIES: (DemoFamily & { who: 'parent1' | 'parent2' | 'parent3' | 'parent4' })[] = [
  { who: 'parent1', student: '刘小明', guardian: '刘妈妈', relation: '母亲' },
  { who: 'parent2', student: '赵小红', guardian: '赵爸爸', relation: '父亲', extra: LOW_INCOME },
  { who: 'parent3', student: '孙小刚', guardian: '孙爸爸', relation: '父亲' },
  { who: 'parent4', student: '周小丽', guardian: '周妈妈', relation: '母亲' },
]

type Parent = (typeof FAMILIES)[number]['who']

/** The spring chapters, in date order: each runs with the clock at its moment. */
export function springChapters(s: SpringStory, result: SpringStoryResult): Chapter[] {
  const { call, committeeId } = s
  const enrollment: Partial<Record<Parent, string>> = {}
  const plan = () => result.planId!

  const setUp = async () => {
    const created = await call('chair', 'POST', `/committees/${committeeId}/plans`, {
      termId: s.termId,
      title: '二年级（2）班 2026 年春季课后托管服务方案',
      content: { activities: ['homework_help', 'reading', 'sports'], description: '放学后在本班教室组织学生完成书面作业、课外阅读和体育活动，不讲授新课。' },
      schedule: { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', place: '教学楼二楼 205 教室' },
      billing: 'term',
      feeFen: FEE_FEN,
      capacity: 30,
      budget: [
        { category: '人员劳务', amountFen: 340_000 },
        { category: '活动材料', amountFen: 30_000 },
        { category: '保险', amountFen: 12_000 },
      ],
      expectedParticipants: 4,
      refundPolicy: '经批准请假的，按每个服务日 3.36 元退还；学期结束后结余按各家庭所缴费用比例退还。',
      leaveCredit: { kind: 'fixed', amountFen: 336 },
    })
    result.planId = created.id
    await call('chair', 'POST', `/plans/${plan()}/demand/open`)
    await call('parent1', 'PUT', `/plans/${plan()}/demand/responses/me`, { need: true, preferredWeekdays: [1, 2, 3, 4, 5] })
    await call('chair', 'POST', `/plans/${plan()}/submit`)
    await call('reviewer', 'POST', `/plans/${plan()}/review`, { decision: 'approve', comment: '同意实施，按学期收费。' })
    for (const f of FAMILIES) enrollment[f.who] = await enrol(call, plan(), f, '二年级（2）班')
  }
  const sign = async () => {
    for (const f of FAMILIES) await call(f.who, 'POST', `/enrollments/${enrollment[f.who]}/agreement/sign`, { name: f.guardian, startsOn: '2026-03-02' })
  }
  const pay = (who: Parent, amountFen: number, method: string, paidAt: string, reference?: string) =>
    call('treasurer', 'POST', `/committees/${committeeId}/payments`, { enrollmentId: enrollment[who], amountFen, method, paidAt, ...(reference ? { reference } : {}) })
  const spend = async (spentOn: string, items: { category: string; amountFen: number; payee: object; description: string }[]) => {
    for (const item of items) {
      const expense = await call('treasurer', 'POST', `/committees/${committeeId}/expenses`, { planId: plan(), method: 'bank', spentOn, ...item })
      await call('auditor', 'POST', `/expenses/${expense.id}/approve`)
    }
  }
  const staffPay = (month: number, amountFen: number) => ({
    category: '人员劳务',
    amountFen,
    payee: { kind: 'person', role: '托管服务人员劳务费', name: '钱老师' },
    description: `${month}月托管服务人员劳务费`,
  })
  const materials = (amountFen: number) => ({
    category: '活动材料',
    amountFen,
    payee: { kind: 'organisation', name: '阳光文具店' },
    description: '作业本、彩笔、图书角图书',
  })
  const publish = (period: string) => call('treasurer', 'POST', `/committees/${committeeId}/statements`, { period })
  const payRefunds = async () => {
    const refunds = await call('treasurer', 'GET', `/plans/${plan()}/refunds`)
    const byStudent = new Map((refunds.items as { id: string; student: { name: string } }[]).map((r) => [r.student.name, r.id]))
    const paid: [string, string, string][] = [
      ['刘小明', 'wechat', 'WX-REFUND-20260710-1'],
      ['孙小刚', 'bank', 'ICBC-REFUND-20260710-3'],
    ]
    for (const [student, method, reference] of paid) {
      const id = byStudent.get(student)
      if (!id) continue
      await call('treasurer', 'POST', `/refunds/${id}/paid`, { method, paidAt: '2026-07-10T10:00:00+08:00', reference })
      result.refundsPaid = (result.refundsPaid ?? 0) + 1
    }
  }

  return [
    ['2026-02-24', '10:00', setUp],
    ['2026-02-27', '20:00', sign],
    ['2026-02-28', '21:00', () => call('treasurer', 'POST', `/plans/${plan()}/billing-runs`, { period: 'term' })],
    ['2026-03-03', '20:30', () => pay('parent1', FEE_FEN, 'wechat', '2026-03-03T19:10:00+08:00', '4200020260303100')],
    ['2026-03-04', '12:00', () => pay('parent3', FEE_FEN, 'bank', '2026-03-04T12:00:00+08:00', 'ICBC-20260304-03')],
    [
      '2026-03-10',
      '18:30',
      () =>
        spend('2026-03-10', [
          materials(5000),
          { category: '保险', amountFen: 12000, payee: { kind: 'organisation', name: '中国人寿保险股份有限公司' }, description: '学生托管期间意外伤害保险（4 人）' },
        ]),
    ],
    // 周小丽's family pays in two instalments, in cash, signed for by the treasurer.
    ['2026-03-20', '17:00', () => pay('parent4', FEE_FEN / 2, 'cash', '2026-03-20T17:00:00+08:00')],
    ['2026-03-31', '18:00', () => spend('2026-03-31', [staffPay(3, 80000)])],
    ['2026-04-02', '10:00', () => publish('2026-03')],
    ['2026-04-08', '21:00', () => call('parent3', 'POST', `/enrollments/${enrollment.parent3}/leave`, { from: '2026-04-13', to: '2026-04-14', reason: '看病复查' })],
    ['2026-04-20', '17:00', () => pay('parent4', FEE_FEN / 2, 'cash', '2026-04-20T17:00:00+08:00')],
    ['2026-04-24', '18:30', () => spend('2026-04-24', [materials(5100)])],
    ['2026-04-30', '18:00', () => spend('2026-04-30', [staffPay(4, 80000)])],
    ['2026-05-06', '10:00', () => publish('2026-04')],
    ['2026-05-22', '18:30', () => spend('2026-05-22', [materials(5200)])],
    ['2026-05-29', '18:00', () => spend('2026-05-29', [staffPay(5, 80000)])],
    ['2026-06-02', '10:00', () => publish('2026-05')],
    ['2026-06-19', '18:30', () => spend('2026-06-19', [materials(5300)])],
    ['2026-06-30', '18:00', () => spend('2026-06-30', [staffPay(6, 80000)])],
    ['2026-07-02', '10:00', () => publish('2026-06')],
    ['2026-07-03', '18:30', () => spend('2026-07-03', [staffPay(7, 12000)])],
    ['2026-07-06', '10:00', () => publish('2026-07')],
    ['2026-07-07', '10:00', () => call('treasurer', 'POST', `/plans/${plan()}/settlement`, {})],
    [
      '2026-07-08',
      '10:00',
      async () => {
        await call('chair', 'POST', `/plans/${plan()}/settlement/confirm`)
        result.settled = true
      },
    ],
    ['2026-07-10', '10:00', payRefunds],
  ]
}
