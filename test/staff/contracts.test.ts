import { execFileSync } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { at, createStaffUser, expectOk, sameNotFound } from '../attendance/helpers.js'
import { build, loginAs, seedWorld, type TestApp } from '../helpers/app.js'
import { insertApprovedPlan } from '../helpers/enrollment-fixtures.js'
import { extractPages, extractText, hasText } from '../pdf/extract-text.js'
import { contractBody, verifiedCheck } from './helpers.js'

// Hiring happens in late August 2026 for the autumn term (2026-09-01 to 2026-12-31).
const TERM = { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' }
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function setup(t: Parameters<typeof build>[0], prefix: string) {
  const ta = await build(t, {}, { now: '2026-08-20' })
  const w = await seedWorld(ta, prefix, { term: TERM })
  const planId = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const zhao = await createStaffUser(ta, w, `${prefix}-zhao`, '赵敏')
  const chairName = (await expectOk(200, ta.as(w.tokens.chair).get('/api/v1/me'))).user.name as string
  return { ta, w, planId, zhao, chairName, chair: ta.as(w.tokens.chair) }
}

const count = async (ta: TestApp, table: 'staff_contracts' | 'contract_signatures' | 'contract_terminations' | 'staff_checks') =>
  Number(
    (
      await ta.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

t.test('no contract is drawn up or signed while vetting is incomplete; the school sets how old a check may be', async (t) => {
  const { ta, w, planId, zhao, chairName, chair } = await setup(t, 'vet')
  const url = `/api/v1/committees/${w.committeeId}/contracts`
  const body = contractBody(zhao.staffId, planId, '2026-09-01', '2026-12-31')

  // Recorded with an unverified background check and no health certificate.
  const staff = await expectOk(200, ta.as(w.tokens.auditor).get(`/api/v1/staff/${zhao.staffId}`))
  t.match(staff, { vetted: false, backgroundCheck: { status: 'unverified' }, healthCertificate: { status: 'missing' } })
  const refused = await chair.post(url, body)
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'vetting-incomplete')
  t.match(refused.json().detail, /background check .* has not been verified/)
  t.match(refused.json().detail, /health certificate .* is missing/)

  await expectOk(201, chair.post(`/api/v1/staff/${zhao.staffId}/checks`, verifiedCheck('background', '2026-08-20')))
  t.match((await chair.post(url, body)).json(), { code: 'vetting-incomplete', detail: /health certificate .* is missing/ }, 'still no health certificate')
  // A health certificate nobody has verified does not count either.
  const { verifiedBy: _, verifiedOn: __, ...unverified } = verifiedCheck('health', '2026-08-20')
  await expectOk(201, chair.post(`/api/v1/staff/${zhao.staffId}/checks`, unverified))
  t.match((await chair.post(url, body)).json(), { code: 'vetting-incomplete', detail: /health certificate .* has not been verified/ })
  // One issued 14 months ago is older than the default limit of 12.
  await expectOk(201, chair.post(`/api/v1/staff/${zhao.staffId}/checks`, verifiedCheck('health', '2026-08-20', 425)))
  t.match((await chair.post(url, body)).json(), { code: 'vetting-incomplete', detail: /older than the school allows .*limit is 12 months/ })
  t.equal(await count(ta, 'staff_contracts'), 0, 'no refusal wrote a contract')

  // The school allows 18 months: now it counts.
  t.equal((await ta.as(w.tokens.chair).put(`/api/v1/schools/${w.schoolId}/staff-settings`, { checkMaxAgeMonths: 18 })).statusCode, 403, 'the school sets it, not the chair')
  await expectOk(200, ta.as(w.tokens.reviewer).put(`/api/v1/schools/${w.schoolId}/staff-settings`, { checkMaxAgeMonths: 18 }))
  const contract = await expectOk(201, chair.post(url, body))
  t.equal(contract.status, 'draft')

  // The school shortens its limit again before anyone signs: signing is refused, nothing kept.
  await expectOk(200, ta.as(w.tokens.reviewer).put(`/api/v1/schools/${w.schoolId}/staff-settings`, { checkMaxAgeMonths: 12 }))
  const sign = await chair.post(`/api/v1/contracts/${contract.id}/sign`, { name: chairName })
  t.equal(sign.statusCode, 422)
  t.equal(sign.json().code, 'vetting-incomplete')
  t.equal((await ta.as(zhao.token).post(`/api/v1/contracts/${contract.id}/sign`, { name: '赵敏' })).json().code, 'vetting-incomplete')
  t.equal(await count(ta, 'contract_signatures'), 0, 'no signature was written')

  // A renewed certificate, verified: signing goes ahead.
  await expectOk(201, chair.post(`/api/v1/staff/${zhao.staffId}/checks`, verifiedCheck('health', '2026-08-20')))
  await expectOk(200, chair.post(`/api/v1/contracts/${contract.id}/sign`, { name: chairName }))
  t.equal(await count(ta, 'contract_signatures'), 1)
  t.notMatch(JSON.stringify(await expectOk(200, ta.as(w.tokens.auditor).get(`/api/v1/staff/${zhao.staffId}`))), /WFZ-|JK-/, 'certificate numbers are never shown whole')

  // Refusals of the check itself: a date in the future, a verification before the issue.
  const future = await chair.post(`/api/v1/staff/${zhao.staffId}/checks`, { ...verifiedCheck('health', '2026-08-20'), issuedOn: '2026-09-30', verifiedOn: '2026-09-30' })
  t.equal(future.json().code, 'background-check-invalid')
  const early = await chair.post(`/api/v1/staff/${zhao.staffId}/checks`, { ...verifiedCheck('health', '2026-08-20'), verifiedOn: '2026-01-01' })
  t.equal(early.json().code, 'verification-date-invalid')
  t.equal((await ta.as(w.tokens.treasurer).post(`/api/v1/staff/${zhao.staffId}/checks`, verifiedCheck('health', '2026-08-20'))).statusCode, 403)
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/staff/${zhao.staffId}`)).statusCode, 404, 'a parent is a stranger to staff records')
  t.equal((await ta.as(zhao.token).get(`/api/v1/staff/${zhao.staffId}`)).statusCode, 200, 'the staff member sees their own')
})

t.test("a provider's staff only from the school's white list", async (t) => {
  const { ta, w, chair } = await setup(t, 'wl')
  const staffUrl = `/api/v1/committees/${w.committeeId}/staff`
  const body = (providerId: string) => ({
    name: '机构老师',
    kind: 'external',
    phone: '13700137000',
    backgroundCheck: verifiedCheck('background', '2026-08-20'),
    healthCertificate: verifiedCheck('health', '2026-08-20'),
    providerId,
  })
  const other = await seedWorld(ta, 'wl-x', { term: TERM })
  const elsewhere = await expectOk(201, ta.as(other.tokens.reviewer).post(`/api/v1/schools/${other.schoolId}/providers`, { name: '别校机构' }))
  t.equal((await chair.post(staffUrl, body(elsewhere.id))).json().code, 'provider-not-listed', "another school's provider")
  t.equal((await chair.post(`/api/v1/schools/${w.schoolId}/providers`, { name: '阳光托管服务中心' })).statusCode, 403, 'the school keeps the list')
  const provider = await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/providers`, { name: '阳光托管服务中心', creditCode: '91410300MA0000000X' }))
  t.equal((await ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/providers`, { name: '阳光托管服务中心' })).json().code, 'provider-listed')
  t.equal((await chair.post(staffUrl, { ...body(provider.id), kind: 'volunteer' })).json().code, 'provider-for-external-only')
  const staff = await expectOk(201, chair.post(staffUrl, body(provider.id)))
  t.match(staff, { provider: { id: provider.id, name: '阳光托管服务中心' }, vetted: true })
  const list = await expectOk(200, chair.get(`/api/v1/schools/${w.schoolId}/providers`))
  t.same(
    list.items.map((p: { name: string }) => p.name),
    ['阳光托管服务中心'],
  )
  const nobody = randomUUID()
  const removeAs = (id: string) => ta.as(other.tokens.reviewer).post(`/api/v1/providers/${id}/remove`, { reason: 'x' })
  sameNotFound(t, await removeAs(provider.id), provider.id, await removeAs(nobody), nobody, "another school's reviewer removing our provider")
  await expectOk(200, ta.as(w.tokens.reviewer).post(`/api/v1/providers/${provider.id}/remove`, { reason: '资质到期' }))
  t.match(await expectOk(200, chair.get(`/api/v1/staff/${staff.id}`)), { vetted: false }, 'off the list from today')
  t.equal((await chair.post(staffUrl, body(provider.id))).json().code, 'provider-not-listed')
})

t.test('a contract: drawn up for a plan, the same PDF every time, signed by both with evidence, verifiable', async (t) => {
  const { ta, w, planId, zhao, chairName, chair } = await setup(t, 'hc')
  for (const kind of ['background', 'health'] as const) await expectOk(201, chair.post(`/api/v1/staff/${zhao.staffId}/checks`, verifiedCheck(kind, '2026-08-20')))
  const url = `/api/v1/committees/${w.committeeId}/contracts`
  const body = contractBody(zhao.staffId, planId, '2026-09-01', '2026-12-31', { rateFen: 5050 })

  // Refusals first, none of which writes a contract.
  t.equal((await ta.as(w.tokens.treasurer).post(url, body)).statusCode, 403, 'the chair hires')
  const other = await seedWorld(ta, 'hc-x', { term: TERM })
  t.equal((await ta.as(other.tokens.chair).post(url, body)).statusCode, 404)
  t.equal((await chair.post(url, { ...body, endsOn: '2027-02-01' })).json().code, 'contract-outside-term')
  t.equal((await chair.post(url, { ...body, startsOn: '2026-08-01' })).json().code, 'contract-outside-term')
  t.equal((await chair.post(url, { ...body, startsOn: '2026-10-01', endsOn: '2026-09-30' })).json().code, 'contract-dates')
  const otherPlan = await insertApprovedPlan(ta.db, { committeeId: other.committeeId, termId: other.termId, createdBy: other.userIds.chair! })
  t.equal((await chair.post(url, { ...body, planId: otherPlan })).statusCode, 404, "another committee's plan")
  t.equal((await chair.post(url, { ...body, committeePhone: undefined })).json().code, 'committee-phone-missing', "the chair's account has no phone")
  t.equal(await count(ta, 'staff_contracts'), 0)

  const contract = await expectOk(201, chair.post(url, body))
  t.match(contract, { contractNo: /^JW-HT-2026-\d{6}$/, status: 'draft', inForce: null, staffName: '赵敏', payType: 'hourly', rateFen: 5050, payDay: 10 })
  const pdfUrl = `/api/v1/contracts/${contract.id}/contract.pdf`
  const first = await ta.as(zhao.token).get(pdfUrl)
  t.equal(first.statusCode, 200)
  t.equal(first.headers['content-type'], 'application/pdf')
  const second = await chair.get(pdfUrl)
  t.equal(sha256(second.rawPayload), sha256(first.rawPayload), 'the same bytes for every reader')
  t.equal(first.headers['x-document-sha256'], sha256(first.rawPayload))
  const text = await extractText(first.rawPayload)
  for (const expected of [
    '乙方（受聘方）：赵敏（退休教师）',
    `代表人：${chairName}（家长委员会主任）`,
    '乙方岗位：托管看护及作业辅导',
    '每小时 50.50 元（人民币伍拾元零伍角）',
    '本协议期限自2026年9月1日起至2026年12月31日止',
    '经学校德育处王老师于',
    contract.contractNo,
  ])
    t.ok(hasText(text, expected), `the contract says ${expected}`)
  t.equal((await ta.as(w.tokens.parent1).get(pdfUrl)).statusCode, 404, 'a parent learns nothing')

  // pdftotext, as a reader would check it by hand.
  const pdftotext = (() => {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()
  if (pdftotext) {
    const dir = mkdtempSync(join(tmpdir(), 'contract-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'c.pdf'), first.rawPayload)
    const plain = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-']).toString('utf8')
    for (const expected of ['赵敏', '托管看护及作业辅导', '50.50 元', '人民币伍拾元零伍角', '2026年9月1日', '2026年12月31日'])
      t.ok(hasText(plain, expected), `pdftotext shows ${expected}`)
  }

  // Who signs: the chair who drew it up and the staff member, each with their own name.
  const sign = (token: string, body: Record<string, unknown>) => ta.as(token).post(`/api/v1/contracts/${contract.id}/sign`, body)
  t.equal((await sign(w.tokens.treasurer, { name: chairName })).statusCode, 403)
  t.equal((await sign(w.tokens.parent1, { name: chairName })).statusCode, 404)
  t.equal((await sign(zhao.token, { name: '赵 敏' })).json().code, 'signature-mismatch')
  t.equal((await sign(zhao.token, { name: '赵敏', documentSha256: 'ab'.repeat(32) })).json().code, 'document-changed')
  t.equal((await sign(zhao.token, { name: '赵敏', party: 'chair' })).statusCode, 403, 'the staff member does not sign for the committee')
  t.equal(await count(ta, 'contract_signatures'), 0)

  ta.clock.set('2026-08-27T20:15:00+08:00')
  const staffSigned = await expectOk(
    200,
    ta
      .as(zhao.token)
      .post(
        `/api/v1/contracts/${contract.id}/sign`,
        { name: '赵敏', documentSha256: first.headers['x-document-sha256'] },
        { headers: { 'user-agent': 'Mozilla/5.0 MicroMessenger/8.0.50' } },
      ),
  )
  t.equal(staffSigned.status, 'draft', 'one signature is not enough')
  t.equal((await sign(zhao.token, { name: '赵敏' })).json().code, 'already-signed')
  ta.clock.set('2026-08-28T09:00:00+08:00')
  const signed = await expectOk(200, sign(w.tokens.chair, { name: chairName }))
  t.match(signed, { status: 'signed', inForce: { from: '2026-09-01', to: '2026-12-31' } })
  t.same(signed.signatures.map((s: { party: string }) => s.party).sort(), ['chair', 'staff'])

  const rows = await ta.db.selectFrom('contract_signatures').selectAll().where('contract_id', '=', contract.id).orderBy('signed_at').execute()
  t.same(
    rows.map((r) => [r.party, r.signer_name, r.document_sha256]),
    [
      ['staff', '赵敏', sha256(first.rawPayload)],
      ['chair', chairName, sha256(first.rawPayload)],
    ],
    'both signed the same unsigned bytes',
  )
  t.equal(rows[0]!.user_agent, 'Mozilla/5.0 MicroMessenger/8.0.50')
  t.ok(rows[0]!.ip, 'the address is kept')
  const signedPdf = await chair.get(pdfUrl)
  t.equal(sha256(signedPdf.rawPayload), rows[1]!.signed_pdf_sha256, 'the PDF served is the one stored')
  const pages = await extractPages(signedPdf.rawPayload)
  t.ok(pages.at(-2)!.startsWith('电子签署证书（1/2：甲方代表）'))
  t.ok(pages.at(-1)!.startsWith('电子签署证书（2/2：乙方）'))
  t.ok(pages.at(-1)!.includes('MicroMessenger'))
  await t.rejects(ta.db.updateTable('contract_signatures').set({ signer_name: 'x' }).execute(), /append-only/, 'the evidence cannot be altered')

  // Anyone can check a copy: by the PDF itself or its hash. No names in the answer.
  const verify = await expectOk(200, ta.as(null).post('/p/contracts/verify', signedPdf.rawPayload, { headers: { 'content-type': 'application/pdf' } }))
  t.match(verify, { genuine: true, document: 'signed-pdf', contractNo: contract.contractNo, status: 'signed', committee: { name: '三年级2班家委会' } })
  t.equal(verify.signatures.length, 2)
  t.notMatch(JSON.stringify(verify), /赵敏|chair hc/, 'never who signed')
  t.match(await expectOk(200, ta.as(null).post('/p/contracts/verify', { sha256: sha256(first.rawPayload).toUpperCase() })), { genuine: true, document: 'signed-text' })
  t.same(await expectOk(200, ta.as(null).post('/p/contracts/verify', { sha256: 'cd'.repeat(32) })), { genuine: false })
  const tampered = Buffer.from(signedPdf.rawPayload)
  tampered.writeUInt8(tampered.readUInt8(tampered.length - 10) ^ 1, tampered.length - 10)
  t.same(await expectOk(200, ta.as(null).post('/p/contracts/verify', tampered, { headers: { 'content-type': 'application/pdf' } })), { genuine: false }, 'one changed byte')

  // The state follows the clock: active from the start, expired after the end.
  ta.clock.set('2026-09-01')
  t.equal((await expectOk(200, chair.get(`/api/v1/contracts/${contract.id}`))).status, 'active')
  const mine = await expectOk(200, ta.as(zhao.token).get('/api/v1/me/contracts'))
  t.same(
    mine.items.map((c: { id: string }) => c.id),
    [contract.id],
    'the staff member sees their contracts',
  )
  // One contract per person, plan and day.
  const overlap = await chair.post(url, { ...body, startsOn: '2026-12-01' })
  t.equal(overlap.statusCode, 409)
  t.equal(overlap.json().code, 'contract-overlap')
  ta.clock.set('2027-01-04')
  const later = ta.as(await loginAs(ta, 'hc-chair')) // sessions last 90 days
  t.equal((await expectOk(200, later.get(`/api/v1/contracts/${contract.id}`))).status, 'expired')
})

t.test('duty only under a signed contract covering the day, with valid vetting; termination ends it', async (t) => {
  const { ta, w, planId, zhao, chairName, chair } = await setup(t, 'dt')
  const duty = (date: string, hm = '16:20') => chair.post(`/api/v1/plans/${planId}/sessions/${date}/staff-duty`, { staffId: zhao.staffId, event: 'sign_in', at: at(date, hm) })
  const dutyRows = async () =>
    Number(
      (
        await ta.db
          .selectFrom('staff_duty_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  for (const kind of ['background', 'health'] as const) await expectOk(201, chair.post(`/api/v1/staff/${zhao.staffId}/checks`, verifiedCheck(kind, '2026-08-20')))

  ta.clock.set('2026-09-02T18:30:00+08:00')
  const none = await duty('2026-09-02')
  t.equal(none.statusCode, 422)
  t.equal(none.json().code, 'staff-not-eligible')
  t.match(none.json().detail, /no hiring contract/)
  // A contract one party has signed is not yet a contract.
  const contract = await expectOk(201, chair.post(`/api/v1/committees/${w.committeeId}/contracts`, contractBody(zhao.staffId, planId, '2026-09-03', '2026-12-31')))
  await expectOk(200, ta.as(zhao.token).post(`/api/v1/contracts/${contract.id}/sign`, { name: '赵敏' }))
  ta.clock.set('2026-09-03T18:30:00+08:00')
  t.equal((await duty('2026-09-03')).json().code, 'staff-not-eligible', 'signed by the staff member only')
  await expectOk(200, chair.post(`/api/v1/contracts/${contract.id}/sign`, { name: chairName }))
  await expectOk(201, duty('2026-09-03'))
  t.equal((await duty('2026-09-02', '16:30')).json().code, 'staff-not-eligible', 'the day before the contract started')

  // The school shortens its limit to a month: the health certificate is too old by the 30th, and duty stops.
  await expectOk(200, ta.as(w.tokens.reviewer).put(`/api/v1/schools/${w.schoolId}/staff-settings`, { checkMaxAgeMonths: 1 }))
  ta.clock.set('2026-09-30T18:30:00+08:00')
  const lapsed = await duty('2026-09-30')
  t.equal(lapsed.json().code, 'staff-not-eligible')
  t.match(lapsed.json().detail, /older than the school allows/)
  await expectOk(200, ta.as(w.tokens.reviewer).put(`/api/v1/schools/${w.schoolId}/staff-settings`, { checkMaxAgeMonths: 12 }))
  await expectOk(201, duty('2026-09-30'))
  const before = await dutyRows()

  // Dismissal: with a ground, a reason and a date from today on.
  const terminate = (token: string, body: Record<string, unknown>) => ta.as(token).post(`/api/v1/contracts/${contract.id}/terminate`, body)
  const reason = { ground: 'not_competent', reason: '多次未按规定交接学生，经提醒仍未改进' }
  t.equal((await terminate(w.tokens.treasurer, { ...reason, effectiveOn: '2026-10-12' })).statusCode, 403)
  t.equal((await terminate(zhao.token, { ...reason, effectiveOn: '2026-10-12' })).statusCode, 403, 'the staff member does not dismiss themself here')
  t.equal((await terminate(w.tokens.chair, { ...reason, effectiveOn: '2026-09-29' })).json().code, 'termination-in-past')
  t.equal((await terminate(w.tokens.chair, { ...reason, effectiveOn: '2027-01-05' })).json().code, 'termination-after-end')
  t.equal((await terminate(w.tokens.chair, { effectiveOn: '2026-10-12', ground: 'not_competent', reason: ' ' })).statusCode, 400)
  t.equal(await count(ta, 'contract_terminations'), 0)
  const ended = await expectOk(200, terminate(w.tokens.chair, { ...reason, effectiveOn: '2026-10-12' }))
  t.match(ended, { status: 'active', inForce: { from: '2026-09-03', to: '2026-10-11' }, termination: { effectiveOn: '2026-10-12', ground: 'not_competent' } })
  t.equal((await terminate(w.tokens.chair, { ...reason, effectiveOn: '2026-10-13' })).json().code, 'already-terminated')
  ta.clock.set('2026-10-12T18:30:00+08:00')
  t.equal((await expectOk(200, chair.get(`/api/v1/contracts/${contract.id}`))).status, 'terminated')
  const after = await duty('2026-10-12')
  t.equal(after.json().code, 'staff-not-eligible', 'nobody on duty after the termination takes effect')
  t.equal(await dutyRows(), before, 'and nothing was written')
  t.equal((await ta.as(zhao.token).post(`/api/v1/contracts/${contract.id}/sign`, { name: '赵敏' })).json().code, 'contract-terminated')
})
