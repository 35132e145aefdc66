// 解聘: the committee ends a contract, e.g. for someone not competent ("对不能胜任的人员，家长委员会可及时予以解聘"),
// with a ground, a reason and the day it takes effect. From that day nobody is put on duty under
// it and nothing is paid under it; what was worked before stays paid.
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { contractOutOf, loadContractForUpdate, recordsOf } from './contract-access.js'
import * as repo from './repository.js'
import type { TerminateContractInput } from './schemas.js'

export async function terminateContract(db: Db, ctx: Ctx, contractId: string, input: TerminateContractInput) {
  return db.transaction().execute(async (trx) => {
    const { contract, staff } = await loadContractForUpdate(trx, ctx, contractId, ['chair'], 'terminate a contract')
    const records = (await recordsOf(trx, [contract.id])).get(contract.id)!
    const today = chinaToday(ctx)
    if (records.termination) throw new Conflict('already-terminated', `This contract was already terminated from ${records.termination.effective_on}`)
    if (today > contract.ends_on) throw new Conflict('contract-ended', `This contract ended on ${contract.ends_on}`)
    // Retroactive dismissal would unpay sessions already worked under a valid contract.
    if (input.effectiveOn < today)
      throw new RuleViolation('termination-in-past', `A termination takes effect today (${today}) or later`, [{ path: 'body.effectiveOn', message: `must be ${today} or later` }])
    if (input.effectiveOn > contract.ends_on)
      throw new RuleViolation('termination-after-end', `The contract ends on ${contract.ends_on} by itself`, [
        { path: 'body.effectiveOn', message: `must be ${contract.ends_on} or earlier` },
      ])
    await repo.insertTermination(trx, { contractId: contract.id, effectiveOn: input.effectiveOn, ground: input.ground, reason: input.reason, by: ctx.actor.userId }, ctx.now)
    await recordAudit(trx, ctx, {
      action: 'contract.terminated',
      entityType: 'contract',
      entityId: contract.id,
      data: { staffId: staff.id, effectiveOn: input.effectiveOn, ground: input.ground, reason: input.reason },
    })
    return contractOutOf(trx, contract, staff.name, ctx)
  })
}
