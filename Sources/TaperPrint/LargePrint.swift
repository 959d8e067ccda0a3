import TaperCore
import TaperRender

/// `taper print --large-print`: the patient's pages in RNIB large print — portrait, at least 16 pt, high contrast
/// (near-black on white, no grey text), one day per block with one row per dose and a tick box of 9 mm. The week
/// grid, which would not fit at that size, is a list. Everything flows from page to page; the footer says
/// "Page N of M", so the pages are laid out twice: once to count them, once to draw them.
/// The clinician page stays at the normal size, last: it is not the patient's.
struct LargePrint {
  static let body = 16.0
  static let heading = 20.0
  /// 9 mm, above the 8 mm the issue asks for.
  static let tickBox = 9 / 25.4 * 72

  let canvas: Canvas
  let plan: TreatmentPlan
  let options: PrintOptions
  let margin = 40.0
  var width: Double { canvas.width }
  var height: Double { canvas.height }

  /// One thing to put on the page: text, or a row of a dose with its tick box.
  enum Block {
    case title(String)
    case heading(String)
    case text(String, bold: Bool)
    case bullet(String)
    case dose(time: String, what: String, detail: String)
    case pageBreak
  }

  /// The blocks of the patient's pages, in order.
  static func blocks(_ plan: TreatmentPlan, options: PrintOptions, layout: PrintLayout, cover: WeeklyCover) -> [Block] {
    let h = cover.headings
    var out: [Block] = [.title(cover.title)]
    if let label = cover.patientLabel { out.append(.text("Patient: \(label)", bold: true)) }
    out.append(.text(cover.planLine, bold: cover.isDraft))
    if let approval = cover.approvalLine { out.append(.text(approval, bold: true)) }
    out.append(.text(cover.datesLine, bold: false))
    out.append(.heading(h.helpNow))
    out += cover.helpNow.map(Block.bullet)
    out.append(.text("\(h.callClinic): " + cover.contactLines.joined(separator: " · "), bold: true))
    out.append(.heading(h.yourMedicines))
    for m in cover.medicines {
      out.append(.text("\(m.name) — \(m.schedule)", bold: true))
      out += (m.instructions + m.extra).map(Block.bullet)
    }
    if let after = cover.afterPlanLine { out.append(.text(after, bold: false)) }
    if let tests = cover.testsLine { out.append(.text(tests, bold: true)) }

    out += [.pageBreak, .title(h.advicePage)]
    for m in cover.advice.medicines {
      out.append(.heading(m.name))
      out.append(.text(h.ifUnwell, bold: true))
      out += m.unwell.map { .bullet($0.text) }
      out.append(.text(h.ifMissed, bold: true))
      out += m.missed.map { .bullet($0.text) }
      if !m.important.isEmpty {
        out.append(.text(h.alsoImportant, bold: true))
        out += m.important.map { .bullet($0.text) }
      }
    }
    if !cover.advice.words.isEmpty {
      out.append(.text(h.words + ": " + cover.advice.words.map { "\($0.abbreviation) means \($0.meaning)" }.joined(separator: "; ") + ".", bold: false))
    }

    if plan.steroidCard != nil {
      let card = PatientCatalogue.english.card
      out += [.pageBreak, .title(card.title)]
      out += card.intro.map { .text($0.text, bold: false) }
      out.append(.heading("When to show it"))
      out += card.whenToShow.map { .bullet($0.text) }
      out.append(.heading("NHS Steroid Emergency Card"))
      out.append(.text(card.cardFrontTitle, bold: true))
      out += card.cardFront.map { .text($0, bold: true) }
      out += card.fields.map { .text("\($0): ____________________", bold: false) }
      out.append(.text(card.cardTreatmentTitle, bold: true))
      out += card.cardTreatment.map { .text($0, bold: false) }
    }

    // The weeks as lists: a heading per week, a block per day in the plan, a row per dose.
    for week in layout.weeks {
      out += [.pageBreak, .title("\(week.title): \(week.rangeText)")]
      for (d, day) in week.days.enumerated() where day.inPlan {
        out.append(.heading(day.date.longDescription))
        // The day's doses in the order of the clock (the plan's order at the same time), blood tests last.
        var rows: [(minute: Int, block: Block)] = []
        for row in week.rows {
          switch row.cells[d] {
          case .dose(let dose):
            rows.append((dose.time.minutesSinceMidnight, .dose(time: dose.time.description, what: "\(row.name) \(dose.text)", detail: dose.changeText ?? "")))
          case .tests(let tests):
            rows += tests.map { (24 * 60, .dose(time: "", what: $0.title, detail: $0.shortDetail)) }
          case .noMethotrexate, .empty, .outsidePlan: break
          }
        }
        out += rows.enumerated().sorted { ($0.element.minute, $0.offset) < ($1.element.minute, $1.offset) }.map(\.element.block)
        if rows.isEmpty { out.append(.text("No medicines today.", bold: false)) }
      }
    }
    return out
  }

