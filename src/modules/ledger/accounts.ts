// The chart of accounts of a fund (one plan's term). Amounts are signed: a debit is positive, a
// credit negative, so every entry sums to zero. Assets (cash, receivables) carry debit balances;
// a family's held credit and refunds payable are owed to the family, so they carry credit ones.
import type { Account, PaymentMethod } from '../../db/schema.js'

export type { Account }

export const ACCOUNTS: Record<Account, { zh: string; family?: true }> = {
  'cash:cash': { zh: '库存现金' },
  'cash:bank': { zh: '银行存款' },
  'cash:wechat': { zh: '微信收款' },
  'cash:alipay': { zh: '支付宝收款' },
  receivable: { zh: '应收托管费', family: true },
  family_credit: { zh: '家庭预存（余额）', family: true },
  fee_income: { zh: '托管费收入' },
  waivers: { zh: '减免（建档立卡）' },
  leave_credits: { zh: '请假退费' },
  write_offs: { zh: '核销欠费' },
  subsidy_receivable: { zh: '应收财政补贴' },
  subsidy_income: { zh: '财政补贴收入' },
  expense: { zh: '支出' },
  refunds_payable: { zh: '应退家庭款', family: true },
  surplus_refunds: { zh: '结余退还' },
  carry_over: { zh: '结转' },
}

export const CASH_ACCOUNTS = ['cash:cash', 'cash:bank', 'cash:wechat', 'cash:alipay'] as const satisfies readonly Account[]

export function cashAccount(method: PaymentMethod): Account {
  return `cash:${method}` as Account
}

export const isFamilyAccount = (account: Account) => ACCOUNTS[account].family === true
