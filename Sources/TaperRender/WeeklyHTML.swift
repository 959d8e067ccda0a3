public import TaperCore

/// The printable schedule as one self-contained HTML page: inline CSS, an inline SVG taper chart, no
/// network. Printing it from a browser gives page 1, one page per week and the tablet supply, as the PDF.
///
/// Every builder returns ``HTML``: text from the plan is escaped where it is interpolated, by the type.
public enum WeeklyHTML {
  /// The schedule's style sheet and its pages, for a page that embeds them (the clinician web page) and for
  /// ``document(_:options:)``, which wraps them in a page of their own.
  public struct Parts: Sendable {
    /// The style sheet, without the `<style>` element around it.
    public var css: HTML
    /// The content of the `<body>` element: a newline, then page 1, one section per week and the supply page.
    /// The sections draw a DRAFT watermark when an ancestor has the class `draft`.
    public var body: HTML
    /// Whether the plan is a draft: the element around ``body`` then carries the class `draft`.
    public var isDraft: Bool
  }

  /// The whole page as text, for writing to a file.
  public static func render(_ plan: TreatmentPlan, options: PrintOptions) -> String {
    document(plan, options: options).description
  }

  /// The whole page: a head with the title and ``Parts/css``, a body with ``Parts/body``.
  public static func document(_ plan: TreatmentPlan, options: PrintOptions) -> HTML {
    let parts = parts(plan, options: options)
    var html: HTML = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    html += "<meta name=\"generator\" content=\"Taper \(options.version)\">\n"
    html += "<title>\(plan.title) — \(plan.id) revision \(plan.revision)</title>\n"
    html += "<style>\n\(parts.css)</style>\n</head>\n"
    html += "<body class=\"\(parts.isDraft ? "draft" : "approved")\">\(parts.body)</body>\n</html>\n"
    return html
  }

  /// The style sheet and the pages of `plan`.
  public static func parts(_ plan: TreatmentPlan, options: PrintOptions) -> Parts {
    let schedule = WeeklySchedule(plan, weekStart: options.weekStart)
    let layout = PrintLayout(plan, schedule: schedule, options: options)
    let pageCount = layout.pageCount
    let cover = WeeklyCover(plan, options: options, weekCount: schedule.weeks.count)
    var body: HTML = "\n"
    body.reserveCapacity(4096 + schedule.weeks.count * 6000)
    if options.largePrint {
      return Parts(css: largeCSS(options.paper), body: largeBody(plan, options: options, layout: layout, cover: cover), isDraft: cover.isDraft)
    }
    for (n, page) in layout.pages.enumerated() {
      let number = n + 1
      switch page {
      case .changes: body += changesSection(layout, plan: plan, options: options)
      case .cover:
        body += coverSection(
          cover, chart: WeeklyChart(plan), plan: plan, options: options, pageCount: pageCount, page: number)
      case .advice: body += adviceSection(cover, plan: plan, options: options, pageCount: pageCount, page: number)
      case .steroidCard:
        body += steroidCardSection(plan, options: options, pageCount: pageCount, page: number)
      case .week(let i):
        body += weekSection(layout.weeks[i], plan: plan, options: options, pageCount: pageCount, page: number)
      case .supply:
        body += supplySection(WeeklySupply(plan), plan: plan, options: options, pageCount: pageCount, page: number)
      case .clinician:
        body += clinicianSection(cover.clinician, plan: plan, options: options, pageCount: pageCount, page: number)
      }
    }
    return Parts(css: css(options.paper), body: body, isDraft: cover.isDraft)
  }

  /// The style sheet and the one week page that holds `date` (the first week a revision changes), as parts to
  /// embed; `nil` when the plan has no such week.
  public static func weekParts(_ plan: TreatmentPlan, options: PrintOptions, containing date: CivilDate) -> Parts? {
    let schedule = WeeklySchedule(plan, weekStart: options.weekStart)
    guard let week = schedule.weeks.first(where: { $0.first <= date && date <= $0.last }) else { return nil }
    let body = weekSection(
      week, plan: plan, options: options, pageCount: PrintLayout(plan, schedule: schedule, options: options).pageCount)
    return Parts(css: css(options.paper), body: body, isDraft: plan.status == .draft)
  }

