import TaperCore
import Testing

@Suite struct CivilDateTests {
  @Test func leapDaysExistOnlyInLeapYears() {
    #expect(CivilDate(iso: "2028-02-29") != nil)
    #expect(CivilDate(iso: "2027-02-29") == nil)
    #expect(CivilDate(iso: "2100-02-29") == nil)
    #expect(CivilDate(iso: "2000-02-29") != nil)
  }

  @Test func rejectsMalformedDates() {
    for text in ["2026-13-01", "2026-00-10", "2026-1-1", "26-01-01", "2026/01/01", "", "2026-01-32", "２０２６-01-01"] {
      #expect(CivilDate(iso: text) == nil, "\(text)")
    }
  }

  @Test func weekdaysAreRight() {
    #expect(d("2028-02-29").weekday == .tuesday)
    #expect(d("2026-12-07").weekday == .monday)
    #expect(d("1970-01-01").weekday == .thursday)
    #expect(d("2027-03-28").weekday == .sunday)
  }

  @Test func arithmeticCountsCalendarDays() {
    #expect(d("2028-02-29").adding(days: 28) == d("2028-03-28"))
    #expect(d("2026-12-31").adding(days: 1) == d("2027-01-01"))
    #expect(d("2027-03-27").adding(days: 2) == d("2027-03-29"))
    #expect(d("2026-12-07").days(to: d("2027-12-12")) == 370)
    for n in stride(from: -800_000, through: 800_000, by: 997) {
      #expect(CivilDate(daysSinceEpoch: n).daysSinceEpoch == n)
    }
  }

  @Test func timesParseStrictly() {
    #expect(LocalTime(parsing: "08:00") == LocalTime(hour: 8, minute: 0))
    for text in ["25:00", "8:00", "08:60", "08:00:00", "8am", "", "-1:00"] {
      #expect(LocalTime(parsing: text) == nil, "\(text)")
    }
  }

  @Test func massesAreExact() {
    #expect(Mass.mg(500) == Mass.g(0.5))
    #expect(Mass.mg(17.5)!.mgText == "17.5 mg")
    #expect(Mass.g(28.04)!.gramsText == "28.0 g")
    #expect(Mass.mg(.nan) == nil)
    #expect(Mass.mg(.infinity) == nil)
    #expect(Mass.mg(1e300) == nil)
    #expect(MassPerKilogram.mgPerKg(0.75)! * BodyWeight.kg(63.5)! == Mass(micrograms: 47_625))
  }

  @Test func tabletsUseFewestTablets() {
    let box = TabletBox([mg(5), mg(2.5), mg(1)])
    #expect(box.tablets(for: mg(35))?.description == "[7 × 5 mg]")
    #expect(box.tablets(for: mg(9)).map { $0.map(\.description) } == ["1 × 5 mg", "4 × 1 mg"])
    #expect(box.tablets(for: mg(17.5)).map { $0.map(\.description) } == ["3 × 5 mg", "1 × 2.5 mg"])
    #expect(box.tablets(for: mg(1.5)) == nil)
    #expect(box.nearestDose(to: Mass(micrograms: 47_625)) == mg(47.5))
    // Ties go down: 0.5 away either side.
    #expect(TabletBox([mg(5)]).nearestDose(to: mg(62.5)) == mg(60))
  }
}
