import TaperCore
import TaperRender

extension PageFrame {
  /// The first page of a revised plan's printout: what changed, in the words `taper diff` uses.
  func drawChanges(_ layout: PrintLayout) {
    var y = header(
      title: plan.title, right: "What changed",
      subtitle: "Revision \(plan.revision) of this plan: the week pages start with the week it changes")
    let textWidth = width - 2 * margin
    y += canvas.text(layout.changesTitle, x: margin, y: y + 4, font: Font(size: 16, bold: true), color: .headerBlue) + 12
    for line in layout.changesLines where y < height - margin - 30 {
      let bullet = line.hasPrefix("- ")
      let text = bullet ? "•  " + line.dropFirst(2) : line
      let font = Font(size: bullet ? 12 : 11, bold: line.hasPrefix("From "))
      y += canvas.text(text, x: margin + (bullet ? 12 : 0), y: y, width: textWidth - (bullet ? 12 : 0), font: font) + 8
    }
    for correction in plan.corrections {
      guard let text = correction.correctionText else { continue }
      y += canvas.text(
        text.prefix(1).uppercased() + text.dropFirst(), x: margin, y: y + 6, width: textWidth,
        font: Font(size: 11, bold: true), color: .draftRed) + 8
    }
    footer(page: 1)
  }
}
