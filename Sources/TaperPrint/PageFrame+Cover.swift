import TaperCore
import TaperRender

extension PageFrame {
  /// Page 1: title, patient, when to get help now and the clinic, the medicines and the taper chart. Patient
  /// text is set at 12 pt and shrinks only if it would not fit (a plan with many medicines); the clinician's
  /// findings are on their own page (``drawClinician(_:page:)``).
  func drawCover(_ cover: WeeklyCover, chart: WeeklyChart, page: Int = 1) {
    var scale = 1.0
    while scale > 0.55, !coverText(cover, scale: scale, draw: false) { scale -= 0.05 }
    _ = coverText(cover, scale: scale, draw: true)

    // Right column: the chart, then the notices.
    let columnX = width / 2 + 10
    let columnWidth = width - margin - columnX
    var y = margin + 40
    canvas.text("Taper chart", x: columnX, y: y, font: Font(size: 11, bold: true), color: .headerBlue)
    y += 16
    let chartHeight = min(250, height * 0.42)
    drawChart(chart, x: columnX, y: y, width: columnWidth, height: chartHeight)
    y += chartHeight + 4
    y += canvas.text(
      "Blue: prednisolone a day, as steps (dashed green line: 5 mg). Red: methotrexate once a week. "
        + "Purple bars: days of infusions.", x: columnX, y: y, width: columnWidth, font: Font(size: 7), color: .midGrey)
    canvas.text(cover.producedBy, x: columnX, y: height - margin - 24, width: columnWidth, font: Font(size: 7), color: .midGrey)
    footer(page: page)
  }

  /// The left column of page 1; returns whether it fits.
  private func coverText(_ cover: WeeklyCover, scale s: Double, draw: Bool) -> Bool {
    let x = margin
    let w = width / 2 - margin - 10
    let bottom = height - margin - 10
    var y = margin
    func put(_ text: String, _ font: Font, _ color: RGB = .ink, indent: Double = 0, after: Double = 1.5) {
      let f = Font(size: font.size * s, bold: font.bold, italic: font.italic)
      let h =
        draw
        ? canvas.text(text, x: x + indent, y: y, width: w - indent, font: f, color: color)
        : canvas.measure(text, font: f, width: w - indent).height
      y += h + after * s
    }
    if draw, cover.isDraft { draftBadge(y: margin) }
    put(cover.title, Font(size: 18, bold: true), .headerBlue, after: 2)
    if let label = cover.patientLabel { put("Patient: \(label)", Font(size: 11, bold: true)) }
    put(cover.planLine, Font(size: 8.5), cover.isDraft ? .draftRed : .ink)
    if let approval = cover.approvalLine { put(approval, Font(size: 8.5, bold: true), cover.isDraft ? .draftRed : .ink) }
    put(cover.datesLine, Font(size: 8.5), after: 6)

    let boxTop = y
    y += 4 * s
    put(cover.headings.helpNow, Font(size: 12, bold: true), .draftRed, indent: 6)
    for line in cover.helpNow { put("• " + line, Font(size: 12), indent: 10) }
    // The phone number on a line of its own, so it never wraps.
    let phones = cover.contactLines.filter { $0.hasPrefix("Phone") }
    let others = cover.contactLines.filter { !$0.hasPrefix("Phone") }
    put(
      "\(cover.headings.callClinic): " + others.joined(separator: " · "), Font(size: 12, bold: true), indent: 6,
      after: phones.isEmpty ? 3 : 1)
    for phone in phones { put(phone, Font(size: 13, bold: true), indent: 6, after: 3) }
    y += 3 * s
    if draw {
      canvas.stroke(x: x, y: boxTop, width: w, height: y - boxTop, color: .draftRed, lineWidth: 1.2)
    }
    y += 7 * s

    put(cover.headings.yourMedicines, Font(size: 13, bold: true), .headerBlue, after: 3)
    for m in cover.medicines {
      put("\(m.name) — \(m.schedule)", Font(size: 12, bold: true), after: 1)
      for line in m.instructions + m.extra { put(line, Font(size: 12), indent: 8, after: 1) }
      y += 4 * s
    }
    if let after = cover.afterPlanLine { put(after, Font(size: 12)) }
    if let tests = cover.testsLine { put(tests, Font(size: 12, bold: true), .headerBlue) }
    return y <= bottom
  }

  /// Draws the chart's shapes in a box.
  func drawChart(_ chart: WeeklyChart, x: Double, y: Double, width: Double, height: Double) {
    canvas.fill(x: x, y: y, width: width, height: height, color: RGB(252, 252, 252))
    canvas.stroke(x: x, y: y, width: width, height: height, color: .outside, lineWidth: 0.5)
    for mark in chart.marks(width: width, height: height) {
      switch mark {
      case .line(let points, let color, let lineWidth, let dashed):
        let moved = points.enumerated().map { $0.offset % 2 == 0 ? $0.element + x : $0.element + y }
        canvas.line(moved, color: color, lineWidth: lineWidth, dashed: dashed)
      case .rect(let rx, let ry, let rw, let rh, let color):
        canvas.fill(x: x + rx, y: y + ry, width: rw, height: rh, color: color)
      case .text(let text, let tx, let ty, let size, let anchor, let color, let bold):
        let align: TextAlignment = anchor == .start ? .left : (anchor == .middle ? .center : .right)
        canvas.baselineText(text, x: x + tx, y: y + ty, font: Font(size: size, bold: bold), color: color, align: align)
      }
    }
  }
}