  /// The taper chart and the first `weeks` week pages, as parts to embed: the plan builder's live preview.
  public static func previewParts(_ plan: TreatmentPlan, options: PrintOptions, weeks: Int = 4) -> Parts {
    let schedule = WeeklySchedule(plan, weekStart: options.weekStart)
    let pageCount = PrintLayout(plan, schedule: schedule, options: options).pageCount
    var body: HTML = "<div class=\"chart\">\n" + svg(WeeklyChart(plan), width: 480, height: 250) + "</div>\n"
    for week in schedule.weeks.prefix(weeks) {
      body += weekSection(week, plan: plan, options: options, pageCount: pageCount)
    }
    return Parts(css: css(options.paper), body: body, isDraft: plan.status == .draft)
  }

  static func css(_ paper: PaperSize) -> HTML {
    """
    @page { size: \(paper.cssName) landscape; margin: 10mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 10pt; color: #1e1e1e; margin: 0; }
    .page { position: relative; padding: 12px 16px; break-after: page; page-break-after: always; overflow: hidden; }
    .page:last-child { break-after: auto; page-break-after: auto; }
    @media screen { .page { border-bottom: 2px dashed #999; margin-bottom: 24px; } }
    .draft .page::before { content: "DRAFT"; position: absolute; top: 30%; left: 18%; font-size: 140pt; font-weight: bold;
      color: rgba(200, 20, 20, 0.08); transform: rotate(-28deg); pointer-events: none; }
    .badge { display: inline-block; background: #c81414; color: #fff; font-weight: bold; padding: 2px 8px; }
    header.top { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #1f3c6e; margin-bottom: 8px; }
    header.top h1, header.top h2 { color: #1f3c6e; margin: 0 0 4px 0; font-size: 14pt; }
    .sub { font-size: 9pt; margin: 0 0 4px 0; }
    footer { display: flex; justify-content: space-between; font-size: 7.5pt; border-top: 1px solid #999; margin-top: 8px; padding-top: 3px; }
    .draft footer .meta { color: #c81414; }
    .cover { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; font-size: 12pt; }
    .page.cover { overflow: visible; }
    .cover p { margin: 1px 0; }
    .cover ul { margin: 1px 0; padding-left: 14px; }
    .cover h1 { color: #1f3c6e; font-size: 16pt; margin: 0 0 2px 0; }
    .cover h2 { color: #1f3c6e; font-size: 10pt; margin: 6px 0 2px 0; }
    .patient { font-weight: bold; font-size: 10.5pt; }
    .call { border: 2px solid #c81414; padding: 2px 6px; margin: 5px 0; font-size: 12pt; }
    .call h2 { color: #c81414; margin-top: 1px; }
    .cover h2 { font-size: 13pt; }
    .medicine { margin-bottom: 3px; }
    .medicine .name { font-weight: bold; }
    .medicine p { margin: 0 0 0 8px; }
    .clinician .medicine ul { font-style: italic; color: #464646; }
    .notices { font-size: 7.5pt; padding-left: 16px; }
    .legend, .made { font-size: 7pt; color: #595959; }
    .cover footer { grid-column: 1 / span 2; }
    table.week { border-collapse: collapse; width: 100%; table-layout: fixed; }
    table.week th, table.week td { border: 1px solid #969696; vertical-align: top; padding: 3px 4px; }
    table.week thead th { text-align: left; font-size: 8.5pt; }
    table.week thead th.label { width: 17%; color: #595959; }
    table.week tbody td, table.week tbody th { height: 17mm; overflow-wrap: anywhere; }
    .nowrap { white-space: nowrap; }
    .tags { display: block; font-size: 6.5pt; font-weight: bold; }
    th.change, td.change { background: #fff0aa; }
    th.infusion, td.infusion { background: #eae0f8; }
    th.mtx .tags { color: #c81414; }
    th.test, td.test { background: #dff0e6; }
    th.outside, td.outside { background: repeating-linear-gradient(45deg, #e4e4e4, #e4e4e4 4px, #cfcfcf 4px, #cfcfcf 5px); }
    tbody th { text-align: left; background: #f6f6f6; font-size: 9pt; }
    tbody th small { display: block; font-weight: normal; font-size: 7.5pt; }
    tbody th .once { color: #c81414; font-weight: bold; }
    tr.mtx th { background: #fde4e4; }
    td.empty { background: #f6f6f6; color: #595959; text-align: center; }
    td.nomtx { background: #f6f6f6; color: #595959; text-align: center; font-style: italic; font-size: 7.5pt; }
    td.dose strong { font-size: 9pt; }
    td.dose small { display: block; font-size: 7pt; color: #3c3c3c; }
    td.mtxday { outline: 3px solid #c81414; outline-offset: -4px; background: #fde4e4; }
    td.mtxday .flag { display: block; color: #c81414; font-weight: bold; font-size: 6.5pt; }
    .tick { float: right; width: 11px; height: 11px; border: 1.2px solid #1e1e1e; margin-left: 3px; background: #fff; }
    .notes { font-size: 8pt; margin: 6px 0 0 0; padding-left: 0; list-style: none; }
    .notes .after { color: #1f3c6e; font-weight: bold; }
    table.supply { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
    table.supply th, table.supply td { border-bottom: 1px solid #e4e4e4; padding: 2px 4px; text-align: right; }
    table.supply th:first-child, table.supply td:first-child { text-align: left; }
    table.supply thead th { background: #f6f6f6; font-size: 7.5pt; }
    table.supply tr.total td { font-weight: bold; }
    .advice-grid, .clinician-grid, .card-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 18px; }
    .advice { font-size: 12pt; }
    .advice h2 { color: #1f3c6e; font-size: 13pt; margin: 4px 0 2px 0; }
    .advice h3 { font-size: 12pt; margin: 4px 0 0 0; }
    .advice ul { margin: 2px 0; padding-left: 18px; }
    .words { font-size: 12pt; }
    .card { font-size: 12pt; }
    .card h2 { color: #1f3c6e; font-size: 13pt; }
    .nhs-card { border: 2px solid #1e1e1e; padding: 6px 10px; font-size: 10pt; }
    .nhs-card dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 8px; }
    .nhs-card dd { border-bottom: 1px solid #1e1e1e; margin: 0; }
    .nhs-card h3 { font-size: 10pt; }
    ol.plain { padding-left: 0; list-style: none; }
    .clinician { font-size: 8.5pt; }
    .clinician h2 { color: #1f3c6e; font-size: 11pt; }
    .clinician ul { padding-left: 14px; }

    """
  }

