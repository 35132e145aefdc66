// The staff chapters of the demo (rule 8), told through the API like the rest: 周老师's vetting
// and hiring contract signed by both parties before the term, her duty at every session (hence
// her pay each month, which the treasurer pays as an expense), a satisfaction survey in November
// answered by families and students, its results, and the renewal decision that cites them.

// biome-ignore lint/suspicious/noExplicitAny: the demo reads response bodies loosely, as demo.ts does
type Call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => Promise<any>

/** A dated step of the story: it runs with the clock at that moment, and may schedule more steps. */
export type Chapter = [date: string, time: string, run: () => Promise<Chapter[] | undefined | unknown>]

export interface StaffStory {
  call: Call
  committeeId: string
  planId: string
  /** 周老师's staff record; her account signs in as `staffLogin`. */
  staffId: string
  staffLogin: string
  chairName: string
  /** The parents whose children are in care from the term's start. */
  parents: string[]
  /** The months she is on duty (the term's). */
  months: string[]
}

export interface StaffStoryResult {
  contractId?: string
  surveyId?: string
}

const CERTIFICATES = [
  { kind: 'background', certificateNo: 'WFZ-2026-0815', issuedOn: '2026-08-15', verifiedBy: '王老师（德育处）', verifiedOn: '2026-08-20' },
  { kind: 'health', certificateNo: 'JK-4103-2026-0810-77', issuedOn: '2026-08-10', verifiedBy: '王老师（德育处）', verifiedOn: '2026-08-20' },
]

const QUESTIONS = [
  { kind: 'scale', text: '对这位老师看护学生的总体满意度' },
  { kind: 'scale', text: '按时到岗，按规定清点人数、交接学生' },
  { kind: 'scale', text: '耐心辅导作业，尊重每一个孩子' },
  { kind: 'choice', text: '孩子愿意参加托管吗', options: ['愿意', '一般', '不愿意'] },
  { kind: 'text', text: '意见和建议' },
]

/** How the families and students answer, one row each: three scales, a choice, a comment. */
const ANSWERS: [number, number, number, string, string][] = [
  [5, 5, 5, '愿意', '周老师很负责，孩子作业都能在学校完成。'],
  [4, 5, 4, '愿意', ''],
  [5, 4, 5, '愿意', '希望多安排一些阅读时间。'],
  [4, 4, 3, '一般', ''],
  [5, 5, 4, '愿意', '老师很耐心。'],
  [3, 4, 4, '愿意', ''],
  [5, 5, 5, '愿意', ''],
]

/**
 * The staff chapters, to be told among the rest of the story in date order. Each may schedule
 * later ones (her sign-ins once the calendar is known); `result` fills in as they run.
 */
export function staffChapters(s: StaffStory, result: StaffStoryResult): Chapter[] {
  const { call } = s
  let contractId = ''
  let surveyId = ''
  let studentTokens: string[] = []
  let next = 0
  const answer = (token: string, [a, b, c, choice, comment]: (typeof ANSWERS)[number]) =>
    call(null, 'POST', `/surveys/${surveyId}/responses`, {
      token,
      answers: [
        { staffId: s.staffId, question: 0, value: a },
        { staffId: s.staffId, question: 1, value: b },
        { staffId: s.staffId, question: 2, value: c },
        { staffId: s.staffId, question: 3, value: choice },
        { staffId: s.staffId, question: 4, value: comment },
      ],
    })
  // Before the term: the certificates, checked against the originals, then the contract signed by both.
  const hiring: Chapter[] = [
    [
      '2026-08-25',
      '10:00',
      async () => {
        for (const c of CERTIFICATES) await call('chair', 'POST', `/staff/${s.staffId}/checks`, c)
        const contract = await call('chair', 'POST', `/committees/${s.committeeId}/contracts`, {
          staffId: s.staffId,
          planId: s.planId,
          role: '托管看护及作业辅导',
          duties: ['托管开始时清点人数、记录考勤', '组织学生完成书面作业并答疑，开展阅读和体育活动', '托管结束时将学生交给家长或授权接送人并在系统中记录'],
          payType: 'session',
          rateFen: 2000,
          payDay: 10,
          startsOn: '2026-09-01',
          endsOn: '2027-01-22',
        })
        contractId = contract.id
        result.contractId = contract.id
      },
    ],
    ['2026-08-26', '19:30', () => call(s.staffLogin, 'POST', `/contracts/${contractId}/sign`, { name: '周老师' })],
    [
      '2026-08-27',
      '09:15',
      async () => {
        await call('chair', 'POST', `/contracts/${contractId}/sign`, { name: s.chairName })
        // Every session of the term: she signs herself in and out as it happens.
        const duty: Chapter[] = []
        for (const month of s.months) {
          const calendar = await call('chair', 'GET', `/plans/${s.planId}/calendar?month=${month}`)
          for (const day of calendar.days as { date: string; isServiceDay: boolean }[]) {
            if (!day.isServiceDay) continue
            for (const [event, hm] of [
              ['sign_in', '16:20'],
              ['sign_out', '18:10'],
            ] as const)
              duty.push([day.date, hm, () => call(s.staffLogin, 'POST', `/plans/${s.planId}/sessions/${day.date}/staff-duty`, { event, at: `${day.date}T${hm}:00+08:00` })])
          }
        }
        return duty
      },
    ],
  ]
  // November: the families and the students rate her; the survey closes on the 25th; the committee decides on renewal.
  const survey: Chapter[] = [
    [
      '2026-11-16',
      '09:00',
      async () => {
        const created = await call('chair', 'POST', `/committees/${s.committeeId}/surveys`, {
          planId: s.planId,
          staffIds: [s.staffId],
          questions: QUESTIONS,
          closesAt: '2026-11-25T18:00:00+08:00',
        })
        surveyId = created.id
        result.surveyId = created.id
        const slips = await call('chair', 'GET', `/surveys/${surveyId}/slips.csv`)
        studentTokens = String(slips.body)
          .trim()
          .split('\r\n')
          .slice(1)
          .map((line) => line.split('/s/')[1]!)
      },
    ],
    ...s.parents.map(
      (parent, i): Chapter => [
        `2026-11-${17 + i}`,
        '20:30',
        async () => {
          const mine = await call(parent, 'GET', '/me/surveys')
          await answer(String(mine.items[0].answerUrl).split('/s/')[1]!, ANSWERS[next++ % ANSWERS.length]!)
        },
      ],
    ),
    // All but one of the students, from the slips handed out in class.
    [
      '2026-11-23',
      '16:45',
      async () => {
        for (const token of studentTokens.slice(0, -1)) await answer(token, ANSWERS[next++ % ANSWERS.length]!)
      },
    ],
    [
      '2026-11-26',
      '19:00',
      async () => {
        const results = await call('chair', 'GET', `/surveys/${surveyId}/results`)
        const mine = results.staff[0]
        await call('chair', 'POST', `/contracts/${contractId}/renewal-decisions`, {
          surveyId,
          decision: 'renew',
          reason: `满意度 ${mine.satisfiedPercent}%（${results.answers} 份评价），高于家委会规定的 ${results.satisfiedThresholdPercent}%，同意下学期续聘。`,
        })
      },
    ],
  ]
  return [...hiring, ...survey]
}
