import type { Finding, Reference } from '../../engine/types.js';
import { SEVERITIES, type Severity } from '../../model/types.js';
import type { Report, ReportVendor } from '../types.js';
import { diagnosticPlace, diagnosticText, groupDiagnostics } from './diagnostics.js';
import { escapeHtml as esc, jsonForScript, oneLine } from './escape.js';
import {
  basisRows,
  bySeverity,
  findingsByVendor,
  findingsPhrase,
  regimeRows,
  STATUS_HEADINGS,
  severityList,
  statusColumns,
  type TotalsRow,
} from './summary.js';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '#b3261e',
  high: '#e8590c',
  medium: '#d9a400',
  low: '#1c7ed6',
  info: '#868e96',
};

const CATEGORY_COLOURS = [
  '#4263eb',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#d6336c',
  '#0c8599',
  '#f59f00',
  '#5c940d',
  '#862e9c',
  '#495057',
  '#1098ad',
  '#c92a2a',
];

function gradeColour(score: number): string {
  if (score >= 90) return '#2f9e44';
  if (score >= 75) return '#74b816';
  if (score >= 60) return '#f59f00';
  if (score >= 40) return '#e8590c';
  return '#c92a2a';
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** A horizontal bar chart as inline SVG; every label escaped. */
function barChart(
  title: string,
  rows: { label: string; value: number; colour: string; note?: string }[],
  unit: string,
): string {
  const width = 520;
  const labelWidth = 190;
  const barArea = width - labelWidth - 60;
  const rowHeight = 26;
  const height = Math.max(1, rows.length) * rowHeight + 10;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bars = rows
    .map((r, i) => {
      const y = 5 + i * rowHeight;
      const w = r.value === 0 ? 0 : Math.max(2, Math.round((r.value / max) * barArea));
      const label = oneLine(r.label);
      const shown = label.length > 22 ? `${label.slice(0, 21)}…` : label;
      return `<g><title>${esc(`${label}: ${r.value} ${unit}${r.note ? ` (${r.note})` : ''}`)}</title><text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" class="lbl">${esc(shown)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" rx="3" fill="${r.colour}"/><text x="${labelWidth + w + 6}" y="${y + 17}" class="val">${num(r.value)}</text></g>`;
    })
    .join('');
  const empty = rows.length === 0 ? `<text x="10" y="20" class="lbl">nothing to show</text>` : '';
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${Math.max(height, 30)}" width="100%" preserveAspectRatio="xMinYMin meet">${bars}${empty}</svg></figure>`;
}

/** Data categories by provider: one stacked bar per provider, one segment per category. */
function stackedChart(report: Report): string {
  const byProvider = new Map<string, Map<string, number>>();
  const categories = new Set<string>();
  for (const v of report.vendors) {
    for (const s of v.services) {
      const key = s.providerName || s.provider;
      const counts = byProvider.get(key) ?? new Map<string, number>();
      for (const c of s.categories) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
        categories.add(c);
      }
      byProvider.set(key, counts);
    }
  }
  const cats = [...categories].sort();
  const colour = new Map(cats.map((c, i) => [c, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]]));
  const providers = [...byProvider.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const width = 520;
  const labelWidth = 190;
  const barArea = width - labelWidth - 40;
  const rowHeight = 26;
  const max = Math.max(1, ...providers.map(([, m]) => [...m.values()].reduce((a, b) => a + b, 0)));
  const rows = providers
    .map(([provider, counts], i) => {
      const y = 5 + i * rowHeight;
      let x = labelWidth;
      const segments = cats
        .filter((c) => counts.has(c))
        .map((c) => {
          const n = counts.get(c) ?? 0;
          const w = Math.max(2, Math.round((n / max) * barArea));
          const seg = `<rect x="${x}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" fill="${colour.get(c)}"><title>${esc(`${provider}: ${c} × ${n}`)}</title></rect>`;
          x += w;
          return seg;
        })
        .join('');
      const label = oneLine(provider);
      const shown = label.length > 22 ? `${label.slice(0, 21)}…` : label;
      return `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" class="lbl">${esc(shown)}</text>${segments}`;
    })
    .join('');
  const legendY = 10 + providers.length * rowHeight;
  const legend = cats
    .map((c, i) => {
      const x = 10 + (i % LEGEND_COLUMNS) * LEGEND_STEP;
      const y = legendY + Math.floor(i / LEGEND_COLUMNS) * 20;
      return `<rect x="${x}" y="${y}" width="12" height="12" fill="${colour.get(c)}"/><text x="${x + 17}" y="${y + 11}" class="lbl">${esc(c)}</text>`;
    })
    .join('');
  const height = legendY + Math.ceil(cats.length / LEGEND_COLUMNS) * 20 + 6;
  const title = 'Data categories by provider (services holding each category)';
  const empty = providers.length === 0 ? `<text x="10" y="20" class="lbl">nothing to show</text>` : '';
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${Math.max(height, 30)}" width="100%" preserveAspectRatio="xMinYMin meet">${rows}${legend}${empty}</svg></figure>`;
}

