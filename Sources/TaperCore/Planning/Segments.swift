/// A dose over time as consecutive segments: from each segment's first day, its pattern repeats day by
/// day (one dose for a plain daily dose, two for an alternate-day step). The last segment runs on, unless
/// its pattern is a single zero, which means the medicine stops.
struct Segments: Sendable {
  struct Segment: Sendable {
    var start: CivilDate
    var pattern: [Mass]
  }

  private(set) var list: [Segment] = []

  mutating func append(from start: CivilDate, _ pattern: [Mass]) {
    if let last = list.last, last.pattern == pattern { return }
    if let last = list.last, last.start == start { list.removeLast() }
    list.append(Segment(start: start, pattern: pattern))
  }

  /// The segment in force on `date`, or `nil` before the first one.
  func segment(on date: CivilDate) -> Segment? {
    var lo = 0, hi = list.count - 1, found: Segment?
    while lo <= hi {
      let mid = (lo + hi) / 2
      if list[mid].start <= date {
        found = list[mid]
        lo = mid + 1
      } else {
        hi = mid - 1
      }
    }
    return found
  }

  /// The dose on `date` (zero once stopped), or `nil` before the first segment.
  func dose(on date: CivilDate) -> Mass? {
    guard let s = segment(on: date) else { return nil }
    return s.pattern[s.start.days(to: date) % s.pattern.count]
  }

  /// Overrides ``settled`` when the last segment has a planned length (an explicit taper step).
  var settledDate: CivilDate?

  /// The day from which the dose no longer changes (or the last planned step ends).
  var settled: CivilDate? {
    if let settledDate { return settledDate }
    guard let last = list.last else { return nil }
    return last.start
  }

  /// Whether the final segment stops the medicine.
  var stops: Bool { list.last?.pattern == [.zero] }
}

extension Segments.Segment {
  /// "35 mg", "20 mg / 17.5 mg alternate days", "5 mg on alternate days" or "20 mg, 17.5 mg, 17.5 mg repeating".
  var text: String {
    if pattern.count == 1 { return pattern[0].mgText }
    if pattern.count == 2, pattern[1] == .zero { return "\(pattern[0].mgText) on alternate days" }
    if pattern.count == 2, pattern[0] == .zero { return "\(pattern[1].mgText) on alternate days, from the second day" }
    if pattern.count == 2 { return "\(pattern[0].mgText) / \(pattern[1].mgText) alternate days" }
    return pattern.map(\.mgText).joined(separator: ", ") + " repeating"
  }

  /// The average daily dose, for telling a reduction from an increase.
  var averageMicrograms: Int { pattern.map(\.micrograms).reduce(0, +) / pattern.count }
}
