// The answer page a parent or student opens on a phone (/s/:token): Chinese, one column, large
// touch targets, readable at 375 px, every control labelled (checked with axe-core in test/e2e).
import { chinaWallClock } from '../../china-time.js'
import type { SurveyQuestion } from '../../db/schema.js'
import { formatDateZh } from '../../pdf/format.js'
import { esc, page } from '../public/html.js'

export const SCALE_WORDS = ['很不满意', '不满意', '一般', '满意', '很满意'] as const

/** The answer pages' own styles, allowed by their hash (pagePolicy). */
export const SURVEY_CSS = `
  form section h2 { font-size: 1.15rem; }
  fieldset { border: 0; margin: 0 0 1.25rem; padding: 0; min-width: 0; }
  legend { font-weight: 600; margin-bottom: .5rem; padding: 0; line-height: 1.5; }
  .scale { display: grid; grid-template-columns: repeat(5, 1fr); gap: .35rem; }
  .scale label { display: flex; flex-direction: column; align-items: center; gap: .15rem; border: 1px solid #9ca3af; border-radius: .5rem; padding: .5rem .1rem; font-size: .85rem; text-align: center; cursor: pointer; }
  .scale label strong { font-size: 1.1rem; }
  .scale label span { font-size: .75rem; white-space: nowrap; }
  .choice label { display: flex; align-items: center; gap: .5rem; padding: .55rem .25rem; font-size: 1rem; }
  input[type=radio] { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: #b91c1c; }
  label.text { display: block; font-weight: 600; margin-bottom: .5rem; }
  textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #6b7280; border-radius: .5rem; }
  button { width: 100%; font: inherit; font-size: 1.1rem; padding: .85rem; border: 0; border-radius: .5rem; background: #b91c1c; color: #fff; cursor: pointer; }
  .notice { border-left: 4px solid #b91c1c; padding: .5rem .75rem; background: #fef2f2; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .code { font-family: ui-monospace, monospace; font-size: 1.25rem; letter-spacing: .1em; text-transform: uppercase; width: 100%; box-sizing: border-box; padding: .6rem; border: 1px solid #6b7280; border-radius: .5rem; }
`
const STYLE = `<style>${SURVEY_CSS}</style>`

/** An instant as "2026年12月20日 18:00" in Beijing time. */
function minute(instant: Date): string {
  const wall = chinaWallClock(instant).toISOString()
  return `${formatDateZh(wall.slice(0, 10))} ${wall.slice(11, 16)}`
}

const fieldName = (staff: number, question: number) => `a-${staff}-${question}`

function questionHtml(q: SurveyQuestion, staffIndex: number, qIndex: number, staffName: string): string {
  const name = fieldName(staffIndex, qIndex)
  if (q.kind === 'text') {
    return `<p><label class="text" for="${name}">${esc(q.text)}（选填）</label><textarea id="${name}" name="${name}" rows="3" maxlength="500"></textarea></p>`
  }
  const options =
    q.kind === 'scale'
      ? SCALE_WORDS.map((word, i) => `<label><input type="radio" name="${name}" value="${i + 1}" required><strong>${i + 1}</strong><span>${word}</span></label>`).join('')
      : q.options.map((o) => `<label><input type="radio" name="${name}" value="${esc(o)}" required>${esc(o)}</label>`).join('')
  return `<fieldset><legend>${esc(q.text)}<span class="visually-hidden">（${esc(staffName)}）</span></legend><div class="${q.kind}">${options}</div></fieldset>`
}

export interface FormData {
  title: string
  committee: string
  closesAt: Date
  token: string
  staff: { name: string }[]
  questions: SurveyQuestion[]
  error?: string | undefined
}

export function surveyForm(d: FormData): string {
  const sections = d.staff.map((s, si) => `<section><h2>关于${esc(s.name)}</h2>${d.questions.map((q, qi) => questionHtml(q, si, qi, s.name)).join('')}</section>`).join('\n')
  return page(
    d.title,
    `${STYLE}
<header><h1>${esc(d.title)}</h1><p>${esc(d.committee)}</p></header>
<main>
<section><p>请根据孩子参加课后托管服务的实际情况，对托管服务人员逐项评价：1 为很不满意，5 为很满意。</p>
<p><strong>匿名填写</strong>，不记录姓名和提交时间；本邀请只能提交一次。截止时间：${esc(minute(d.closesAt))}（北京时间）。</p>
${d.error ? `<p class="notice" role="alert">${esc(d.error)}</p>` : ''}</section>
<form method="post" action="/s">
<input type="hidden" name="token" value="${esc(d.token)}">
${sections}
<section><button type="submit">提交评价</button></section>
</form>
</main>`,
  )
}

/** A page that only says something: thanks, closed, already answered, unknown code. */
export function messagePage(title: string, heading: string, text: string): string {
  return page(title, `${STYLE}<header><h1>${esc(title)}</h1></header>\n<main><section><h2>${esc(heading)}</h2><p>${esc(text)}</p></section></main>`)
}

/** Where a code from a slip is typed. */
export function entryPage(error?: string): string {
  return page(
    '满意度测评',
    `${STYLE}<header><h1>满意度测评</h1><p>课后托管服务</p></header>
<main><section><h2>输入邀请条上的短码</h2>
${error ? `<p class="notice" role="alert">${esc(error)}</p>` : ''}
<form method="get" action="/s"><p><label class="text" for="code">短码（如 AB2C-D3EF）</label><input class="code" id="code" name="code" autocomplete="off" required maxlength="20"></p>
<button type="submit">开始填写</button></form></section></main>`,
  )
}
