import TaperCore
import TaperRender

extension PageFrame {
  /// One week: a column per day, a row per medicine and time, a dose and a tick box in each cell.
  func drawWeek(_ week: WeeklySchedule.Week, page: Int? = nil) {
    let top = header(
      title: plan.title, right: week.title,
      subtitle: "\(week.rangeText)\(plan.patient.label.map { " · \($0)" } ?? "") · tick each dose when you take it")
    let footerTop = height - margin - 4
    let notes = weekNotes(week)
    let notesHeight = notes.isEmpty ? 0 : Double(notes.count) * 11 + 8
    let available = footerTop - top - notesHeight - 6

    var scale = 1.0
    while scale > 0.5, gridHeight(week, scale: scale, minimum: 0) > available { scale -= 0.05 }
    // Rows share the page's height, up to a comfortable size for writing on.
    let rowsHeight = available - headRowHeight(week, scale)
    let minimum = week.rows.isEmpty ? 0 : min(84, rowsHeight / Double(week.rows.count))
    let rows = week.rows.map { rowHeight($0, scale: scale, minimum: minimum) }
    let fitted = rows.reduce(0, +) <= rowsHeight ? rows : week.rows.map { rowHeight($0, scale: scale, minimum: 0) }
    let gridBottom = drawGrid(week, top: top, scale: scale, rowHeights: fitted)

    var y = gridBottom + 8
    for (text, color) in notes {
      canvas.text(text, x: margin, y: y, width: width - 2 * margin, font: Font(size: 8, bold: color != .ink), color: color)
      y += 11
    }
    footer(page: page ?? week.number + 1)
  }

  private func weekNotes(_ week: WeeklySchedule.Week) -> [(String, RGB)] {
    var notes: [(String, RGB)] = []
    for change in week.changes {
      notes.append(("\(WeeklyText.dayText(change.date)): \(change.summary)", .ink))
    }
    for day in week.days {
      for t in day.tests { notes.append(("\(WeeklyText.dayText(day.date)): \(t.title) — \(t.detail)", .ink)) }
    }
    for c in week.continuations { notes.append(("After the plan — \(c)", .headerBlue)) }
    return notes
  }

  private var labelWidth: Double { 118 }
  private var dayWidth: Double { (width - 2 * margin - labelWidth) / 7 }
  /// The header row: weekday, date, then the day's tags, however many lines they take.
  private func headRowHeight(_ week: WeeklySchedule.Week, _ s: Double) -> Double {
    let tagLines = week.days.map { day in
      canvas.measure(dayTags(day).joined(separator: " · "), font: tagFont(s), width: dayWidth - 8).height
    }
    return max(46 * s, 27 * s + (tagLines.max() ?? 0) + 4)
  }

  private func tagFont(_ s: Double) -> Font { Font(size: 6.5 * s, bold: true) }

  /// "DOSE CHANGE", "INFUSION", "METHOTREXATE", "BLOOD TEST", or where the day lies outside the plan.
  private func dayTags(_ day: WeeklySchedule.Day) -> [String] {
    var tags: [String] = []
    if !day.inPlan { tags.append(day.date < plan.start ? "before the plan" : "after the plan") }
    if !day.changes.isEmpty { tags.append("DOSE CHANGE") }
    if day.hasInfusion { tags.append("INFUSION") }
    if day.isMethotrexateDay { tags.append("METHOTREXATE") }
    if !day.tests.isEmpty { tags.append("BLOOD TEST") }
    return tags
  }

  private func doseFont(_ s: Double) -> Font { Font(size: 9 * s, bold: true) }
  private func detailFont(_ s: Double) -> Font { Font(size: 7 * s) }
  private var tickSize: Double { 10 }

