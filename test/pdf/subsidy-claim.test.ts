import t from 'tap'
import { renderSubsidyClaim, toTemplateValues } from '../../src/pdf/subsidy-claim.js'
import { ISSUED_AT, sampleSubsidyClaim } from './document-fixtures.js'
import { extractPages } from './extract-text.js'

const render = (data = sampleSubsidyClaim()) => renderSubsidyClaim(data, { creationDate: ISSUED_AT })

t.test('a claim lists every student with days and amount, and the total in figures and capitals', async (t) => {
  const data = sampleSubsidyClaim()
  const pages = await extractPages(await render(data))
  const text = pages.join('\n')
  for (const expected of [
    '申报编号：BT-2026-10-003',
    '申报月份：2026年10月',
    '每生每服务日 1.00 元',
    '在托服务日数',
    '1 王明 三年级（2）班 20230200 12 12.00',
    '合计 45 人 740 740.00',
    '申报金额合计：740.00 元（人民币柒佰肆拾元整）',
    '填报人：张丽',
    '学校审核意见',
  ])
    t.ok(text.includes(expected), `shows ${expected}`)
  t.match(text, /本方案服务日 17 ?天/)
  for (const s of data.students) t.ok(text.includes(`${s.name} ${s.className} ${s.studentNo}`), `line for ${s.name}`)
  t.ok(pages.length >= 2)
  for (const page of pages.slice(1)) t.match(page, /^序号 ?姓名 ?班级 ?学号 ?天数 ?金额（元）/, 'the header again on the next page')
})

t.test('amounts are rate × days, exactly; attended days are said as such', async (t) => {
  const text = (
    await extractPages(
      await render(
        sampleSubsidyClaim({
          ratePerDayFen: 150,
          basis: 'attended',
          students: [
            { name: '王小明', className: '三年级（2）班', days: 17 },
            { name: '李小红', className: '三年级（2）班', studentNo: null, days: 3 },
          ],
        }),
      ),
    )
  ).join('')
  t.ok(text.includes('王小明 三年级（2）班 17 25.50'))
  t.ok(text.includes('合计 2 人 20 30.00'))
  t.ok(text.includes('人民币叁拾元整'))
  t.ok(text.includes('实际出勤日数'))
})

t.test('refused: more days than the month has, a zero rate, fractional days', async (t) => {
  const values = (over: Parameters<typeof sampleSubsidyClaim>[0]) => () => toTemplateValues(sampleSubsidyClaim(over, 2), { creationDate: ISSUED_AT })
  t.throws(values({ serviceDays: 11 }), /12 days, but the month has 11 service days/)
  t.throws(values({ ratePerDayFen: 0 }), /rate above 0/)
  t.throws(values({ students: [{ name: '王小明', className: '三年级（2）班', days: 1.5 }] }), /whole number/)
  t.throws(values({ month: '2026-13' }), /not a month/)
})