  static func footer(_ plan: TreatmentPlan, _ options: PrintOptions, page: Int, of count: Int) -> HTML {
    let meta =
      "\(plan.title) · plan \(plan.id) · revision \(plan.revision)\(plan.status == .draft ? " · DRAFT" : "") · "
      + "generated \(options.generatedAt.displayText) · Taper \(options.version)"
    return "<footer><span class=\"meta\">\(meta)</span><strong>Page \(page) of \(count)</strong></footer>\n"
  }

  static func header(_ title: String, right: String, subtitle: String, draft: Bool) -> HTML {
    var out: HTML = "<header class=\"top\"><h2>\(title)</h2>"
    if draft { out += "<span class=\"badge\">DRAFT — not approved for use</span>" }
    out += "<h2>\(right)</h2></header>\n<p class=\"sub\">\(subtitle)</p>\n"
    return out
  }

  /// A revised plan's first page: what changed, in plain words.
  static func changesSection(_ layout: PrintLayout, plan: TreatmentPlan, options: PrintOptions) -> HTML {
    var out: HTML = "<section class=\"page changes\">\n"
    out += header(
      plan.title, right: "What changed",
      subtitle: "Revision \(plan.revision) of this plan: the week pages start with the week it changes",
      draft: plan.status == .draft)
    out += "<h1>\(layout.changesTitle)</h1>\n"
    var inList = false
    for line in layout.changesLines {
      if line.hasPrefix("- ") {
        if !inList { out += "<ul>\n" }
        inList = true
        out += "<li>\(String(line.dropFirst(2)))</li>\n"
        continue
      }
      if inList { out += "</ul>\n" }
      inList = false
      out += line.hasPrefix("From ") ? "<h2>\(line)</h2>\n" : "<p>\(line)</p>\n"
    }
    if inList { out += "</ul>\n" }
    for correction in plan.corrections {
      if let text = correction.correctionText {
        out += "<p class=\"correction\"><strong>\(text.prefix(1).uppercased() + text.dropFirst())</strong></p>\n"
      }
    }
    out += footer(plan, options, page: 1, of: layout.pageCount)
    out += "</section>\n"
    return out
  }

