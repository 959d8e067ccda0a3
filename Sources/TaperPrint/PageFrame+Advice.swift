import TaperCore
import TaperRender

extension PageFrame {
  /// Lays out blocks of text in two columns from `top`, shrinking them together until they fit the page;
  /// returns nothing: it draws.
  func columns(_ blocks: [[(text: String, font: Font, color: RGB, indent: Double)]], top: Double) {
    let gap = 18.0
    let columnWidth = (width - 2 * margin - gap) / 2
    let bottom = height - margin - 16
    func layout(_ s: Double, draw: Bool) -> Bool {
      var x = margin
      var y = top
      var column = 0
      for block in blocks {
        let h = block.reduce(0.0) { sum, line in
          sum + canvas.measure(line.text, font: scaled(line.font, s), width: columnWidth - line.indent).height + 2 * s
        } + 6 * s
        if y + h > bottom, y > top {
          column += 1
          if column > 1 { return false }
          x = margin + columnWidth + gap
          y = top
        }
        for line in block {
          let f = scaled(line.font, s)
          let lineHeight =
            draw
            ? canvas.text(line.text, x: x + line.indent, y: y, width: columnWidth - line.indent, font: f, color: line.color)
            : canvas.measure(line.text, font: f, width: columnWidth - line.indent).height
          y += lineHeight + 2 * s
        }
        y += 6 * s
        if y > bottom { return false }
      }
      return true
    }
    var s = 1.0
    while s > 0.6, !layout(s, draw: false) { s -= 0.05 }
    _ = layout(s, draw: true)
  }

  private func scaled(_ font: Font, _ s: Double) -> Font { Font(size: font.size * s, bold: font.bold, italic: font.italic) }

  /// The advice page: each medicine's lines for being unwell and for a missed dose (12 pt), and the words the
  /// pages use, explained.
  func drawAdvice(_ cover: WeeklyCover, page: Int) {
    let h = cover.headings
    let top = header(title: plan.title, right: h.advicePage, subtitle: "\(h.helpNow): on the first page")
    var blocks: [[(text: String, font: Font, color: RGB, indent: Double)]] = []
    for m in cover.advice.medicines {
      var block: [(text: String, font: Font, color: RGB, indent: Double)] = [
        (m.name, Font(size: 13, bold: true), .headerBlue, 0), (h.ifUnwell, Font(size: 12, bold: true), .ink, 0),
      ]
      block += m.unwell.map { ("• " + $0.text, Font(size: 12), .ink, 8) }
      block.append((h.ifMissed, Font(size: 12, bold: true), .ink, 0))
      block += m.missed.map { ("• " + $0.text, Font(size: 12), .ink, 8) }
      if !m.important.isEmpty {
        block.append((h.alsoImportant, Font(size: 12, bold: true), .ink, 0))
        block += m.important.map { ("• " + $0.text, Font(size: 12), .ink, 8) }
      }
      blocks.append(block)
    }
    if !cover.advice.words.isEmpty {
      let words = cover.advice.words.map { "\($0.abbreviation) means \($0.meaning)" }.joined(separator: "; ")
      blocks.append([("\(h.words): \(words).", Font(size: 12), .ink, 0)])
    }
    columns(blocks, top: top + 4)
    footer(page: page)
  }

  /// The steroid emergency card's page: what the card is and when to show it (patient text), and what the NHS
  /// card says, with the emergency treatment for the doctor or paramedic.
  func drawSteroidCard(page: Int) {
    let card = PatientCatalogue.english.card
    let from = plan.steroidCard.map { "From \(WeeklyText.dayText($0.from))" } ?? ""
    let top = header(title: plan.title, right: card.title, subtitle: from)
    var left: [(text: String, font: Font, color: RGB, indent: Double)] = card.intro.map { ($0.text, Font(size: 12), .ink, 0) }
    left.append(("When to show it", Font(size: 13, bold: true), .headerBlue, 0))
    left += card.whenToShow.map { ("• " + $0.text, Font(size: 12), .ink, 8) }
    var right: [(text: String, font: Font, color: RGB, indent: Double)] = [
      ("NHS Steroid Emergency Card", Font(size: 13, bold: true), .draftRed, 0)
    ]
    right.append((card.cardFrontTitle, Font(size: 10, bold: true), .ink, 0))
    right += card.cardFront.map { ($0, Font(size: 11, bold: true), .ink, 0) }
    right += card.fields.map { ("\($0): ______________________________", Font(size: 11), .ink, 0) }
    right.append((card.cardTreatmentTitle, Font(size: 10, bold: true), .ink, 0))
    right += card.cardTreatment.map { ($0, Font(size: 10), .ink, 6) }
    columns([left, right], top: top + 4)
    footer(page: page)
  }

  /// The clinician page, last: the planner's findings, the dose arithmetic and the guideline's notes.
  func drawClinician(_ page: WeeklyCover.ClinicianPage, page number: Int) {
    let top = header(title: plan.title, right: page.title, subtitle: page.note)
    var blocks: [[(text: String, font: Font, color: RGB, indent: Double)]] = []
    var notices: [(text: String, font: Font, color: RGB, indent: Double)] = [
      ("Notices from the planner", Font(size: 11, bold: true), .headerBlue, 0)
    ]
    notices += page.notices.isEmpty ? [("None.", Font(size: 8.5), .ink, 0)] : page.notices.map { ("• " + $0, Font(size: 8.5), .ink, 6) }
    blocks.append(notices)
    for m in page.medicines {
      var block: [(text: String, font: Font, color: RGB, indent: Double)] = [(m.name, Font(size: 10, bold: true), .ink, 0)]
      block += m.lines.map { ($0, Font(size: 8.5), .ink, 6) }
      block += m.safetyNotes.map { ("• " + $0, Font(size: 8, italic: true), RGB(70, 70, 70), 6) }
      blocks.append(block)
    }
    columns(blocks, top: top + 4)
    footer(page: number)
  }
}
