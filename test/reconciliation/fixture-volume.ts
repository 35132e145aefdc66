/**
 * A whole school's plan and a busy month of exports, for the benchmark and for load tests of the
 * import routes: deterministic (a seeded generator), with namesakes, siblings, alias payers,
 * amount-only payers, outgoing and refunded rows in the proportions a treasurer sees.
 */
import type { Family, KnownPayments } from '../../src/modules/reconciliation/index.js'
import type { FixtureTx } from './fixture-data.js'

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '子涵欣怡梓轩浩宇雨桐一诺思远俊杰梦琪嘉怡宇航佳豪晨曦若汐沐阳语嫣皓轩诗涵博文紫萱明轩雅琪天佑可馨'
const GRADES = '一二三四五六'

function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export function manyFamilies(count: number, seed = 1): Family[] {
  const rnd = random(seed)
  const pick = (s: string) => s[Math.floor(rnd() * s.length)]!
  return Array.from({ length: count }, (_, i) => {
    const surname = pick(SURNAMES)
    const name = surname + pick(GIVEN) + (rnd() < 0.7 ? pick(GIVEN) : '')
    const owed = rnd() < 0.8 ? 30000 : rnd() < 0.5 ? 27550 : Math.round(rnd() * 300) * 100
    return {
      enrollmentId: `e-${i}`,
      studentName: name,
      className: `${pick(GRADES)}(${1 + Math.floor(rnd() * 8)})班`,
      guardianName: surname + pick(GIVEN) + pick(GIVEN),
      owedFen: owed,
    }
  })
}

export interface Volume {
  families: Family[]
  known: KnownPayments
  txs: FixtureTx[]
}

export function busyMonth(rows: number, familyCount: number, seed = 7): Volume {
  const rnd = random(seed)
  const families = manyFamilies(familyCount, seed)
  const known: KnownPayments = {
    aliases: families.filter((_, i) => i % 10 === 0).map((f) => ({ enrollmentId: f.enrollmentId, channel: 'wechat', payerName: `${f.studentName}家长` })),
    recorded: [],
  }
  const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
  const txs: FixtureTx[] = []
  for (let i = 0; i < rows; i++) {
    const f = families[Math.floor(rnd() * families.length)]!
    const day = String(1 + (i % 28)).padStart(2, '0')
    const time = `2025-09-${day} ${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`
    const base = { tag: `r${i}`, time, kind: '转账', method: '零钱', status: '已收钱', txNo: `42000${String(seed).padStart(3, '0')}2025${String(i).padStart(12, '0')}` }
    const r = rnd()
    if (r < 0.5) txs.push({ ...base, direction: '收入', counterparty: `用户${i}`, goods: `转账备注:${f.className}${f.studentName}托管费`, amount: yuan(f.owedFen || 30000) })
    else if (r < 0.6) txs.push({ ...base, direction: '收入', counterparty: `${f.studentName}家长`, goods: '转账备注:微信转账', amount: yuan(f.owedFen || 30000) })
    else if (r < 0.7) txs.push({ ...base, direction: '收入', kind: '二维码收款', counterparty: `访客${i}`, goods: '收款方备注:二维码收款', amount: yuan(f.owedFen || 30000) })
    else if (r < 0.9)
      txs.push({ ...base, direction: '支出', kind: '商户消费', counterparty: '文具店', goods: '用品', amount: yuan(500 + Math.floor(rnd() * 50000)), status: '支付成功' })
    else if (r < 0.95) txs.push({ ...base, direction: '收入', kind: '群收款', counterparty: `用户${i}`, goods: '九月托管费', amount: '300.00', status: '已全额退款' })
    else txs.push({ ...base, direction: '/', kind: '零钱提现', counterparty: '招商银行(8888)', goods: '/', amount: '100.00', status: '提现已到账' })
  }
  return { families, known, txs }
}