  static func coverSection(
    _ cover: WeeklyCover, chart: WeeklyChart, plan: TreatmentPlan, options: PrintOptions, pageCount: Int,
    page: Int = 1
  ) -> HTML {
    var out: HTML = "<section class=\"page cover\">\n<div>\n"
    if cover.isDraft { out += "<p><span class=\"badge\">DRAFT — not approved for use</span></p>\n" }
    out += "<h1>\(cover.title)</h1>\n"
    if let label = cover.patientLabel { out += "<p class=\"patient\">Patient: \(label)</p>\n" }
    out += "<p class=\"sub\">\(cover.planLine)</p>\n"
    if let approval = cover.approvalLine { out += "<p class=\"sub approval\"><strong>\(approval)</strong></p>\n" }
    out += "<p class=\"sub\">\(cover.datesLine)</p>\n"
    out += "<div class=\"call\">\n<h2>\(cover.headings.helpNow)</h2>\n<ul>\n"
    for line in cover.helpNow { out += "<li>\(line)</li>\n" }
    out += "</ul>\n<p><strong>\(cover.headings.callClinic): \(cover.contactLines.joined(separator: " · "))</strong></p>\n"
    out += "</div>\n<h2>\(cover.headings.yourMedicines)</h2>\n"
    for m in cover.medicines {
      out += "<div class=\"medicine\"><div class=\"name\">\(m.name) — \(m.schedule)</div>\n"
      for line in m.instructions + m.extra { out += "<p>\(line)</p>\n" }
      out += "</div>\n"
    }
    if let after = cover.afterPlanLine { out += "<p>\(after)</p>\n" }
    if let tests = cover.testsLine { out += "<p><strong>\(tests)</strong></p>\n" }
    out += "</div>\n<div>\n<h2>Taper chart</h2>\n" + svg(chart, width: 480, height: 250)
    out += "<p class=\"legend\">Blue: prednisolone a day, as steps (dashed green line: 5 mg). "
    out += "Red: methotrexate once a week. "
    out += "Purple bars: days of infusions.</p>\n"
    out += "<p class=\"made\">\(cover.producedBy)</p>\n</div>\n"
    out += footer(plan, options, page: page, of: pageCount)
    out += "</section>\n"
    return out
  }

  /// The chart as an inline SVG element.
  public static func svg(_ chart: WeeklyChart, width: Double, height: Double) -> HTML {
    func n(_ v: Double) -> String {
      let r = (v * 10).rounded() / 10
      return r == r.rounded() ? String(Int(r)) : String(r)
    }
    var out: HTML = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
    out += "width=\"100%\" role=\"img\" aria-label=\"Taper chart\" font-family=\"DejaVu Sans, sans-serif\">\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#fcfcfc\" stroke=\"#e4e4e4\"/>\n"
    for mark in chart.marks(width: width, height: height) {
      switch mark {
      case .line(let points, let color, let lineWidth, let dashed):
        var pairs: [String] = []
        var i = 0
        while i + 1 < points.count {
          pairs.append("\(n(points[i])),\(n(points[i + 1]))")
          i += 2
        }
        out += "<polyline fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"\(n(lineWidth))\""
        if dashed { out += " stroke-dasharray=\"4 3\"" }
        out += " points=\"\(pairs.joined(separator: " "))\"/>\n"
      case .rect(let x, let y, let w, let h, let color):
        out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(color.hex)\"/>\n"
      case .text(let text, let x, let y, let size, let anchor, let color, let bold):
        out += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" "
        out += "text-anchor=\"\(anchor.rawValue)\" fill=\"\(color.hex)\""
        if bold { out += " font-weight=\"bold\"" }
        out += ">\(text)</text>\n"
      }
    }
    return out + "</svg>\n"
  }