  /// The height of the cell content of `cell`.
  private func cellHeight(_ cell: WeeklySchedule.Cell, scale s: Double) -> Double {
    if case .tests(let tests) = cell {
      return tests.reduce(10) { h, t in
        h + canvas.measure(t.title, font: doseFont(s), width: doseTextWidth).height
          + canvas.measure(t.shortDetail, font: detailFont(s), width: dayWidth - 8).height
      }
    }
    guard case .dose(let dose) = cell else { return 0 }
    var h = canvas.measure(doseText(dose, scale: s), font: doseFont(s), width: doseTextWidth).height
    for line in dose.details { h += canvas.measure(line, font: detailFont(s), width: dayWidth - 8).height }
    if dose.isMethotrexate { h += 10 * s }
    return max(h, tickSize + 1) + 10
  }

  private func rowHeight(_ row: WeeklySchedule.Row, scale s: Double, minimum: Double) -> Double {
    max(36 * s, minimum, row.cells.map { cellHeight($0, scale: s) }.max() ?? 0)
  }

  private func gridHeight(_ week: WeeklySchedule.Week, scale s: Double, minimum: Double) -> Double {
    headRowHeight(week, s) + week.rows.reduce(0) { $0 + rowHeight($1, scale: s, minimum: minimum) }
      + (week.rows.isEmpty ? 30 : 0)
  }

  /// "70 mg — 14 × 5 mg" on one line when it fits, else broken after the dash.
  private func doseText(_ dose: WeeklySchedule.Dose, scale s: Double) -> String {
    guard !dose.tablets.isEmpty else { return dose.text }
    let oneLine = canvas.measure(dose.text, font: doseFont(s)).width
    return oneLine <= doseTextWidth ? dose.text : "\(dose.amount) —\n\(dose.tablets)"
  }

  private var doseTextWidth: Double { dayWidth - 8 - tickSize - 3 }

  /// Draws the grid from `top`; returns its bottom.
  private func drawGrid(_ week: WeeklySchedule.Week, top: Double, scale s: Double, rowHeights: [Double]) -> Double {
    let x0 = margin + labelWidth
    let headHeight = headRowHeight(week, s)
    // Day headers.
    canvas.text("Medicine, time", x: margin + 3, y: top + 4, font: Font(size: 8 * s, bold: true), color: .midGrey)
    for (i, day) in week.days.enumerated() {
      let x = x0 + Double(i) * dayWidth
      let tint: RGB? =
        !day.inPlan
        ? .outside
        : (!day.changes.isEmpty
          ? .changeTint : (day.hasInfusion ? .infusionTint : (day.tests.isEmpty ? nil : .testTint)))
      if let tint { canvas.fill(x: x, y: top, width: dayWidth, height: headHeight, color: tint) }
      canvas.text(day.date.weekday.name, x: x + 4, y: top + 3, width: dayWidth - 8, font: Font(size: 9 * s, bold: true))
      canvas.text(day.dateText, x: x + 4, y: top + 3 + 11 * s, width: dayWidth - 8, font: Font(size: 9 * s))
      let tags = dayTags(day)
      canvas.text(
        tags.joined(separator: " · "), x: x + 4, y: top + 27 * s, width: dayWidth - 8, font: tagFont(s), color: day.isMethotrexateDay ? .draftRed : .ink)
    }
    var y = top + headHeight
    if week.rows.isEmpty {
      canvas.text("Nothing to take this week.", x: margin + 4, y: y + 8, font: Font(size: 10 * s))
      y += 30
    }
    for (row, h) in zip(week.rows, rowHeights) {
      canvas.fill(x: margin, y: y, width: labelWidth, height: h, color: row.isMethotrexate ? .methotrexateTint : .paleGrey)
      var ly = y + 4
      ly += canvas.text(row.name, x: margin + 4, y: ly, width: labelWidth - 8, font: Font(size: 9.5 * s, bold: true))
      let routeText = row.route == .oral ? "by mouth" : row.route.phrase
      ly += canvas.text(
        row.isMonitoring ? "monitoring, as booked" : "\(row.time) · \(routeText)", x: margin + 4, y: ly, width: labelWidth - 8, font: Font(size: 7.5 * s))
      if row.isMethotrexate {
        canvas.text("ONCE A WEEK ONLY", x: margin + 4, y: ly + 1, width: labelWidth - 8, font: Font(size: 7 * s, bold: true), color: .draftRed)
      } else if !row.doseChecked {
        canvas.text("dose as prescribed", x: margin + 4, y: ly + 1, width: labelWidth - 8, font: Font(size: 6.5 * s, italic: true), color: .midGrey)
      }
      for (i, cell) in row.cells.enumerated() {
        drawCell(cell, x: x0 + Double(i) * dayWidth, y: y, height: h, scale: s)
      }
      canvas.line([margin, y, width - margin, y], color: .midGrey, lineWidth: 0.5)
      y += h
    }
    // Grid lines.
    canvas.line([margin, y, width - margin, y], color: .midGrey, lineWidth: 0.5)
    canvas.line([margin, top + headHeight, width - margin, top + headHeight], color: .ink, lineWidth: 0.9)
    for i in 0...7 {
      let x = x0 + Double(i) * dayWidth
      canvas.line([x, top, x, y], color: .midGrey, lineWidth: 0.5)
    }
    canvas.stroke(x: margin, y: top, width: width - 2 * margin, height: y - top, color: .ink, lineWidth: 0.9)
    return y
  }