/** Legend entries per row and their spacing: the longest category (`intellectual-property`) fits whole. */
const LEGEND_COLUMNS = 3;
const LEGEND_STEP = 172;

function exposureChart(report: Report): string {
  const byCountry = new Map<string, { services: number; adversary: boolean }>();
  for (const v of report.vendors) {
    for (const s of v.services) {
      const key = s.controlCountry ?? 'unknown';
      const entry = byCountry.get(key) ?? { services: 0, adversary: false };
      entry.services++;
      if (s.adversaryControlled) entry.adversary = true;
      byCountry.set(key, entry);
    }
  }
  const rows = [...byCountry.entries()]
    .sort((a, b) => b[1].services - a[1].services || (a[0] < b[0] ? -1 : 1))
    .map(([country, e]) => ({
      label: country,
      value: e.services,
      colour: e.adversary ? '#c92a2a' : '#4263eb',
      note: e.adversary ? 'includes adversary-controlled providers' : undefined,
    }));
  return barChart(
    "Exposure by controlling country of each service's provider (red: adversary-controlled)",
    rows,
    'service(s)',
  );
}

function scoreRing(score: number, grade: string): string {
  const r = 52;
  const c = 2 * Math.PI * r;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * c;
  const colour = gradeColour(score);
  return `<svg class="ring" viewBox="0 0 130 130" width="130" height="130" role="img" aria-label="score ${score} of 100, grade ${esc(grade)}"><circle cx="65" cy="65" r="${r}" fill="none" stroke="#e9ecef" stroke-width="12"/><circle cx="65" cy="65" r="${r}" fill="none" stroke="${colour}" stroke-width="12" stroke-linecap="round" stroke-dasharray="${filled.toFixed(2)} ${c.toFixed(2)}" transform="rotate(-90 65 65)"/><text x="65" y="66" text-anchor="middle" class="score" id="score">${score}</text><text x="65" y="90" text-anchor="middle" class="grade">grade ${esc(grade)}</text></svg>`;
}

function referenceItem(r: Reference): string {
  const citation = r.citation ? ` <span class="cite">${esc(r.citation)}</span>` : '';
  if (r.url && /^https?:\/\//i.test(r.url)) {
    return `<li><a href="${esc(r.url)}" rel="noopener noreferrer" target="_blank">${esc(r.title)}</a>${citation}</li>`;
  }
  return `<li>${esc(r.title)}${citation}</li>`;
}

