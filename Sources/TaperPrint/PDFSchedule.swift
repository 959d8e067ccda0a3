public import TaperCore
public import TaperRender

/// The printable schedule as a PDF, in ``PrintLayout/pages`` order: page 1 (when to get help now, the medicines,
/// the taper chart), the advice page (if unwell, if a dose is missed), the steroid emergency card when the plan
/// meets its criterion, one page per week, the tablet supply, and last the clinician page.
///
/// Drawn with cairo and pango in DejaVu Sans; the same plan and options give the same bytes.
public enum PDFSchedule {
  /// The PDF's bytes.
  public static func render(_ plan: TreatmentPlan, options: PrintOptions) throws(PrintError) -> [UInt8] {
    if options.largePrint { return try renderLargePrint(plan, options: options) }
    let schedule = WeeklySchedule(plan, weekStart: options.weekStart)
    let layout = PrintLayout(plan, schedule: schedule, options: options)
    let size = options.paper.landscapePoints
    let canvas = try Canvas(
      width: size.width, height: size.height, title: "\(plan.title) — \(plan.id) revision \(plan.revision)",
      creator: "Taper \(options.version)", date: options.generatedAt.description)
    let page = PageFrame(canvas: canvas, plan: plan, options: options, pageCount: layout.pageCount)
    let cover = WeeklyCover(plan, options: options, weekCount: schedule.weeks.count)
    for (n, kind) in layout.pages.enumerated() {
      let number = n + 1
      switch kind {
      case .changes: page.drawChanges(layout)
      case .cover: page.drawCover(cover, chart: WeeklyChart(plan), page: number)
      case .advice: page.drawAdvice(cover, page: number)
      case .steroidCard: page.drawSteroidCard(page: number)
      case .week(let i): page.drawWeek(layout.weeks[i], page: number)
      case .supply: page.drawSupply(WeeklySupply(plan), pageNumber: number)
      case .clinician: page.drawClinician(cover.clinician, page: number)
      }
      canvas.showPage()
    }
    return try canvas.finish()
  }

}

/// Colours of the printout.
extension RGB {
  static let paleGrey = RGB(246, 246, 246)
  static let midGrey = RGB(150, 150, 150)
  static let outside = RGB(228, 228, 228)
  static let changeTint = RGB(255, 240, 170)
  static let infusionTint = RGB(234, 224, 248)
  static let methotrexateTint = RGB(253, 228, 228)
  static let testTint = RGB(223, 240, 230)
  static let draftRed = RGB(200, 20, 20)
  static let headerBlue = RGB(31, 60, 110)
}

/// Draws the parts every page shares: header, footer and the DRAFT mark.
struct PageFrame {
  let canvas: Canvas
  let plan: TreatmentPlan
  let options: PrintOptions
  let pageCount: Int
  let margin = 28.0

  var width: Double { canvas.width }
  var height: Double { canvas.height }
  var isDraft: Bool { plan.status == .draft }

  /// Title at the top left, `right` at the top right, `subtitle` below; returns the y below the header.
  func header(title: String, right: String, subtitle: String) -> Double {
    canvas.text(title, x: margin, y: margin, font: Font(size: 14, bold: true), color: .headerBlue)
    canvas.text(right, x: width - margin, y: margin, font: Font(size: 14, bold: true), color: .headerBlue, align: .right)
    canvas.text(subtitle, x: margin, y: margin + 19, font: Font(size: 9.5))
    if isDraft { draftBadge(y: margin) }
    let bottom = margin + 34
    canvas.line([margin, bottom, width - margin, bottom], color: .headerBlue, lineWidth: 1)
    return bottom + 8
  }

  /// The red DRAFT badge in the header and the faint mark across the page.
  func draftBadge(y: Double) {
    let text = "DRAFT — not approved for use"
    let size = canvas.measure(text, font: Font(size: 10, bold: true))
    let x = width / 2 - size.width / 2
    canvas.fill(x: x - 6, y: y - 2, width: size.width + 12, height: size.height + 4, color: .draftRed)
    canvas.text(text, x: x, y: y, font: Font(size: 10, bold: true), color: RGB(255, 255, 255))
  }

  /// The footer; on a draft, also the faint DRAFT mark across the page, drawn last so nothing hides it.
  func footer(page: Int) {
    if isDraft {
      canvas.rotatedText(
        "DRAFT", centerX: width / 2, centerY: height / 2, degrees: -28, font: Font(size: 130, bold: true),
        color: .draftRed, alpha: 0.07)
    }
    let y = height - margin + 6
    canvas.line([margin, y - 4, width - margin, y - 4], color: .midGrey, lineWidth: 0.4)
    let left =
      "\(plan.title) · plan \(plan.id) · revision \(plan.revision)\(isDraft ? " · DRAFT" : "") · "
      + "generated \(options.generatedAt.displayText) · Taper \(options.version)"
    canvas.text(left, x: margin, y: y, font: Font(size: 7.5), color: isDraft ? .draftRed : .ink)
    canvas.text("Page \(page) of \(pageCount)", x: width - margin, y: y, font: Font(size: 7.5, bold: true), align: .right)
  }
}
