import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import type { Db } from '../../db/index.js'
import { defineRoutes } from '../../http/route.js'
import { formatYuan } from '../../money.js'
import { formatWeekdays, type Weekday } from '../../pdf/format.js'
import { verifyAgreement } from '../enrollment/service.js'
import { listPublicPlans } from '../plans/service.js'
import { getPublicCommittee } from '../schools/service.js'
import { ALGORITHM, listPublicStatements } from '../statements/service.js'
import { esc, page } from './html.js'
import { VerifyAgreementBody, VerifyAgreementOut } from './schemas.js'
import { statementsSection } from './statements-section.js'

const LEVEL = { school: '校级', grade: '年级', class: '班级' } as const

/** A signed agreement is a few hundred kilobytes; nothing this size is one. */
const MAX_AGREEMENT_BYTES = 5 * 1024 * 1024

export async function publicRoutes(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const route = defineRoutes(app, 'public')
  // Only this plugin's routes take a PDF body (verifyAgreement); everywhere else it is a 415.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_AGREEMENT_BYTES }, (_req, body, done) => done(null, body))
  route({
    method: 'POST',
    url: '/p/agreements/verify',
    operationId: 'verifyAgreement',
    summary: 'Is this a genuine signed care agreement?',
    description:
      'Anyone, without signing in: send the agreement PDF (application/pdf) or its SHA-256 (JSON). A genuine one answers when it was signed, for which committee, school and term, its agreement number and plan version, and whether the enrollment still runs — never a name. Anything else answers genuine: false.',
    public: true,
    body: VerifyAgreementBody,
    consumes: ['application/json', 'application/pdf'],
    bodyLimit: MAX_AGREEMENT_BYTES,
    reply: { schema: VerifyAgreementOut },
    errors: [413, 415],
    handler: (req) => verifyAgreement(opts.db, Buffer.isBuffer(req.body) ? { pdf: req.body } : { sha256: req.body.sha256 }),
  })
  route({
    method: 'GET',
    url: '/p/:slug',
    operationId: 'getPublicPage',
    summary: "A committee's public page (HTML)",
    description:
      'Anyone, without signing in: who runs the care, the plans the school approved with their fee standard and budget, and what the committee publishes. Never a child’s or a guardian’s name.',
    public: true,
    params: z.object({ slug: z.string().min(1).max(63) }),
    reply: { schema: z.string(), media: 'text/html', description: 'The page' },
    errors: [404],
    handler: async (req, reply) => {
      const c = await getPublicCommittee(opts.db, req.params.slug)
      const unit = c.level === 'class' ? `${c.grade ?? ''}年级${c.class_name ?? ''}` : c.level === 'grade' ? `${c.grade ?? ''}年级` : '全校'
      const html = page(
        `${c.name} · 课后托管公开信息`,
        `<header><h1>${esc(c.name)}</h1><p>${esc(c.school_name)} · ${LEVEL[c.level]}家长委员会 · ${esc(unit)}</p></header>
<main>
<section><h2>课后托管服务</h2><p>本委员会在学校监督下组织课后托管服务：家长自愿申请、签订托管协议，费用按学校核准的收费标准收取，按月公示收支，学期末结算并按实退还结余。</p></section>
${plansSection(await listPublicPlans(opts.db, c.id))}
${statementsSection(c.slug, (await listPublicStatements(opts.db, c.slug, { withContent: true })).items, ALGORITHM)}
</main>`,
      )
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html)
    },
  })
}

function plansSection(plans: Awaited<ReturnType<typeof listPublicPlans>>): string {
  if (plans.length === 0) return '<section><h2>托管方案</h2><p class="muted">尚无经学校核准的托管方案。</p></section>'
  return plans
    .map((p) => {
      const fee = p.billing === 'monthly' ? `每月 ${formatYuan(p.feeFen)} 元` : `每学期 ${formatYuan(p.feeFen)} 元`
      const budget = p.budget.map((b) => `<tr><td>${esc(b.category)}</td><td class="num">${formatYuan(b.amountFen)}</td></tr>`).join('')
      return `<section><h2>${esc(p.title)}</h2>
<p>${esc(p.termName)} · ${esc(formatWeekdays(p.schedule.weekdays as Weekday[]))} ${esc(p.schedule.startTime)}—${esc(p.schedule.endTime)} · 名额 ${p.capacity} 人 · 学校核准第 ${p.version} 版</p>
<p><strong>收费标准：${fee}</strong>（建档立卡家庭免收）。按预算测算每生每月成本 ${formatYuan(p.cost.perStudentPerMonthFen)} 元。</p>
<table><thead><tr><th>预算科目</th><th class="num">金额（元）</th></tr></thead><tbody>${budget}
<tr><th>合计</th><th class="num">${formatYuan(p.cost.budgetTotalFen)}</th></tr></tbody></table></section>`
    })
    .join('\n')
}
