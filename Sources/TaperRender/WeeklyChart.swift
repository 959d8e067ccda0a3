public import TaperCore

/// The taper chart as a list of shapes: daily prednisolone as steps with the 5 mg line marked,
/// methotrexate dose steps and infusion courses in lanes below, all on one time axis.
///
/// The shapes are plain values in a box of the caller's size; the PDF draws them with cairo and the
/// HTML page writes them as SVG, so both show the same chart.
public struct WeeklyChart: Hashable, Sendable {
  /// A colour as 0–255 components.
  public struct Color: Hashable, Sendable {
    public var red, green, blue: Int
    public init(_ red: Int, _ green: Int, _ blue: Int) {
      self.red = red
      self.green = green
      self.blue = blue
    }
    /// `#rrggbb`.
    public var hex: String {
      let digits = Array("0123456789abcdef")
      return "#" + [red, green, blue].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
    public static let ink = Color(30, 30, 30)
    public static let grid = Color(215, 215, 215)
    public static let prednisolone = Color(31, 95, 170)
    public static let methotrexate = Color(190, 40, 40)
    public static let infusion = Color(120, 70, 160)
    public static let threshold = Color(0, 130, 80)
  }

  /// Horizontal placement of a text relative to its point.
  public enum Anchor: String, Hashable, Sendable { case start, middle, end }

  /// One shape; coordinates in points from the top left of the chart box.
  public enum Mark: Hashable, Sendable {
    case line(points: [Double], color: Color, width: Double, dashed: Bool)
    case rect(x: Double, y: Double, width: Double, height: Double, color: Color)
    /// `y` is the text's baseline.
    case text(String, x: Double, y: Double, size: Double, anchor: Anchor, color: Color, bold: Bool)
  }

  /// Daily prednisolone total per plan day (mg), 0 when none.
  public var prednisolone: [Mass]
  /// Methotrexate weekly dose in force on each plan day (held between doses), nil before the first.
  public var methotrexate: [Mass?]
  /// Infusion runs (consecutive days of one intravenous medicine), in date order.
  public var infusions: [Run]
  public var start: CivilDate
  public var dayCount: Int

  /// Consecutive infusion days of one medicine.
  public struct Run: Hashable, Sendable {
    public var name: String
    /// Plan day indexes (0-based), both included.
    public var first: Int
    public var last: Int
    /// The course number ("2"), or the medicine's name.
    public var label: String
  }

  public init(_ plan: TreatmentPlan) {
    start = plan.start
    dayCount = plan.days.count
    var pred: [Mass] = []
    var mtx: [Mass?] = []
    var current: Mass?
    var runs: [Run] = []
    var open: [Int: Int] = [:]  // medicine → index in runs of its run that ended yesterday
    pred.reserveCapacity(plan.days.count)
    for (i, day) in plan.days.enumerated() {
      var total = Mass.zero
      var today: Set<Int> = []
      for a in day.administrations {
        let kind = plan.medicines[a.medicine].kind
        if kind == .prednisolone, let m = a.amount.mass { total = total + m }
        if kind == .methotrexate, let m = a.amount.mass { current = m }
        if a.route == .intravenous, !today.contains(a.medicine) {
          today.insert(a.medicine)
          if let r = open[a.medicine], runs[r].last == i - 1 {
            runs[r].last = i
          } else {
            let name = plan.medicines[a.medicine].displayName
            // "IVIG course 2 of 3, day 1 of 5" → "course 2".
            let words = (a.note ?? "").split(separator: " ")
            let course = words.firstIndex(of: "course").flatMap { w in
              w + 1 < words.count ? String(words[w + 1].filter(\.isNumber)) : nil
            }
            runs.append(Run(name: name, first: i, last: i, label: course ?? name))
            open[a.medicine] = runs.count - 1
          }
        }
      }
      pred.append(total)
      mtx.append(current)
    }
    prednisolone = pred
    methotrexate = mtx
    infusions = runs
  }

