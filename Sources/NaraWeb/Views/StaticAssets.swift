import Vapor

/// The stylesheet, compiled into the binary so the server needs no files beside it.
enum StaticAssets {
    static func stylesheetResponse() -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: stylesheet))
    }

    // Colours are chosen for at least 4.5:1 contrast against their background (WCAG 2.1 AA).
    static let stylesheet = """
    :root { --ink: #1b1f23; --muted: #4a5560; --accent: #0b5394; --accent-dark: #073763; --line: #c9d1d9;
            --bg-soft: #f3f6f9; --ok: #1e6b34; --warn-bg: #fff4d6; --warn-line: #b7791f; --focus: #ffbf47; }
    * { box-sizing: border-box; }
    html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
           color: var(--ink); line-height: 1.5; }
    body { margin: 0; }
    .wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
    a { color: var(--accent); }
    a:hover { color: var(--accent-dark); }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, [tabindex]:focus-visible, main:focus-visible {
        outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
    td, th { overflow-wrap: break-word; }
    .skip-link { position: absolute; left: -999px; top: 0; background: var(--focus); color: #000; padding: .5rem 1rem; }
    .skip-link:focus { left: 0; z-index: 10; }
    .site-header { background: var(--accent-dark); color: #fff; padding: .75rem 0; }
    .site-header .wrap { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1.5rem; }
    .site-header a { color: #fff; }
    .brand { font-size: 1.6rem; font-weight: 700; text-decoration: none; }
    .tagline { margin: 0; font-size: .95rem; flex: 1 1 20rem; }
    .site-header nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
    .site-header nav a[aria-current] { font-weight: 700; text-decoration-thickness: 3px; }
    .breadcrumbs ol { list-style: none; padding: 0; margin: 1rem auto 0; display: flex; flex-wrap: wrap; gap: .25rem; font-size: .95rem; }
    .breadcrumbs li + li::before { content: "›"; margin: 0 .4rem; color: var(--muted); }
    main { padding-bottom: 3rem; }
    h1 { font-size: 2rem; line-height: 1.2; margin: 1.25rem 0 .75rem; overflow-wrap: break-word; hyphens: auto; }
    @media (max-width: 30rem) { h1 { font-size: 1.55rem; } }
    h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; }
    h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
    .lead { font-size: 1.15rem; max-width: 48rem; }
    .muted { color: var(--muted); }
    table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.5rem; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: .25rem 0; }
    th, td { border-bottom: 1px solid var(--line); padding: .45rem .6rem; text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid var(--ink); }
    .num { text-align: right; white-space: nowrap; }
    tfoot th, tfoot td { border-top: 2px solid var(--ink); font-weight: 700; }
    .table-wrap { overflow-x: auto; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; margin: 1rem 0; padding: 0; }
    .figures div { background: var(--bg-soft); padding: .75rem 1rem; border-left: 4px solid var(--accent); }
    .figures dt { font-size: .9rem; color: var(--muted); }
    .figures dd { margin: 0; font-size: 1.35rem; font-weight: 700; }
    .notice { border-left: 6px solid var(--accent); background: var(--bg-soft); padding: .5rem 1rem; margin: 1rem 0; max-width: 52rem; }
    .notice-warning { border-color: var(--warn-line); background: var(--warn-bg); }
    .notice-ok { border-color: var(--ok); }
    .notice-heading { font-size: 1.1rem; margin: .5rem 0 .25rem; }
    .downloads { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; list-style: none; }
    .steps li { margin-bottom: .75rem; }
    .formula { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-soft); padding: .1rem .3rem; }
    .tag { display: inline-block; font-size: .85rem; padding: 0 .4rem; border: 1px solid var(--muted); border-radius: 3px; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .account { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; margin: 0; }
    .account p { margin: 0; }
    .account-name { font-weight: 700; }
    .inline-form { display: inline; margin: 0; }
    .button { display: inline-block; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 2px solid var(--accent);
              border-radius: 4px; padding: .45rem 1rem; cursor: pointer; text-decoration: none; }
    .button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #fff; }
    .button-secondary { background: #fff; color: var(--accent-dark); }
    .button-secondary:hover { background: var(--bg-soft); color: var(--accent-dark); }
    .site-header .button-secondary { background: transparent; color: #fff; border-color: #fff; padding: .2rem .7rem; }
    .narrow-form { max-width: 32rem; }
    .field { margin: 0 0 1.1rem; }
    .field label { display: block; font-weight: 600; margin-bottom: .2rem; }
    .field input, .field select { font: inherit; padding: .4rem .5rem; border: 2px solid var(--ink); border-radius: 3px; width: 100%; max-width: 32rem; background: #fff; }
    .field input[type=file] { border: none; padding: 0; }
    .hint { color: var(--muted); margin: 0 0 .3rem; font-size: .95rem; }
    .field-error { border-left: 5px solid #b3261e; padding-left: .75rem; }
    .error-message { color: #b3261e; font-weight: 700; margin: 0 0 .3rem; }
    .field-error input, .field-error select { border-color: #b3261e; }
    .error-summary { border: 4px solid #b3261e; padding: .5rem 1rem; margin: 1rem 0; max-width: 52rem; }
    .error-summary:focus { outline: 3px solid var(--focus); }
    .error-summary-title { font-size: 1.2rem; margin: .4rem 0; }
    .error-summary a { color: #b3261e; font-weight: 600; }
    .flash { border-left: 6px solid var(--ok); background: var(--bg-soft); padding: .25rem 1rem; margin: 1rem 0; max-width: 52rem; }
    .chart { max-width: 100%; height: auto; }
    .chart-label { font: 13px sans-serif; fill: #1b1b1b; }
    .chart-value { font: 12px sans-serif; fill: #1b1b1b; }
    .chart-figure { margin: 1rem 0; }
    .chart-figure figcaption { font-size: .9rem; color: var(--muted); }
    .analysis { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 2rem; }
    @media (min-width: 70rem) { .analysis { grid-template-columns: minmax(0, 40rem) minmax(0, 1fr); } }
    .page-tools { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; margin: .5rem 0 1rem; }
    .answers-list { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
    .answers-list li { border: 1px solid var(--muted); border-radius: 4px; padding: .75rem 1rem; }
    .answers-list h3 { font-size: 1rem; margin: 0 0 .4rem; }
    mark { background: #ffe08a; color: #000; padding: 0 .1rem; }
    .generated-note { border-left: 6px solid #E69F00; padding: .5rem 1rem; background: #fff8e6; }
    .pager { display: flex; gap: 1rem; list-style: none; padding: 0; }
    .filter-form { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
    .filter-form .field { flex: 1 1 12rem; }
    .filter-form .button { margin-bottom: 1.1rem; }
    .role-form { display: flex; gap: .5rem; align-items: flex-end; flex-wrap: wrap; margin-bottom: .5rem; }
    .role-form .field { margin: 0; }
    .card-list { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
    .card-list li { background: var(--bg-soft); padding: .75rem 1rem; border-left: 4px solid var(--accent); }
    .card-list a { font-weight: 700; font-size: 1.1rem; }
    .task-list { list-style: none; padding: 0; margin: 0 0 1.5rem; border-top: 1px solid var(--line); max-width: 52rem; }
    .task { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; padding: .7rem 0; border-bottom: 1px solid var(--line); }
    .task > a { flex: 1 1 20rem; font-weight: 600; }
    .task-meta { color: var(--muted); font-size: .95rem; }
    .status-late, .status-completion_requested { border-color: #b3261e; color: #b3261e; }
    .status-submitted, .status-approved { border-color: var(--ok); color: var(--ok); }
    .section-count { color: var(--muted); margin: 1rem 0 0; }
    progress { width: 100%; max-width: 32rem; height: .8rem; }
    .quote { border-left: 4px solid var(--line); padding-left: .8rem; max-width: 48rem; color: #2e3740; }
    .instruction { max-width: 48rem; }
    .question-wrap { margin: 1.6rem 0; max-width: 48rem; }
    .question-wrap.is-hidden { display: none; }
    .question > label, .question legend, .table-question-label { font-weight: 700; display: block; margin-bottom: .35rem; font-size: 1.05rem; }
    .question textarea, .comment-field textarea { width: 100%; font: inherit; padding: .5rem; border: 2px solid var(--ink); border-radius: 3px; }
    .question input[type=text], .question input[type=date] { font: inherit; padding: .4rem .5rem; border: 2px solid var(--ink); border-radius: 3px; }
    .input-short { width: 14rem; }
    fieldset.choices { border: none; padding: 0; margin: 0; }
    .choice { display: flex; gap: .5rem; align-items: center; margin: .35rem 0; }
    .choice input { width: 1.3rem; height: 1.3rem; }
    .comment-field { margin-top: .8rem; }
    .answer-table input { width: 9rem; font: inherit; padding: .3rem; border: 2px solid var(--ink); }
    .save-state { min-height: 1.4rem; font-size: .95rem; color: var(--muted); }
    .save-ok { color: var(--ok); }
    .save-error { color: #b3261e; font-weight: 700; }
    .conflict-inline, .conflict-option { border: 3px solid #b3261e; padding: .5rem 1rem; margin: .5rem 0; background: #fff; }
    .conflict { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
    .form-actions { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin: 2rem 0 1rem; }
    .section-nav { display: flex; gap: 1.5rem; flex-wrap: wrap; margin: 1rem 0; }
    .answer { margin: 0 0 1.2rem; max-width: 48rem; }
    .answer-question { font-size: 1rem; margin: 0 0 .25rem; }
    .answer-value p { margin: 0 0 .4rem; white-space: pre-wrap; }
    .answer-comment { margin-top: .3rem; }
    .check-section { border-top: 2px solid var(--line); margin-top: 1.5rem; }
    .receipt { border: 4px solid var(--ok); padding: .5rem 1.5rem; margin: 1rem 0; max-width: 48rem; }
    .receipt-reference { font-size: 1.3rem; }
    .print-document { max-width: 46rem; font-family: Georgia, "Times New Roman", serif; }
    .print-header { border-bottom: 2px solid var(--ink); margin-bottom: 1rem; }
    .diff-old { background: #fdecea; }
    .diff-new { background: #e8f5e9; }
    .code-input { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
    .site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; padding: 1rem 0 2rem; }
    @media print {
      .site-header, .skip-link, .downloads, .breadcrumbs, .site-footer, .flash, .section-nav, .filter-form, .page-tools, .pager { display: none; }
      .chart { max-width: 100%; height: auto; }
      .print-document { max-width: none; font-size: 11pt; }
      .print-section { break-inside: auto; }
      .answer { break-inside: avoid; }
      a { color: #000; text-decoration: none; }
    }
    .nowrap { white-space: nowrap; }
    .editor-section { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem 1rem; margin: 0 0 1.5rem; min-width: 0; }
    .editor-section legend { font-weight: 700; font-size: 1.25rem; padding: 0 .4rem; }
    .editor-row { border-top: 1px solid var(--line); padding-top: .6rem; margin-top: .6rem; }
    .editor-row h3 { margin: .2rem 0 .6rem; font-size: 1.05rem; }
    .field-row { display: flex; flex-wrap: wrap; gap: 0 1rem; }
    .field-row .field { flex: 1 1 13rem; min-width: 0; }
    .field-wide textarea { width: 100%; max-width: 48rem; font: inherit; padding: .4rem .5rem; border: 2px solid var(--ink); border-radius: 3px; }
    .field-error textarea { border-color: #b10e1e; }
    .field-check { display: flex; align-items: center; gap: .5rem; }
    .field-check input { width: 1.25rem; height: 1.25rem; margin: 0; }
    .field-check label { font-weight: 400; margin: 0; }
    .row-actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
    .row-actions .field { margin: 0; }
    .button-small { padding: .3rem .8rem; font-size: .95rem; }
    .form-actions { margin: 1rem 0 1.5rem; }
    .amount-input { font-variant-numeric: tabular-nums; }
    .change-table td { min-width: 12rem; }
    .pot-preview { margin: 1.5rem 0; }
    """
}
