import TaperCore
import TaperRender
import TaperTestSupport
import Testing

@Suite struct WeeklyScheduleTests {
  @Test(arguments: Fixtures.planNames)
  func everyAdministrationIsInExactlyOneCell(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let schedule = WeeklySchedule(plan)
    var cells: [CivilDate: [String]] = [:]
    for week in schedule.weeks {
      #expect(week.days.count == 7)
      #expect(week.days[0].date.weekday == .monday)
      for row in week.rows {
        #expect(row.cells.count == 7)
        for (day, cell) in zip(week.days, row.cells) {
          if case .dose(let dose) = cell { cells[day.date, default: []].append("\(row.name) \(dose.amount) \(dose.tablets)") }
          if !day.inPlan { #expect(cell == .outsidePlan) }
        }
      }
    }
    for day in plan.days {
      let expected = day.administrations.map {
        "\(plan.medicines[$0.medicine].displayName) \($0.amount.description) \($0.tabletText)"
      }
      #expect((cells[day.date] ?? []).sorted() == expected.sorted(), "\(day.date)")
    }
  }

  @Test func weeksCanStartOnSunday() throws {
    let plan = try Fixtures.plan("specialist")  // starts on a Sunday
    let monday = WeeklySchedule(plan, weekStart: .monday)
    let sunday = WeeklySchedule(plan, weekStart: .sunday)
    #expect(monday.weeks[0].days[6].date == plan.start)
    #expect(sunday.weeks[0].days[0].date == plan.start)
    let allSunday = sunday.weeks.allSatisfy { $0.days[0].date.weekday == .sunday }
    #expect(allSunday)
    #expect(monday.weeks.count == sunday.weeks.count + 1)
  }

  @Test func methotrexateRowSaysNoMethotrexateOnTheOtherDays() throws {
    let plan = try Fixtures.plan("severe")
    let week = WeeklySchedule(plan).weeks[1]
    let row = try #require(week.rows.first { $0.isMethotrexate })
    let doses = row.cells.filter { if case .dose = $0 { true } else { false } }
    #expect(doses.count == 1)
    #expect(row.cells.filter { $0 == .noMethotrexate }.count == 6)
    #expect(week.days.filter(\.isMethotrexateDay).map(\.date.weekday) == [.monday])
  }

  @Test func cellTextShowsDoseAndTablets() throws {
    let plan = try Fixtures.plan("severe")
    let texts = WeeklySchedule(plan).weeks.flatMap(\.rows).flatMap(\.cells).compactMap { cell -> String? in
      if case .dose(let d) = cell { d.text } else { nil }
    }
    #expect(texts.contains("70 mg — 14 × 5 mg"))
    #expect(texts.contains("28.0 g"))
  }

  @Test func lastWeekCarriesTheContinuations() throws {
    let plan = try Fixtures.plan("severe")
    let weeks = WeeklySchedule(plan).weeks
    #expect(weeks.dropLast().allSatisfy { $0.continuations.isEmpty })
    let expected = plan.medicines.compactMap { m in m.continuation.map { "\(m.displayName): \($0)" } }
    #expect(!expected.isEmpty)
    #expect(weeks.last?.continuations == expected)
  }

  @Test func changeAndInfusionDaysAreFlagged() throws {
    let plan = try Fixtures.plan("severe")
    let days = WeeklySchedule(plan).weeks.flatMap(\.days)
    for change in plan.changes {
      #expect(days.first { $0.date == change.date }?.changes.contains(change) == true)
    }
    #expect(days.first { $0.date == plan.start }?.hasInfusion == true)
  }

  @Test func supplyAddsUpTheTablets() throws {
    let plan = try Fixtures.plan("severe")
    let supply = WeeklySupply(plan)
    for item in supply.items {
      let total = plan.days.flatMap(\.administrations).filter { plan.medicines[$0.medicine].displayName == item.name }
        .flatMap(\.tablets).filter { $0.strength.mgText == item.strength }.reduce(0) { $0 + $1.count }
      #expect(item.total == total, "\(item.name) \(item.strength)")
      #expect(supply.periods.reduce(0) { $0 + $1.counts[supply.items.firstIndex(of: item)!] } == total)
    }
    #expect(supply.periods.count == (plan.days.count + 27) / 28)
  }

  @Test(arguments: Fixtures.planNames)
  func everyBloodTestIsOnItsDay(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let days = WeeklySchedule(plan).weeks.flatMap(\.days)
    for event in plan.monitoring {
      let day = try #require(days.first { $0.date == event.date })
      #expect(day.tests.contains { $0.title == event.title && $0.detail == event.detail }, "\(event.date)")
    }
    #expect(days.reduce(0) { $0 + $1.tests.count } == plan.monitoring.count)
  }

  @Test func terminalWeek() throws {
    let plan = try Fixtures.plan("severe")
    let schedule = WeeklySchedule(plan)
    let text = try #require(WeeklyText.render(plan, schedule: schedule, week: 2))
    #expect(text.contains("Week 2 of \(schedule.weeks.count)"))
    #expect(text.contains("[ ] 08:00  Prednisolone"))
    #expect(text.contains("METHOTREXATE DAY"))
    #expect(text.contains("no methotrexate"))
    #expect(WeeklyText.render(plan, schedule: schedule, week: 0) == nil)
    #expect(WeeklyText.render(plan, schedule: schedule, week: schedule.weeks.count + 1) == nil)
  }

  @Test func timestamps() {
    #expect(PrintTimestamp(iso: "2026-01-01T00:00:00Z")?.description == "2026-01-01T00:00:00Z")
    #expect(PrintTimestamp(iso: "2026-02-30T00:00:00Z") == nil)
    #expect(PrintTimestamp(iso: "2026-01-01T24:00:00Z") == nil)
    #expect(PrintTimestamp(iso: "2026-01-01 00:00:00") == nil)
    #expect(PrintTimestamp(secondsSinceEpoch: 1_767_225_600).description == "2026-01-01T00:00:00Z")
  }
}
