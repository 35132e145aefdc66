import { createHash } from 'node:crypto'
import type { SigningCertificate } from '../../src/pdf/certificate.js'
import type { HiringContractData } from '../../src/pdf/hiring-contract.js'
import type { ReceiptData } from '../../src/pdf/receipt.js'
import type { RefundReceiptData } from '../../src/pdf/refund-receipt.js'
import type { SettlementStatementData } from '../../src/pdf/settlement-statement.js'
import type { StatementData } from '../../src/pdf/statement.js'
import type { SubsidyClaimData } from '../../src/pdf/subsidy-claim.js'
import type { SurveySlipsData } from '../../src/pdf/survey-slips.js'

/** Sample data for the money and staff documents; each test changes what it is about. */

export function sampleReceipt(overrides: Partial<ReceiptData> = {}): ReceiptData {
  return {
    receiptNo: '2026-000123',
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会' },
    plan: { title: '三年级（2）班课后托管服务方案' },
    term: { name: '2026—2027学年第一学期' },
    payer: { name: '王建国', relation: '父亲' },
    student: { name: '王小明', className: '三年级（2）班' },
    amountFen: 60000,
    channel: 'wechat',
    transactionNo: '4200002391202609031234567890',
    paidAt: '2026-09-03T02:15:00.000Z',
    allocations: [
      { period: '2026-09', amountFen: 30000 },
      { period: '2026-10', amountFen: 30000 },
    ],
    creditFen: 0,
    receivedBy: { kind: 'treasurer', name: '张丽' },
    reversal: null,
    ...overrides,
  }
}

/** Pinned issue time of the money documents (a term in 2026). */
export const ISSUED_AT = new Date('2026-09-03T03:00:00.000Z')

export function sampleRefund(overrides: Partial<RefundReceiptData> = {}): RefundReceiptData {
  return {
    refundNo: 'TF-2027-000042',
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会' },
    plan: { title: '三年级（2）班课后托管服务方案' },
    term: { name: '2026—2027学年第一学期' },
    payee: { name: '王建国', relation: '父亲' },
    student: { name: '王小明', className: '三年级（2）班' },
    // 2,345.67 yuan shared by 1,500.00 of 42,000.00 paid: exactly 8,377.39 fen, 8,377 after largest remainder
    shareFen: 8377,
    heldCreditFen: 1008,
    basis: { paidFen: 150000, totalPaidFen: 4200000, refundableFen: 234567 },
    channel: 'bank',
    transactionNo: 'B20270115000123',
    paidAt: '2027-01-15',
    paidBy: { kind: 'treasurer', name: '张丽' },
    ...overrides,
  }
}

export const HASH_A = 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdef0123456789'
export const HASH_B = '0f9e8d7c6b5a49382716abcdefabcdef0123456789abcdef0123456789abcdef'

export function sampleStatement(overrides: Partial<StatementData> = {}): StatementData {
  return {
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会' },
    month: '2026-10',
    publishedAt: '2026-11-02T02:00:00.000Z',
    funds: [
      {
        plan: { title: '三年级（2）班课后托管服务方案' },
        term: { name: '2026—2027学年第一学期' },
        openingFen: 412000,
        fees: { families: 38, amountFen: 1110000 },
        subsidyFen: 84000,
        expenses: [
          { spentOn: '2026-10-08', category: '人员劳务费', payee: { kind: 'person', role: '托管服务人员' }, amountFen: 660000, receipts: 1 },
          { spentOn: '2026-10-15', category: '活动材料费', payee: { kind: 'organisation', name: '洛阳市西工区新华文具店' }, amountFen: 48650, receipts: 2 },
          { spentOn: '2026-10-28', category: '人员劳务费', payee: { kind: 'person', role: '托管服务人员' }, amountFen: 330000, receipts: 1 },
        ],
        refunds: { families: 1, amountFen: 3360 },
        adjustments: [{ originalDate: '2026-09-29', kind: 'fee', amountFen: 30000 }],
        // 412000 + 1110000 + 84000 − 1038650 − 3360 + 30000
        closingFen: 593990,
        charges: { families: 40, amountFen: 1200000 },
        waivers: { families: 2, amountFen: 60000 },
        leaveCredits: { families: 3, amountFen: 10080 },
        enrolledFamilies: 40,
      },
    ],
    hash: HASH_A,
    previousHash: HASH_B,
    jsonUrl: 'https://jiawei.example.cn/p/sy-3-2/statements/2026-10.json',
    verifyUrl: 'https://jiawei.example.cn/p/sy-3-2/statements/verify',
    ...overrides,
  }
}