  /// The shapes for a chart `width` × `height` points.
  public func marks(width: Double, height: Double) -> [Mark] {
    var marks: [Mark] = []
    let infusionNames = infusions.reduce(into: [String]()) { if !$0.contains($1.name) { $0.append($1.name) } }
    let hasMethotrexate = methotrexate.contains { $0 != nil }
    let laneHeight = 18.0
    let longest = (infusionNames + ["MTX"]).map(\.count).max() ?? 3
    let left = Swift.max(30, Double(longest) * 5 + 10), right = width - 8, top = 14.0
    let axisHeight = 16.0
    let lanes = Double(infusionNames.count + (hasMethotrexate ? 1 : 0))
    let plotBottom = height - axisHeight - lanes * laneHeight - 6
    let days = Double(max(dayCount, 1))
    func x(_ day: Double) -> Double { left + (right - left) * day / days }

    // Prednisolone panel.
    let maxDose = prednisolone.map(\.milligrams).max() ?? 0
    let step: Double = maxDose > 60 ? 20 : (maxDose > 25 ? 10 : 5)
    let yMax = Swift.max(step * (maxDose / step).rounded(.up), 10)
    func y(_ mg: Double) -> Double { plotBottom - (plotBottom - top) * mg / yMax }
    marks.append(.text("Prednisolone, mg a day", x: left, y: top - 4, size: 8, anchor: .start, color: .prednisolone, bold: true))
    var tick = 0.0
    while tick <= yMax + 0.001 {
      marks.append(.line(points: [left, y(tick), right, y(tick)], color: .grid, width: 0.5, dashed: false))
      marks.append(.text(Self.number(tick), x: left - 4, y: y(tick) + 3, size: 7, anchor: .end, color: .ink, bold: false))
      tick += step
    }
    if maxDose > 0 {
      marks.append(.line(points: [left, y(5), right, y(5)], color: .threshold, width: 1, dashed: true))
      marks.append(.text("5 mg", x: right - 2, y: y(5) - 3, size: 7, anchor: .end, color: .threshold, bold: true))
      var points: [Double] = []
      var last: Double?
      for (i, m) in prednisolone.enumerated() {
        let v = m.milligrams
        if v != last {
          if last != nil { points += [x(Double(i)), y(last!)] }
          points += [x(Double(i)), y(v)]
          last = v
        }
      }
      points += [x(days), y(last ?? 0)]
      marks.append(.line(points: points, color: .prednisolone, width: 1.6, dashed: false))
    } else {
      marks.append(.text("No prednisolone in this plan", x: (left + right) / 2, y: (top + plotBottom) / 2, size: 9, anchor: .middle, color: .ink, bold: false))
    }

    // Lanes.
    var laneTop = plotBottom + 6
    if hasMethotrexate {
      let values = methotrexate.compactMap { $0?.milligrams }
      let lo = (values.min() ?? 0) * 0.8, hi = values.max() ?? 1
      func ly(_ v: Double) -> Double { laneTop + laneHeight - 3 - (laneHeight - 8) * (hi > lo ? (v - lo) / (hi - lo) : 0.5) }
      marks.append(.text("MTX", x: left - 4, y: laneTop + laneHeight / 2 + 3, size: 7, anchor: .end, color: .methotrexate, bold: true))
      var points: [Double] = []
      var last: Double?
      var labelEnd = -Double.infinity
      for (i, m) in methotrexate.enumerated() {
        guard let v = m?.milligrams else { continue }
        if v != last {
          if let l = last { points += [x(Double(i)), ly(l)] }
          points += [x(Double(i)), ly(v)]
          last = v
          // Label a step only where the previous label leaves room.
          guard x(Double(i)) > labelEnd else { continue }
          labelEnd = x(Double(i)) + 30
          marks.append(.text(Self.number(v) + " mg", x: x(Double(i)) + 2, y: ly(v) - 2, size: 6.5, anchor: .start, color: .methotrexate, bold: false))
        }
      }
      if let l = last {
        points += [x(days), ly(l)]
        if right - 30 > labelEnd {
          marks.append(.text(Self.number(l) + " mg", x: right - 2, y: ly(l) - 2, size: 6.5, anchor: .end, color: .methotrexate, bold: false))
        }
      }
      marks.append(.line(points: points, color: .methotrexate, width: 1.4, dashed: false))
      laneTop += laneHeight
    }
    for name in infusionNames {
      marks.append(.text(name, x: left - 4, y: laneTop + laneHeight / 2 + 3, size: 7, anchor: .end, color: .infusion, bold: true))
      var labelEnd = -Double.infinity
      for run in infusions where run.name == name {
        let x0 = x(Double(run.first)), x1 = Swift.max(x(Double(run.last + 1)), x0 + 2)
        marks.append(.rect(x: x0, y: laneTop + 3, width: x1 - x0, height: laneHeight - 8, color: .infusion))
        if run.label != name, x0 > labelEnd {
          labelEnd = x0 + 6.5 * Double(run.label.count)
          marks.append(.text(run.label, x: x0, y: laneTop + laneHeight + 1, size: 6, anchor: .start, color: .infusion, bold: false))
        }
      }
      laneTop += laneHeight
    }

    // Time axis: a tick at each month's first day.
    let axisY = height - axisHeight
    marks.append(.line(points: [left, axisY, right, axisY], color: .ink, width: 0.6, dashed: false))
    var labelEnd = -Double.infinity
    for i in 0..<dayCount {
      let date = start.adding(days: i)
      guard date.day == 1 || i == 0 else { continue }
      let label =
        i == 0 || date.month == 1
        ? "\(i == 0 ? "\(date.day) " : "")\(WeeklyText.monthNames[date.month - 1]) \(date.year)"
        : WeeklyText.monthNames[date.month - 1]
      let labelWidth = Double(label.count) * 4
      let lx = x(Double(i))
      let anchor: Anchor = i == 0 ? .start : .middle
      let startX = anchor == .start ? lx : lx - labelWidth / 2
      marks.append(.line(points: [lx, axisY, lx, axisY + 3], color: .ink, width: 0.6, dashed: false))
      // Skip a label that would run into the previous one or off the chart.
      guard startX > labelEnd + 4, startX + labelWidth <= width else { continue }
      labelEnd = startX + labelWidth
      marks.append(.text(label, x: lx, y: axisY + 11, size: 6.5, anchor: anchor, color: .ink, bold: false))
    }
    return marks
  }

  /// "17.5" for 17.5 mg.
  static func number(_ mg: Double) -> String {
    Mass(micrograms: Int((mg * 1000).rounded())).mgText.replacingSuffix(" mg")
  }
}