  private func drawCell(_ cell: WeeklySchedule.Cell, x: Double, y: Double, height h: Double, scale s: Double) {
    switch cell {
    case .outsidePlan:
      canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .outside)
      canvas.hatch(x: x, y: y, width: dayWidth, height: h, color: .midGrey)
    case .empty:
      canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .paleGrey)
      canvas.text("—", x: x + dayWidth / 2, y: y + h / 2 - 6, font: Font(size: 9), color: .midGrey, align: .center)
    case .noMethotrexate:
      canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .paleGrey)
      canvas.text(
        "no methotrexate", x: x + 3, y: y + h / 2 - 5, width: dayWidth - 6, font: Font(size: 7 * s, italic: true),
        color: .midGrey, align: .center)
    case .tests(let tests):
      canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .testTint)
      canvas.stroke(x: x + dayWidth - 4 - tickSize, y: y + 4, width: tickSize, height: tickSize, color: .ink, lineWidth: 0.9)
      var ty = y + 4
      for t in tests {
        ty += canvas.text(t.title, x: x + 4, y: ty, width: doseTextWidth, font: doseFont(s))
        ty += canvas.text(t.shortDetail, x: x + 4, y: ty, width: dayWidth - 8, font: detailFont(s), color: RGB(60, 60, 60))
      }
    case .dose(let dose):
      if dose.change != nil {
        canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .changeTint)
      } else if dose.isInfusion {
        canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .infusionTint)
      } else if dose.isMethotrexate {
        canvas.fill(x: x, y: y, width: dayWidth, height: h, color: .methotrexateTint)
      }
      var ty = y + 4
      if dose.isMethotrexate {
        canvas.stroke(x: x + 1.5, y: y + 1.5, width: dayWidth - 3, height: h - 3, color: .draftRed, lineWidth: 2.2)
        ty += canvas.text("METHOTREXATE DAY", x: x + 4, y: ty, width: doseTextWidth, font: Font(size: 6.5 * s, bold: true), color: .draftRed)
      }
      canvas.stroke(x: x + dayWidth - 4 - tickSize, y: y + 4, width: tickSize, height: tickSize, color: .ink, lineWidth: 0.9)
      ty += canvas.text(doseText(dose, scale: s), x: x + 4, y: ty, width: doseTextWidth, font: doseFont(s))
      ty = max(ty, y + 5 + tickSize)
      for line in dose.details {
        ty += canvas.text(line, x: x + 4, y: ty, width: dayWidth - 8, font: detailFont(s), color: RGB(60, 60, 60))
      }
    }
  }
}