function findingBlock(f: Finding): string {
  const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : '';
  return `<article class="finding sev-${f.severity}" id="f-${esc(f.fingerprint)}">
<h4><span class="badge ${f.severity}">${f.severity}</span> ${esc(f.title)} <code>${esc(f.ruleId)}</code>${f.status !== 'open' ? ` <span class="status">${esc(f.status)}</span>` : ''}</h4>
<p>${esc(f.message)}</p>
${where ? `<p class="where">at <code>${esc(where)}</code>${f.service ? ` · service <code>${esc(f.service.id)}</code>` : ''}${f.data ? ` · data[${f.data.index}] ${esc(f.data.category)}` : ''}</p>` : ''}
${f.evidence.length > 0 ? `<div class="chain"><strong>Evidence chain</strong><ol>${f.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ol></div>` : ''}
${f.inferred && f.inferred.length > 0 ? `<p class="inferred">Inferred: ${f.inferred.map((i) => `${esc(i.fact)} (from ${esc(i.from)})`).join('; ')}</p>` : ''}
${f.waiver ? `<p class="waiver">Waived: ${esc(f.waiver.reason)} — approved by ${esc(f.waiver.approvedBy)}, expires ${esc(f.waiver.expires)}</p>` : ''}
<p><strong>Remediation:</strong> ${esc(f.remediation)}</p>
${f.regimes.length > 0 ? `<p class="regimes">Regimes: ${f.regimes.map((r) => `<span class="tag">${esc(r)}</span>`).join(' ')}</p>` : ''}
${f.references.length > 0 ? `<details><summary>References (${f.references.length})</summary><ul>${f.references.map(referenceItem).join('')}</ul></details>` : ''}
</article>`;
}

function vendorSection(v: ReportVendor, findings: Finding[]): string {
  const services = v.services
    .map(
      (s) =>
        `<tr><td><code>${esc(s.id)}</code></td><td>${esc(s.providerName || s.provider)}</td><td>${esc(s.countries.join(', ') || '–')}</td><td>${esc(s.categories.join(', ') || '–')}</td><td>${s.adversaryControlled ? '<span class="flag">adversary-controlled</span> ' : ''}${s.adversaryHosted ? '<span class="flag">adversary-hosted</span>' : ''}</td></tr>`,
    )
    .join('');
  return `<section class="vendor" id="v-${esc(v.id)}">
<h3>${esc(v.name)} <code>${esc(v.id)}</code> <span class="vscore" style="background:${gradeColour(v.score)}">${v.score} · ${esc(v.grade)}</span></h3>
<p class="meta">criticality ${esc(v.criticality)} · ${v.findings} finding(s)${v.coveredPerson ? ' · <span class="flag">covered person</span>' : ''}${v.controller ? ` · controlled by ${esc(v.controller)}${v.controlCountry ? ` (${esc(v.controlCountry)})` : ''}` : ''}</p>
<p class="control">Control chain: ${esc(v.controlEvidence)}</p>
${services ? `<table class="services"><thead><tr><th>Service</th><th>Provider</th><th>Hosting countries</th><th>Data</th><th>Flags</th></tr></thead><tbody>${services}</tbody></table>` : ''}
${findings.length > 0 ? `<details class="vendor-findings"><summary>${findings.length} finding(s): ${esc(severityList(bySeverity(findings, 'any')))}</summary>\n${findings.map(findingBlock).join('\n')}\n</details>` : ''}
</section>`;
}

/** The auditor's summary at the top: totals by regime and by basis, and every warning. */
function summarySection(report: Report): string {
  const cols = statusColumns(report);
  const table = (title: string, first: string, rows: TotalsRow[]): string =>
    rows.length === 0
      ? ''
      : `<div class="totals"><h3>${esc(title)}</h3><table><thead><tr><th>${esc(first)}</th><th></th>${cols.map((k) => `<th class="n">${esc(STATUS_HEADINGS[k])}</th>`).join('')}</tr></thead><tbody>${rows
          .map(
            (r) =>
              `<tr><td><code>${esc(r.key)}</code></td><td>${esc(r.label)}</td>${cols.map((k) => `<td class="n">${r[k]}</td>`).join('')}</tr>`,
          )
          .join('')}</tbody></table></div>`;
  const groups = groupDiagnostics(report.diagnostics);
  const warnings =
    groups.length === 0
      ? ''
      : `<div class="warnings"><h3>Warnings (${report.diagnostics.length})</h3><ul>${groups
          .flatMap((g) =>
            g.items.map((d) => {
              const place = diagnosticPlace(d);
              return `<li><code>${esc(g.code)}</code>${place ? ` <code>${esc(place)}</code>` : ''} ${esc(diagnosticText(d))}</li>`;
            }),
          )
          .join('')}</ul></div>`;
  return `<section id="summary"><h2>Summary</h2><p>${esc(findingsPhrase(report))}</p><div class="totals-grid">${table('By regime', 'Regime', regimeRows(report))}${table('By basis', 'Basis', basisRows(report))}</div>${warnings}</section>`;
}

const STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;gap:24px;align-items:center;padding:20px 28px;border-bottom:1px solid var(--line);background:var(--panel)}
header h1{margin:0 0 4px;font-size:22px}
main{padding:8px 28px 40px;max-width:1200px}
.verdict{font-weight:700;padding:2px 10px;border-radius:12px;color:#fff}
.verdict.pass{background:#2f9e44}.verdict.fail{background:#c92a2a}
.ring .score{font-size:34px;font-weight:700;fill:var(--fg)}.ring .grade{font-size:13px;fill:var(--muted)}
.counts{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}
.badge{display:inline-block;min-width:64px;text-align:center;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase}
.badge.critical{background:${SEVERITY_COLOUR.critical}}.badge.high{background:${SEVERITY_COLOUR.high}}.badge.medium{background:${SEVERITY_COLOUR.medium}}.badge.low{background:${SEVERITY_COLOUR.low}}.badge.info{background:${SEVERITY_COLOUR.info}}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px;margin:16px 0}
.chart{margin:0;padding:12px;border:1px solid var(--line);border-radius:8px}
.chart figcaption{font-weight:600;margin-bottom:6px}
.chart .lbl{font-size:14px;fill:var(--fg)}.chart .val{font-size:14px;fill:var(--muted)}
.tools{display:flex;gap:8px;margin:8px 0}
.tools input,.tools select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px}
.tools input{flex:1;max-width:420px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
#findings th{cursor:pointer;user-select:none;background:var(--panel);position:sticky;top:0}
#findings th[aria-sort=ascending]::after{content:" ▲"}#findings th[aria-sort=descending]::after{content:" ▼"}
#findings tr:hover td{background:#f1f3f5}
.vendor{border-top:2px solid var(--line);margin-top:24px;padding-top:8px}
.vscore{color:#fff;border-radius:10px;padding:0 8px;font-size:13px}
.meta,.control,.where,.inferred{color:var(--muted)}
.finding{border-left:4px solid var(--line);padding:4px 12px;margin:12px 0;background:var(--panel);border-radius:0 6px 6px 0}
.finding h4{margin:6px 0}
.finding.sev-critical{border-color:${SEVERITY_COLOUR.critical}}.finding.sev-high{border-color:${SEVERITY_COLOUR.high}}.finding.sev-medium{border-color:${SEVERITY_COLOUR.medium}}.finding.sev-low{border-color:${SEVERITY_COLOUR.low}}
.chain ol{margin:4px 0 4px 20px;padding:0}
.tag,.flag,.status{display:inline-block;border:1px solid var(--line);border-radius:8px;padding:0 6px;font-size:12px;background:#fff}
.flag{border-color:#c92a2a;color:#c92a2a}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
footer{color:var(--muted);font-size:12px;padding:12px 28px;border-top:1px solid var(--line)}
code{white-space:nowrap}
#findings td:nth-child(2),#findings td:nth-child(1){white-space:nowrap}
.table-wrap{overflow-x:auto}
#summary{margin:16px 0}
.totals-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px}
.totals h3,.warnings h3{margin:8px 0 4px;font-size:15px}
td.n,th.n{text-align:right;white-space:nowrap}
.warnings li{margin:2px 0}
.vendor-findings>summary{cursor:pointer;font-weight:600;margin:8px 0}
@media (max-width:900px){header{flex-wrap:wrap;padding:16px}main{padding:8px 12px 32px}.tools{flex-wrap:wrap}}
`;

/** Vanilla JS: renders the findings table from the JSON block (textContent only), sorts and filters it. */
const SCRIPT = `
(function(){
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var rank = {critical:0, high:1, medium:2, low:3, info:4};
  var cols = ["severity","rule","vendor","service","category","status","location","message"];
  var body = document.querySelector("#findings tbody");
  var filter = document.getElementById("filter");
  var sevFilter = document.getElementById("severity-filter");
  var countEl = document.getElementById("shown");
  var sortKey = "severity", sortDir = 1;
  function cmp(a, b){
    var x = a[sortKey], y = b[sortKey];
    if (sortKey === "severity") { x = rank[x]; y = rank[y]; }
    if (x < y) return -sortDir; if (x > y) return sortDir;
    return a.index - b.index;
  }
  function render(){
    var q = filter.value.trim().toLowerCase();
    var sev = sevFilter.value;
    var rows = data.findings.filter(function(f){
      if (sev && f.severity !== sev) return false;
      if (!q) return true;
      return cols.some(function(c){ return String(f[c]).toLowerCase().indexOf(q) !== -1; });
    }).sort(cmp);
    while (body.firstChild) body.removeChild(body.firstChild);
    rows.forEach(function(f){
      var tr = document.createElement("tr");
      cols.forEach(function(c){
        var td = document.createElement("td");
        if (c === "severity") { var b = document.createElement("span"); b.className = "badge " + f.severity; b.textContent = f.severity; td.appendChild(b); }
        else if (c === "vendor" && f.vendorId) { var a = document.createElement("a"); a.href = "#v-" + f.vendorId; a.textContent = f.vendor; td.appendChild(a); }
        else td.textContent = f[c];
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    countEl.textContent = rows.length + " of " + data.findings.length;
    document.querySelectorAll("#findings th").forEach(function(th){
      th.setAttribute("aria-sort", th.getAttribute("data-key") === sortKey ? (sortDir > 0 ? "ascending" : "descending") : "none");
    });
  }
  document.querySelectorAll("#findings th").forEach(function(th){
    th.addEventListener("click", function(){
      var key = th.getAttribute("data-key");
      if (key === sortKey) sortDir = -sortDir; else { sortKey = key; sortDir = 1; }
      render();
    });
  });
  filter.addEventListener("input", render);
  sevFilter.addEventListener("change", render);
  render();
})();
`;

/**
 * One self-contained HTML file: no external resources (a strict CSP forbids them), charts as inline
 * SVG, the findings table rendered by inline vanilla JS from an embedded JSON block, and a section
 * per vendor with evidence chains and references. Every inventory string is escaped.
 */
export function formatHtml(report: Report): string {
  return [...htmlChunks(report)].join('');
}

/** A finding's row of the findings table, as the embedded JSON block gives it to the page's script. */
function findingRow(f: Finding, index: number) {
  return {
    index,
    severity: f.severity,
    rule: f.ruleId,
    vendor: oneLine(f.vendor?.name ?? ''),
    vendorId: f.vendor?.id ?? '',
    service: oneLine(f.service?.name ?? f.service?.id ?? ''),
    category: f.data?.category ?? '',
    status: f.status,
    location: f.location ? `${oneLine(f.location.file)}:${f.location.line}:${f.location.column}` : '',
    message: oneLine(f.message),
  };
}

/**
 * The HTML report in pieces (formatHtml is them joined): the page up to the vendors, a piece per vendor's section,
 * and the findings table's JSON a row at a time (`jsonForScript` escapes character by character, so the rows
 * escaped one by one are the block escaped whole). 100k vendors make 280 MB of HTML, never one string.
 */
export function* htmlChunks(report: Report): Generator<string> {
  const s = report.summary;
  const severityRows = SEVERITIES.map((sev) => ({
    label: sev,
    value: s.counts[sev],
    colour: SEVERITY_COLOUR[sev],
  }));
  const { byVendor, organisationWide: orgWide } = findingsByVendor(report.findings);
  const title = `residency report — ${oneLine(report.organisation.name)} (as of ${report.asOf})`;
  const counts = SEVERITIES.map((sev) => `<span class="badge ${sev}">${s.counts[sev]} ${sev}</span>`).join('');
  const identity = report.identity
    ? `<p class="meta">AWS identity: ${esc([report.identity.arn, report.identity.account].filter(Boolean).join(' · ') || report.identity.error?.message || 'unknown')}</p>`
    : '';
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
${scoreRing(s.score, s.grade)}
<div>
<h1>${esc(report.organisation.name)}</h1>
<div><span class="verdict ${s.verdict}" id="verdict">${s.verdict.toUpperCase()}</span> score <strong>${s.score}/100</strong>, grade <strong>${esc(s.grade)}</strong> · ${esc(findingsPhrase(report))} · ${s.vendors} vendor(s), ${s.services} service(s) · as of ${esc(report.asOf)}</div>
<div class="counts">${counts}</div>
${s.reasons.map((r) => `<p class="meta">${esc(r)}</p>`).join('')}
${identity}
</div>
</header>
<main>
${summarySection(report)}
<div class="charts">
${barChart('Findings by severity', severityRows, 'finding(s)')}
${exposureChart(report)}
${stackedChart(report)}
</div>
<h2>Findings</h2>
<div class="tools"><input id="filter" type="search" placeholder="Filter findings (rule, vendor, service, message…)" aria-label="Filter findings"><select id="severity-filter" aria-label="Severity"><option value="">all severities</option>${SEVERITIES.map((sev) => `<option value="${sev}">${sev}</option>`).join('')}</select><span id="shown" class="meta"></span></div>
<div class="table-wrap"><table id="findings"><thead><tr><th data-key="severity">Severity</th><th data-key="rule">Rule</th><th data-key="vendor">Vendor</th><th data-key="service">Service</th><th data-key="category">Data</th><th data-key="status">Status</th><th data-key="location">Location</th><th data-key="message">Message</th></tr></thead><tbody></tbody></table></div>
<noscript><p>The findings table needs JavaScript; every finding is also listed per vendor below.</p></noscript>
<h2>Vendors</h2>
`;
  const vendors = report.vendors;
  for (let i = 0; i < vendors.length; i++)
    yield `${i === 0 ? '' : '\n'}${vendorSection(vendors[i], byVendor.get(vendors[i].id) ?? [])}`;
  yield `
${orgWide.length > 0 ? `<section class="vendor"><h3>Organisation-wide</h3>${orgWide.map(findingBlock).join('\n')}</section>` : ''}
</main>
<footer>${esc(report.tool.name)} ${esc(report.tool.version)} · rule pack ${esc(report.rulePack.version)} (${report.rulePack.rules} rules) · catalogue ${esc(report.catalog.version)} · inputs: ${report.inputs.map((i) => esc(i.path)).join(', ')}</footer>
<script type="application/json" id="report-data">{"findings":[`;
  const findings = report.findings;
  for (let i = 0; i < findings.length; i++) yield `${i === 0 ? '' : ','}${jsonForScript(findingRow(findings[i], i))}`;
  yield `]}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