  /// Draws (or, with `draw` false, only lays out) `blocks`; returns the number of pages.
  func flow(_ blocks: [Block], firstPage: Int, pageCount: Int, draw: Bool) -> Int {
    let textWidth = width - 2 * margin
    let bottom = height - margin - 30
    var page = firstPage
    var y = margin
    var pageHasContent = false
    func newPage() {
      if draw {
        footer(page: page, of: pageCount)
        canvas.showPage()
      }
      page += 1
      y = margin
      pageHasContent = false
      if draw, plan.status == .draft { draftBadge() }
    }
    func put(_ text: String, _ font: Font, indent: Double = 0, after: Double = 6) {
      let h = canvas.measure(text, font: font, width: textWidth - indent).height
      if y + h > bottom, pageHasContent { newPage() }
      if draw { canvas.text(text, x: margin + indent, y: y, width: textWidth - indent, font: font, color: .ink) }
      y += h + after
      pageHasContent = true
    }
    if draw, plan.status == .draft { draftBadge() }
    for block in blocks {
      switch block {
      case .pageBreak: if pageHasContent { newPage() }
      case .title(let text): put(text, Font(size: Self.heading + 4, bold: true), after: 10)
      case .heading(let text): put(text, Font(size: Self.heading, bold: true), after: 6)
      case .text(let text, let bold): put(text, Font(size: Self.body, bold: bold))
      case .bullet(let text): put("• " + text, Font(size: Self.body), indent: 12)
      case .dose(let time, let what, let detail):
        let box = Self.tickBox
        let left = margin + box + 14
        let font = Font(size: Self.body, bold: true)
        let line = time.isEmpty ? what : "\(time)  \(what)"
        let text = detail.isEmpty ? line : "\(line)\n\(detail)"
        let h = max(box, canvas.measure(text, font: font, width: width - margin - left).height)
        if y + h > bottom, pageHasContent { newPage() }
        if draw {
          canvas.stroke(x: margin, y: y, width: box, height: box, color: .ink, lineWidth: 1.5)
          canvas.text(text, x: left, y: y + 2, width: width - margin - left, font: font, color: .ink)
        }
        y += h + 8
        pageHasContent = true
      }
    }
    if pageHasContent || page == firstPage {
      if draw {
        footer(page: page, of: pageCount)
        canvas.showPage()
      }
      page += 1
    }
    return page - firstPage
  }

  func draftBadge() {
    let text = "DRAFT — not approved for use"
    let font = Font(size: Self.body, bold: true)
    let size = canvas.measure(text, font: font)
    canvas.fill(x: width - margin - size.width - 8, y: margin - 30, width: size.width + 8, height: size.height + 4, color: .draftRed)
    canvas.text(text, x: width - margin - size.width - 4, y: margin - 28, font: font, color: RGB(255, 255, 255))
  }

  func footer(page: Int, of count: Int) {
    let y = height - margin - 6
    canvas.line([margin, y - 4, width - margin, y - 4], color: .ink, lineWidth: 0.8)
    let left = "Plan \(plan.id), revision \(plan.revision)\(plan.status == .draft ? " · DRAFT" : "")"
    canvas.text(left, x: margin, y: y, font: Font(size: Self.body), color: .ink)
    canvas.text("Page \(page) of \(count)", x: width - margin, y: y, font: Font(size: Self.body, bold: true), color: .ink, align: .right)
  }
}

extension PDFSchedule {
  /// The large-print PDF: the patient's pages flowing in portrait at 16 pt and more, then the clinician page.
  static func renderLargePrint(_ plan: TreatmentPlan, options: PrintOptions) throws(PrintError) -> [UInt8] {
    let schedule = WeeklySchedule(plan, weekStart: options.weekStart)
    let layout = PrintLayout(plan, schedule: schedule, options: options)
    let size = options.paper.landscapePoints
    let canvas = try Canvas(
      width: size.height, height: size.width, title: "\(plan.title) — \(plan.id) revision \(plan.revision) (large print)",
      creator: "Taper \(options.version)", date: options.generatedAt.description)
    let cover = WeeklyCover(plan, options: options, weekCount: schedule.weeks.count)
    let writer = LargePrint(canvas: canvas, plan: plan, options: options)
    let blocks = LargePrint.blocks(plan, options: options, layout: layout, cover: cover)
    let patientPages = writer.flow(blocks, firstPage: 1, pageCount: 0, draw: false)
    let total = patientPages + 1
    _ = writer.flow(blocks, firstPage: 1, pageCount: total, draw: true)
    let frame = PageFrame(canvas: canvas, plan: plan, options: options, pageCount: total)
    frame.drawClinician(cover.clinician, page: total)
    canvas.showPage()
    return try canvas.finish()
  }
}