  static func weekSection(
    _ week: WeeklySchedule.Week, plan: TreatmentPlan, options: PrintOptions, pageCount: Int, page: Int? = nil
  ) -> HTML {
    var out: HTML = "<section class=\"page week\" id=\"week-\(week.number)\">\n"
    out += header(
      plan.title, right: week.title,
      subtitle: "\(week.rangeText)\(plan.patient.label.map { " · \($0)" } ?? "") · tick each dose when you take it",
      draft: plan.status == .draft)
    out += "<table class=\"week\">\n<thead><tr><th class=\"label\">Medicine, time</th>"
    for day in week.days {
      var classes: [String] = []
      var tags: [String] = []
      if !day.inPlan {
        classes.append("outside")
        tags.append(day.date < plan.start ? "before the plan" : "after the plan")
      }
      if !day.changes.isEmpty {
        classes.append("change")
        tags.append("DOSE CHANGE")
      }
      if day.hasInfusion {
        classes.append("infusion")
        tags.append("INFUSION")
      }
      if day.isMethotrexateDay {
        classes.append("mtx")
        tags.append("METHOTREXATE")
      }
      if !day.tests.isEmpty {
        classes.append("test")
        tags.append("BLOOD TEST")
      }
      out += "<th class=\"\(classes.joined(separator: " "))\">\(day.date.weekday.name) \(day.dateText)"
      out += "<span class=\"tags\">\(tags.joined(separator: " · "))</span></th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    if week.rows.isEmpty { out += "<tr><td colspan=\"8\">Nothing to take this week.</td></tr>\n" }
    for row in week.rows {
      let routeText = row.route == .oral ? "by mouth" : row.route.phrase
      let sub = row.isMonitoring ? "monitoring, as booked" : "\(row.time) · \(routeText)"
      let rowClass: HTML = row.isMethotrexate ? " class=\"mtx\"" : ""
      out += "<tr\(rowClass)><th>\(row.name)<small>\(sub)</small>"
      if row.isMethotrexate { out += "<small class=\"once\">ONCE A WEEK ONLY</small>" }
      out += "</th>"
      for cell in row.cells {
        switch cell {
        case .outsidePlan: out += "<td class=\"outside\"></td>"
        case .empty: out += "<td class=\"empty\">—</td>"
        case .noMethotrexate: out += "<td class=\"nomtx\">no methotrexate</td>"
        case .tests(let tests):
          out += "<td class=\"dose test\"><span class=\"tick\"></span>"
          for t in tests { out += "<strong>\(t.title)</strong><small>\(t.shortDetail)</small>" }
          out += "</td>"
        case .dose(let dose):
          var classes = ["dose"]
          if dose.change != nil { classes.append("change") } else if dose.isInfusion { classes.append("infusion") }
          if dose.isMethotrexate { classes.append("mtxday") }
          out += "<td class=\"\(classes.joined(separator: " "))\"><span class=\"tick\"></span>"
          if dose.isMethotrexate { out += "<span class=\"flag\">METHOTREXATE DAY</span>" }
          if dose.tablets.isEmpty {
            out += "<strong class=\"nowrap\">\(dose.amount)</strong>"
          } else {
            out += "<strong><span class=\"nowrap\">\(dose.amount) —</span> "
            // Each tablet group stays whole; a long mix may wrap between groups in a narrow column.
            let groups = dose.tablets.split(separator: " + ").map { "<span class=\"nowrap\">\($0)</span>" as HTML }
            out += "\(groups.joined(separator: " + "))</strong>"
          }
          for line in dose.details { out += "<small>\(line)</small>" }
          out += "</td>"
        }
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
    let tests = week.days.flatMap { day in day.tests.map { (day.date, $0) } }
    if !week.changes.isEmpty || !week.continuations.isEmpty || !tests.isEmpty {
      out += "<ul class=\"notes\">\n"
      for c in week.changes { out += "<li>\(WeeklyText.dayText(c.date)): \(c.summary)</li>\n" }
      for (date, t) in tests { out += "<li>\(WeeklyText.dayText(date)): \(t.title) — \(t.detail)</li>\n" }
      for c in week.continuations { out += "<li class=\"after\">After the plan — \(c)</li>\n" }
      out += "</ul>\n"
    }
    out += footer(plan, options, page: page ?? week.number + 1, of: pageCount)
    out += "</section>\n"
    return out
  }

  static func supplySection(
    _ supply: WeeklySupply, plan: TreatmentPlan, options: PrintOptions, pageCount: Int, page: Int
  ) -> HTML {
    var out: HTML = "<section class=\"page supply\">\n"
    out += header(
      plan.title, right: "Tablet supply",
      subtitle: "Tablets of each strength this plan uses, to write a prescription from (\(plan.start) to \(plan.end))",
      draft: plan.status == .draft)
    if supply.items.isEmpty {
      out += "<p>No tablets in this plan.</p>\n"
    } else {
      out += "<table class=\"supply\">\n<thead><tr><th>Period</th>"
      for item in supply.items { out += "<th>\(item.name) \(item.strength)</th>" }
      out += "</tr></thead>\n<tbody>\n<tr class=\"total\"><td>Whole plan</td>"
      for item in supply.items { out += "<td>\(item.total)</td>" }
      out += "</tr>\n"
      for p in supply.periods {
        out += "<tr><td>\(p.label): \(p.first) to \(p.last)</td>"
        for c in p.counts { out += "<td>\(c)</td>" }
        out += "</tr>\n"
      }
      out += "</tbody>\n</table>\n"
    }
    if !supply.others.isEmpty {
      out += "<h3>Doses without a tablet count</h3>\n<ul>\n"
      for o in supply.others {
        let plural = o.count == 1 ? "" : "s"
        out += "<li>\(o.name): \(o.count) dose\(plural) (\(o.amounts.joined(separator: ", ")))</li>\n"
      }
      out += "</ul>\n"
    }
    let continuing = plan.medicines.filter { $0.continuation != nil }.map(\.displayName)
    if !continuing.isEmpty {
      out += "<p><em>Still running at the end of the plan (a further supply is needed): "
      // The ")" before the full stop has no "(" (the PDF has none): a slip kept here so this change is byte for byte.
      out += "\(continuing.joined(separator: ", "))).</em></p>\n"
    }
    out += footer(plan, options, page: page, of: pageCount)
    out += "</section>\n"
    return out
  }

  /// Large print (RNIB): portrait, 16 pt and more, near-black on white; the clinician page stays small.
  static func largeCSS(_ paper: PaperSize) -> HTML {
    """
    @page { size: \(paper.cssName) portrait; margin: 14mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 16pt; line-height: 1.4; color: #000; background: #fff; margin: 0; }
    .page { padding: 8px 12px; break-after: page; page-break-after: always; }
    .page:last-child { break-after: auto; page-break-after: auto; }
    @media screen { .page { border-bottom: 3px dashed #000; margin-bottom: 24px; } }
    h1 { font-size: 24pt; margin: 4px 0; } h2 { font-size: 20pt; margin: 12px 0 4px 0; } h3 { font-size: 18pt; margin: 10px 0 2px 0; }
    .badge { display: inline-block; background: #b00000; color: #fff; font-weight: bold; padding: 2px 8px; }
    ul { padding-left: 24px; margin: 2px 0; }
    ul.doses { list-style: none; padding-left: 0; }
    ul.doses li { display: flex; align-items: flex-start; gap: 12px; margin: 6px 0; font-weight: bold; }
    .tick { flex: none; width: 9mm; height: 9mm; border: 2px solid #000; background: #fff; }
    footer { display: flex; justify-content: space-between; border-top: 2px solid #000; margin-top: 12px; padding-top: 4px; }
    .clinician { font-size: 10pt; }
    .clinician h2 { font-size: 12pt; }

    """
  }

  /// The large-print pages: page 1, the advice, the card, a list per week, the clinician page.
  static func largeBody(_ plan: TreatmentPlan, options: PrintOptions, layout: PrintLayout, cover: WeeklyCover) -> HTML {
    let h = cover.headings
    let draft = plan.status == .draft
    func section(_ kind: String, _ content: HTML) -> HTML {
      var out: HTML = "<section class=\"page \(kind)\">\n"
      if draft { out += "<p><span class=\"badge\">DRAFT — not approved for use</span></p>\n" }
      out += content
      out += "<footer><span>Plan \(plan.id), revision \(plan.revision)\(draft ? " · DRAFT" : "")</span></footer>\n</section>\n"
      return out
    }
    func list(_ lines: [String]) -> HTML { "<ul>" + lines.map { "<li>\($0)</li>" as HTML }.joined() + "</ul>\n" }
    var body: HTML = "\n"
    var first: HTML = "<h1>\(cover.title)</h1>\n"
    if let label = cover.patientLabel { first += "<p><strong>Patient: \(label)</strong></p>\n" }
    first += "<p>\(cover.planLine)</p>\n"
    if let approval = cover.approvalLine { first += "<p><strong>\(approval)</strong></p>\n" }
    first += "<p>\(cover.datesLine)</p>\n<h2>\(h.helpNow)</h2>\n" + list(cover.helpNow)
    first += "<p><strong>\(h.callClinic): \(cover.contactLines.joined(separator: " · "))</strong></p>\n<h2>\(h.yourMedicines)</h2>\n"
    for m in cover.medicines { first += "<h3>\(m.name) — \(m.schedule)</h3>\n" + list(m.instructions + m.extra) }
    if let after = cover.afterPlanLine { first += "<p>\(after)</p>\n" }
    if let tests = cover.testsLine { first += "<p><strong>\(tests)</strong></p>\n" }
    body += section("cover", first)
    var advice: HTML = "<h1>\(h.advicePage)</h1>\n"
    for m in cover.advice.medicines {
      advice += "<h2>\(m.name)</h2>\n<h3>\(h.ifUnwell)</h3>\n" + list(m.unwell.map(\.text))
      advice += "<h3>\(h.ifMissed)</h3>\n" + list(m.missed.map(\.text))
      if !m.important.isEmpty { advice += "<h3>\(h.alsoImportant)</h3>\n" + list(m.important.map(\.text)) }
    }
    if !cover.advice.words.isEmpty {
      advice += "<p><strong>\(h.words):</strong> "
      advice += cover.advice.words.map { "\($0.abbreviation) means \($0.meaning)" }.joined(separator: "; ") + ".</p>\n"
    }
    body += section("advice", advice)
    if plan.steroidCard != nil {
      let card = PatientCatalogue.english.card
      var page: HTML = "<h1>\(card.title)</h1>\n"
      for line in card.intro { page += "<p>\(line.text)</p>\n" }
      page += "<h2>When to show it</h2>\n" + list(card.whenToShow.map(\.text)) + "<h2>NHS Steroid Emergency Card</h2>\n"
      page += "<h3>\(card.cardFrontTitle)</h3>\n"
      for line in card.cardFront { page += "<p><strong>\(line)</strong></p>\n" }
      page += list(card.fields.map { "\($0): ____________________" })
      page += "<h3>\(card.cardTreatmentTitle)</h3>\n" + list(card.cardTreatment)
      body += section("card", page)
    }
    for week in layout.weeks {
      var page: HTML = "<h1>\(week.title): \(week.rangeText)</h1>\n"
      for (d, day) in week.days.enumerated() where day.inPlan {
        page += "<h2>\(day.date.longDescription)</h2>\n<ul class=\"doses\">\n"
        // The day's doses in the order of the clock (the plan's order at the same time), blood tests last.
        var rows: [(minute: Int, item: HTML)] = []
        let tick: HTML = "<span class=\"tick\" role=\"img\" aria-label=\"tick box\"></span>"
        for row in week.rows {
          switch row.cells[d] {
          case .dose(let dose):
            let change: HTML = dose.changeText.map { "<br>\($0)" } ?? ""
            rows.append((dose.time.minutesSinceMidnight, "<li>\(tick)<span>\(dose.time.description)  \(row.name) \(dose.text)\(change)</span></li>\n"))
          case .tests(let tests):
            rows += tests.map { (24 * 60, "<li>\(tick)<span>\($0.title): \($0.shortDetail)</span></li>\n") }
          case .noMethotrexate, .empty, .outsidePlan: break
          }
        }
        for entry in rows.enumerated().sorted(by: { ($0.element.minute, $0.offset) < ($1.element.minute, $1.offset) }) {
          page += entry.element.item
        }
        if rows.isEmpty { page += "<li>No medicines today.</li>\n" }
        page += "</ul>\n"
      }
      body += section("week-list", page)
    }
    // The sections are the pages only on screen (a browser breaks long ones); the clinician page is the last.
    let sections = (plan.steroidCard == nil ? 2 : 3) + layout.weeks.count + 1
    body += clinicianSection(cover.clinician, plan: plan, options: options, pageCount: sections, page: sections)
    return body
  }

  /// The patient's advice page: each medicine's lines for being unwell and for a missed dose, and the words
  /// the pages use, explained.
  static func adviceSection(
    _ cover: WeeklyCover, plan: TreatmentPlan, options: PrintOptions, pageCount: Int, page: Int
  ) -> HTML {
    let h = cover.headings
    var out: HTML = "<section class=\"page advice\">\n"
    out += header(plan.title, right: h.advicePage, subtitle: "\(h.helpNow): on the first page", draft: plan.status == .draft)
    out += "<div class=\"advice-grid\">\n"
    for m in cover.advice.medicines {
      out += "<div class=\"medicine-advice\">\n<h2>\(m.name)</h2>\n"
      out += "<h3>\(h.ifUnwell)</h3>\n<ul>\(m.unwell.map { "<li>\($0.text)</li>" as HTML }.joined())</ul>\n"
      out += "<h3>\(h.ifMissed)</h3>\n<ul>\(m.missed.map { "<li>\($0.text)</li>" as HTML }.joined())</ul>\n"
      if !m.important.isEmpty {
        out += "<h3>\(h.alsoImportant)</h3>\n<ul>\(m.important.map { "<li>\($0.text)</li>" as HTML }.joined())</ul>\n"
      }
      out += "</div>\n"
    }
    out += "</div>\n"
    if !cover.advice.words.isEmpty {
      out += "<p class=\"words\"><strong>\(h.words):</strong> "
      out += cover.advice.words.map { "\($0.abbreviation) means \($0.meaning)" }.joined(separator: "; ") + ".</p>\n"
    }
    out += footer(plan, options, page: page, of: pageCount)
    out += "</section>\n"
    return out
  }

  /// The steroid emergency card's page (NatPSA/2020/005/NHSPS): what it is, what it says, when to show it.
  static func steroidCardSection(_ plan: TreatmentPlan, options: PrintOptions, pageCount: Int, page: Int) -> HTML {
    let card = PatientCatalogue.english.card
    var out: HTML = "<section class=\"page card\">\n"
    out += header(plan.title, right: card.title, subtitle: plan.steroidCard.map { "From \(WeeklyText.dayText($0.from))" } ?? "", draft: plan.status == .draft)
    out += "<div class=\"card-grid\">\n<div>\n"
    for line in card.intro { out += "<p>\(line.text)</p>\n" }
    out += "<h2>When to show it</h2>\n<ul>\(card.whenToShow.map { "<li>\($0.text)</li>" as HTML }.joined())</ul>\n"
    out += "</div>\n<div class=\"nhs-card\">\n<h2>NHS Steroid Emergency Card</h2>\n<h3>\(card.cardFrontTitle)</h3>\n"
    for line in card.cardFront { out += "<p><strong>\(line)</strong></p>\n" }
    out += "<dl>\(card.fields.map { "<dt>\($0)</dt><dd>&nbsp;</dd>" as HTML }.joined())</dl>\n"
    out += "<h3>\(card.cardTreatmentTitle)</h3>\n<ol class=\"plain\">"
    out += card.cardTreatment.map { "<li>\($0)</li>" as HTML }.joined() + "</ol>\n</div>\n</div>\n"
    out += footer(plan, options, page: page, of: pageCount)
    out += "</section>\n"
    return out
  }

  /// The clinician page: the planner's findings, the dose arithmetic and the guideline's notes per medicine.
  static func clinicianSection(
    _ page: WeeklyCover.ClinicianPage, plan: TreatmentPlan, options: PrintOptions, pageCount: Int, page number: Int
  ) -> HTML {
    var out: HTML = "<section class=\"page clinician\">\n"
    out += header(plan.title, right: page.title, subtitle: page.note, draft: plan.status == .draft)
    out += "<div class=\"clinician-grid\">\n<div>\n<h2>Notices from the planner</h2>\n"
    if page.notices.isEmpty {
      out += "<p>None.</p>\n"
    } else {
      out += "<ul class=\"notices\">\n"
      for n in page.notices { out += "<li>\(n)</li>\n" }
      out += "</ul>\n"
    }
    out += "</div>\n<div>\n<h2>Medicines</h2>\n"
    for m in page.medicines {
      out += "<div class=\"medicine\"><div class=\"name\">\(m.name)</div>\n"
      for line in m.lines { out += "<p>\(line)</p>\n" }
      if !m.safetyNotes.isEmpty { out += "<ul>\(m.safetyNotes.map { "<li>\($0)</li>" as HTML }.joined())</ul>\n" }
      out += "</div>\n"
    }
    out += "</div>\n</div>\n"
    out += footer(plan, options, page: number, of: pageCount)
    out += "</section>\n"
    return out
  }
}
