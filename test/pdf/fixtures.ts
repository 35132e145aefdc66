import type { CareAgreementData } from '../../src/pdf/care-agreement.js'
import type { SigningCertificate } from '../../src/pdf/certificate.js'

/** Pinned so that renders are comparable byte for byte. */
export const CREATION_DATE = new Date('2025-08-25T02:00:00.000Z')

export function sampleAgreement(overrides: Partial<CareAgreementData> = {}): CareAgreementData {
  return {
    agreementNo: 'JW-2025-000123',
    enrollmentId: '7b0e6a52-3f0c-4d0f-9a57-1c2d3e4f5a6b',
    school: { name: '洛阳市实验小学', phone: '0379-63211234', complaintPhone: '0379-63215678' },
    committee: { name: '三年级（2）班家长委员会', phone: '13700137111', representative: { name: '张丽', title: '家长委员会主任' } },
    term: { name: '2025—2026学年第一学期', startsOn: '2025-09-01', endsOn: '2026-01-16' },
    plan: {
      version: 2,
      approvedOn: '2025-08-20',
      partialMonth: 'service-days',
      title: '三年级（2）班课后托管服务方案',
      content: '组织学生完成书面作业并答疑，开展自主阅读、体育锻炼、美术手工和科普兴趣活动。',
      schedule: { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', place: '教学楼三楼 302 教室' },
      billing: 'monthly',
      feeFen: 30000,
      refundPolicy: '学生因病、因事请假经批准的，按每个服务日 3.36 元在学期结算时退还；中途退出的，自书面申请次日起按未服务日数折算退还。',
    },
    student: { name: '王小明', className: '三年级（2）班', studentNo: '20230215' },
    guardian: { name: '王建国', phone: '13800138000', relation: '父亲' },
    lowIncome: null,
    pickup: {
      persons: [
        { name: '李秀英', relation: '母亲', phone: '13900139000' },
        { name: '王德福', relation: '祖父', phone: '13700137000' },
      ],
      goesHomeAlone: false,
    },
    specialNeeds: '对花生过敏，请勿提供含花生的零食。',
    ...overrides,
  }
}

export const LOW_INCOME_CERTIFICATE_NO = '410302201500123456'

export function sampleCertificate(documentSha256: string): SigningCertificate {
  return {
    signerName: '王建国',
    signedAt: '2025-08-31T12:15:03.000Z',
    ip: '203.0.113.45',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50',
    documentSha256,
    enrollmentId: '7b0e6a52-3f0c-4d0f-9a57-1c2d3e4f5a6b',
  }
}
