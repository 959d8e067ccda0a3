import TaperCore
import TaperRender

extension PageFrame {
  /// The last page: tablets of each strength for the whole plan and per 4 weeks.
  func drawSupply(_ supply: WeeklySupply, pageNumber: Int) {
    var y = header(
      title: plan.title, right: "Tablet supply",
      subtitle: "Tablets of each strength this plan uses, to write a prescription from (\(plan.start) to \(plan.end))")
    let footerTop = height - margin - 4
    let tableWidth = width - 2 * margin
    if supply.items.isEmpty {
      y += canvas.text("No tablets in this plan.", x: margin, y: y, font: Font(size: 10)) + 8
    } else {
      let labelWidth = 170.0
      let columnWidth = (tableWidth - labelWidth) / Double(supply.items.count)
      let rows = supply.periods.count + 1
      let reserved = 26.0 + Double(supply.others.count + 3) * 12
      let rowHeight = min(18, max(8, (footerTop - y - reserved - 30) / Double(rows)))
      let s = min(1, rowHeight / 16)
      // Column heads.
      let headHeight = 26.0
      canvas.fill(x: margin, y: y, width: tableWidth, height: headHeight, color: .paleGrey)
      canvas.text("Period", x: margin + 4, y: y + 4, font: Font(size: 8.5, bold: true))
      for (i, item) in supply.items.enumerated() {
        canvas.text(
          "\(item.name) \(item.strength)", x: margin + labelWidth + Double(i) * columnWidth + 2, y: y + 3,
          width: columnWidth - 4, font: Font(size: 7.5, bold: true), align: .right)
      }
      y += headHeight
      func row(_ label: String, _ counts: [Int], bold: Bool) {
        let font = Font(size: 8.5 * s, bold: bold)
        canvas.text(label, x: margin + 4, y: y + 2 * s, font: font)
        for (i, n) in counts.enumerated() {
          canvas.text(
            "\(n)", x: margin + labelWidth + Double(i + 1) * columnWidth - 4, y: y + 2 * s, font: font, align: .right)
        }
        y += rowHeight
        canvas.line([margin, y, width - margin, y], color: .outside, lineWidth: 0.4)
      }
      row("Whole plan", supply.items.map(\.total), bold: true)
      for p in supply.periods {
        row("\(p.label): \(p.first) to \(p.last)", p.counts, bold: false)
      }
      y += 10
    }
    if !supply.others.isEmpty {
      canvas.text("Doses without a tablet count", x: margin, y: y, font: Font(size: 9, bold: true), color: .headerBlue)
      y += 13
      for o in supply.others {
        let amounts = o.amounts.joined(separator: ", ")
        canvas.text(
          "\(o.name): \(o.count) dose\(o.count == 1 ? "" : "s") (\(amounts))", x: margin + 8, y: y,
          width: tableWidth - 8, font: Font(size: 8))
        y += 12
      }
    }
    let continuing = plan.medicines.filter { $0.continuation != nil }.map(\.displayName)
    if !continuing.isEmpty {
      y += 4
      canvas.text(
        "Still running at the end of the plan (a further supply is needed): \(continuing.joined(separator: ", ")).",
        x: margin, y: y, width: tableWidth, font: Font(size: 8, italic: true))
    }
    footer(page: pageNumber)
  }
}