export function sampleSettlement(overrides: Partial<SettlementStatementData> = {}): SettlementStatementData {
  return {
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会' },
    plan: { title: '三年级（2）班课后托管服务方案' },
    term: { name: '2026—2027学年第一学期', startsOn: '2026-09-01', endsOn: '2027-01-22' },
    settledAt: '2027-01-22T09:00:00.000Z',
    totals: {
      chargedFen: 6000000,
      waiversFen: 300000,
      leaveCreditsFen: 50400,
      writeOffsFen: 0,
      paymentsFen: 5649600,
      paidFamilies: 38,
      subsidyFen: 420000,
      expensesFen: 5450000,
    },
    budget: [
      { category: '人员劳务费', budgetFen: 5000000, spentFen: 4950000 },
      { category: '活动材料费', budgetFen: 600000, spentFen: 500000 },
    ],
    // 6,000,000 − 300,000 − 50,400 + 420,000 − 5,450,000 = 619,600 surplus; 120,000 kept
    carryOver: { amountFen: 120000, reason: '按学校规定，财政补贴结余留用于下学期本托管项目' },
    refunds: { families: 38, sharedFen: 499600, heldCreditFen: 12300 },
    deficit: null,
    enrolledFamilies: 40,
    hash: HASH_B,
    previousHash: HASH_A,
    jsonUrl: 'https://jiawei.example.cn/p/sy-3-2/statements/2026-2027-1-settlement.json',
    verifyUrl: 'https://jiawei.example.cn/p/sy-3-2/statements/verify',
    ...overrides,
  }
}

const GIVEN = [...'明红华丽军伟芳娜秀英敏静强磊洋艳勇杰娟涛']
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗']

export function sampleSubsidyClaim(overrides: Partial<SubsidyClaimData> = {}, students = 45): SubsidyClaimData {
  return {
    claimNo: 'BT-2026-10-003',
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会' },
    plan: { title: '三年级（2）班课后托管服务方案' },
    term: { name: '2026—2027学年第一学期' },
    month: '2026-10',
    ratePerDayFen: 100,
    basis: 'enrolled',
    serviceDays: 17,
    students: Array.from({ length: students }, (_, i) => ({
      name: `${SURNAMES[i % 20]}${GIVEN[(i * 7) % 20]}${i % 3 ? GIVEN[(i * 3) % 20] : ''}`,
      className: i < 30 ? '三年级（2）班' : '三年级（3）班',
      studentNo: String(20230200 + i),
      days: i % 9 === 0 ? 12 : 17,
    })),
    preparedBy: { name: '张丽', phone: '13600136000' },
    ...overrides,
  }
}

export const CONTRACT_ID = '3c1d9b7e-2a4f-4e8b-9c0d-5e6f7a8b9c0d'
export const BACKGROUND_CHECK_NO = '豫洛公(西)证字2026第001234号'
export const HEALTH_CERTIFICATE_NO = '410302202608150077'

export function sampleContract(overrides: Partial<HiringContractData> = {}): HiringContractData {
  return {
    contractNo: 'JW-HT-2026-000012',
    contractId: CONTRACT_ID,
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会', phone: '13700137111', representative: { name: '张丽', title: '家长委员会主任' } },
    staff: { name: '赵敏', phone: '13500135000', kind: 'retired_teacher' },
    role: '托管看护及作业辅导',
    duties: ['组织学生完成书面作业，对有困难的学生答疑', '组织自主阅读和体育、艺术兴趣活动', '清点人数、记录考勤，按规定交接学生'],
    plan: { title: '三年级（2）班课后托管服务方案', schedule: { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', place: '教学楼三楼 302 教室' } },
    term: { name: '2026—2027学年第一学期' },
    pay: { type: 'hourly', rateFen: 5000, payDay: 10 },
    startsOn: '2026-09-01',
    endsOn: '2027-01-22',
    backgroundCheck: { certificateNo: BACKGROUND_CHECK_NO, issuedOn: '2026-08-10', verifiedBy: '学校德育处王老师', verifiedOn: '2026-08-20' },
    healthCertificate: { certificateNo: HEALTH_CERTIFICATE_NO, issuedOn: '2026-08-15' },
    qualifications: '小学语文一级教师，退休前从事小学教学 30 年',
    ...overrides,
  }
}

export function contractCertificate(party: 'chair' | 'staff', documentSha256: string): SigningCertificate {
  return {
    signerName: party === 'chair' ? '张丽' : '赵敏',
    signedAt: party === 'chair' ? '2026-08-28T01:30:00.000Z' : '2026-08-27T11:05:42.000Z',
    ip: party === 'chair' ? '198.51.100.7' : '203.0.113.88',
    userAgent: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
    documentSha256,
    contractId: CONTRACT_ID,
  }
}

export function sampleSlips(count = 10, overrides: Partial<SurveySlipsData> = {}): SurveySlipsData {
  // Deterministic stand-ins for the tokens the surveys service draws at random.
  const token = (i: number) => createHash('sha256').update(`slip ${i}`).digest('base64url').slice(0, 22)
  const code = (i: number) =>
    createHash('sha256')
      .update(`code ${i}`)
      .digest('hex')
      .slice(0, 8)
      .toUpperCase()
      .replace(/(.{4})/, '$1-')
  return {
    survey: { title: '2026—2027学年第一学期课后托管服务学生满意度测评', closesAt: '2026-12-20T10:00:00.000Z' },
    school: { name: '洛阳市实验小学' },
    committee: { name: '三年级（2）班家长委员会' },
    entryUrl: 'https://jiawei.example.cn/s',
    slips: Array.from({ length: count }, (_, i) => ({
      className: i < 6 ? '三年级（2）班' : '三年级（3）班',
      url: `https://jiawei.example.cn/s/${token(i)}`,
      shortCode: code(i),
    })),
    ...overrides,
  }
}
