import Foundation
import TaperCore
import TaperPrint
import TaperRender
import TaperTestSupport
import Testing

/// What the patient takes home: each medicine's advice on its page, the clinician's text only on the clinician
/// page, the steroid card page exactly when the plan meets its criterion, and plain words (issue 20).
@Suite struct PatientPagesTests {
  /// Text with every run of white space as one space (pdftotext breaks lines where the layout wraps them).
  static func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

  static func pdfPages(_ plan: TreatmentPlan) throws -> [String] {
    let pdf = try RenderedPDF(PDFSchedule.render(plan, options: fixedOptions))
    defer { pdf.remove() }
    return try pdf.rawPages().map(flat)
  }

  static func htmlPages(_ plan: TreatmentPlan) -> [String] {
    WeeklyHTML.render(plan, options: fixedOptions)
      .split(separator: "<section class=\"page", omittingEmptySubsequences: false).dropFirst().map { flat(String($0)) }
  }

  static func layout(_ plan: TreatmentPlan) -> PrintLayout {
    PrintLayout(plan, schedule: WeeklySchedule(plan), options: fixedOptions)
  }

  @Test(arguments: Fixtures.planNames)
  func eachMedicinesAdviceIsOnTheAdvicePage(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let index = try #require(Self.layout(plan).number(of: .advice)) - 1
    let pdf = try Self.pdfPages(plan)[index]
    let html = Self.htmlPages(plan)[index]
    #expect(html.hasPrefix("advice\">"))
    let advice = PatientAdvice(plan)
    #expect(advice.medicines.count == plan.medicines.count)
    for m in advice.medicines {
      #expect(!m.unwell.isEmpty && !m.missed.isEmpty, "\(name): \(m.name) has no advice")
      for line in m.unwell + m.missed + m.important {
        #expect(pdf.contains(Self.flat(line.text)), "\(name) PDF: \(m.name): \(line.text)")
        #expect(html.contains(HTML(escaping: line.text).description), "\(name) HTML: \(m.name): \(line.text)")
      }
    }
    // "When to get help now" is on page 1, first in its box.
    let cover = try Self.pdfPages(plan)[Self.layout(plan).coverPage - 1]
    for line in advice.helpNow { #expect(cover.contains(Self.flat(line.text)), "\(name): \(line.text)") }
    #expect(advice.helpNow.last?.text == PatientCatalogue.english.helpNow[.anyWorry]?.text)
  }

  @Test func eachMedicineGetsItsOwnLinesFromItsSource() throws {
    let severe = PatientAdvice(try Fixtures.plan("severe"))
    let byName = Dictionary(uniqueKeysWithValues: severe.medicines.map { ($0.name, $0) })
    let prednisolone = try #require(byName["Prednisolone"])
    // The plan meets the card's criterion: the sick-day rules for long-term oral steroids, not double dosing.
    #expect(prednisolone.unwell.contains { $0.text.contains("below 10 mg a day, take 10 mg a day") && $0.source == .exogenousSteroids })
    #expect(prednisolone.unwell.contains { $0.text.contains("Call 999 or 111, or go to A&E now") && $0.text.contains("diarrhoea") })
    #expect(!prednisolone.unwell.contains { $0.text.lowercased().contains("double") })
    let methotrexate = try #require(byName["Methotrexate"])
    #expect(methotrexate.unwell.contains { $0.text.contains("do not take methotrexate that week") })
    #expect(methotrexate.missed.allSatisfy { $0.source == .methotrexateBooklet })
    #expect(methotrexate.important.contains { $0.text.contains("co-trimoxazole") })
    #expect(methotrexate.missed.contains { $0.text.contains("within 2 days") })
    #expect(methotrexate.missed.contains { $0.text.contains("Never take two doses together") })
    #expect(byName["Folic acid"]?.missed.contains { $0.text.contains("methotrexate day") } == true)
    #expect(byName["IVIG"]?.missed.contains { $0.text.contains("infusion unit") } == true)
    let remission = PatientAdvice(try Fixtures.plan("remission"))
    #expect(remission.medicines.first { $0.name == "Mycophenolate mofetil" }?.unwell.contains { $0.text.contains("mycophenolate") } == true)
    #expect(remission.medicines.first { $0.name == "Mycophenolate mofetil" }?.important.contains { $0.text.contains("unborn baby") } == true)
    let nonSevere = PatientAdvice(try Fixtures.plan("non-severe"))
    #expect(nonSevere.medicines.first { $0.name == "Azathioprine" }?.missed.contains { $0.text.contains("Never take two doses") } == true)
  }

  /// Notices, warnings, dose arithmetic and the guideline's notes are on the clinician page and on no patient page.
  @Test(arguments: Fixtures.planNames)
  func clinicianTextStaysOnTheClinicianPage(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let layout = Self.layout(plan)
    let clinicianIndex = try #require(layout.number(of: .clinician)) - 1
    #expect(clinicianIndex == layout.pageCount - 1, "the clinician page is last")
    var clinician = plan.notices.map(\.message)
    clinician += plan.medicines.compactMap(\.doseBasis)
    clinician += plan.medicines.flatMap(\.safetyNotes)
    for (label, pages) in [("PDF", try Self.pdfPages(plan)), ("HTML", Self.htmlPages(plan))] {
      for (i, page) in pages.enumerated() where i != clinicianIndex {
        for text in clinician {
          // The first 40 characters: long enough to be the finding, short enough to sit on one line.
          let probe = Self.flat(String(text.prefix(40)))
          let shown = label == "HTML" ? HTML(escaping: probe).description : probe
          #expect(!page.contains(shown), "\(name) \(label) page \(i + 1) carries clinician text: \(text)")
        }
      }
      if let first = plan.notices.first {
        let probe = Self.flat(String(first.message.prefix(40)))
        #expect(pages[clinicianIndex].contains(label == "HTML" ? HTML(escaping: probe).description : probe), "\(name) \(label)")
      }
    }
  }

  @Test(arguments: Fixtures.planNames)
  func theSteroidCardPageAppearsExactlyWhenTheCriterionIsMet(_ name: String) throws {
    let plan = try Fixtures.plan(name)
    let pages = try Self.pdfPages(plan)
    let card = pages.indices.filter { pages[$0].contains("NHS Steroid Emergency Card") }
    if plan.steroidCard != nil {
      #expect(card == [try #require(Self.layout(plan).number(of: .steroidCard)) - 1], "\(name)")
      #expect(pages[card[0]].contains("Immediate 100 mg hydrocortisone IV or IM injection"))
      #expect(pages[card[0]].contains("Show the card to any doctor, nurse, paramedic, dentist or pharmacist"))
    } else {
      #expect(card.isEmpty, "\(name): a card page without the criterion")
    }
    #expect(Self.htmlPages(plan).contains { $0.hasPrefix("card\">") } == (plan.steroidCard != nil), "\(name)")
  }

  @Test func aShortCourseHasNoCardPageAndTheShortCourseAdvice() throws {
    var spec = try Fixtures.spec("leap-day")
    spec.medications = [MedicationSpec(drug: "prednisolone")]
    spec.medications[0].taper = .steps([TaperStep(doses: [.mg(20)!], weeks: 2), TaperStep(doses: [.zero], weeks: 1)])
    let plan = try Planner.plan(spec)
    #expect(plan.steroidCard == nil)
    #expect(!Self.layout(plan).pages.contains(.steroidCard))
    let advice = PatientAdvice(plan)
    #expect(advice.medicines[0].unwell == PatientCatalogue.english.unwell[.steroid])
    #expect(!advice.helpNow.contains { $0.text.contains("steroid emergency card") })
  }

  // MARK: - Plain words

  /// Sentences of a patient line: split after ".", "?" and "!" followed by a space.
  static func sentences(_ text: String) -> [String] {
    var out: [String] = []
    var current = ""
    let chars = Array(text)
    for (i, c) in chars.enumerated() {
      current.append(c)
      if ".?!".contains(c), i + 1 == chars.count || chars[i + 1] == " " {
        out.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      }
    }
    if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current.trimmingCharacters(in: .whitespaces)) }
    return out
  }

  /// Abbreviations in a text: words of two or more capitals, words with "&", and the units the pages use.
  static func abbreviations(_ text: String) -> Set<String> {
    let units: Set<String> = ["mg", "g", "ml", "mL", "°C", "kg"]
    var found: Set<String> = []
    for raw in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
      let word = raw.trimmingCharacters(in: CharacterSet(charactersIn: ".,:;()?!—"))
      if units.contains(word) { found.insert(word) }
      let capitals = word.filter(\.isUppercase).count
      if word.contains("&") || (capitals >= 2 && word.count <= 6 && capitals == word.filter(\.isLetter).count) {
        found.insert(word)
      }
    }
    return found
  }

  static var catalogueLines: [PatientLine] {
    let c = PatientCatalogue.english
    return Array(c.helpNow.values) + c.unwell.values.flatMap { $0 } + c.missed.values.flatMap { $0 }
      + c.important.values.flatMap { $0 } + c.card.intro + c.card.whenToShow
  }

  @Test func everyPatientSentenceIsShortAndExplainsItsAbbreviations() throws {
    let glossary = Set(PatientCatalogue.english.glossary.map(\.abbreviation))
    let headings = PatientCatalogue.english.headings
    let texts =
      Self.catalogueLines.map(\.text)
      + [headings.cardReminderDescription, headings.afterPlan, headings.afterPlanInfusion, headings.specialistDose]
    for text in texts {
      for sentence in Self.sentences(text) {
        let words = sentence.split(separator: " ").count
        #expect(words <= 20, "\(words) words: \(sentence)")
      }
      let unexplained = Self.abbreviations(text).subtracting(glossary)
      #expect(unexplained.isEmpty, "\(unexplained) in: \(text)")
    }
    // The bundled plans' patient pages: page 1's lines and the advice, with the glossary printed for what they use.
    for name in Fixtures.planNames {
      let plan = try Fixtures.plan(name)
      let cover = WeeklyCover(plan, options: fixedOptions, weekCount: WeeklySchedule(plan).weeks.count)
      let lines =
        cover.helpNow + cover.medicines.flatMap { $0.instructions + $0.extra } + [cover.afterPlanLine].compactMap { $0 }
        + cover.advice.medicines.flatMap { ($0.unwell + $0.missed + $0.important).map(\.text) }
      for line in lines {
        for sentence in Self.sentences(line) {
          #expect(sentence.split(separator: " ").count <= 20, "\(name): \(sentence)")
        }
      }
      let used = lines.reduce(into: Set<String>()) { $0.formUnion(Self.abbreviations($1)) }
        .union(plan.medicines.map(\.displayName).filter { Self.abbreviations($0).contains($0) })
      #expect(used.subtracting(glossary).isEmpty, "\(name): \(used.subtracting(glossary)) unexplained")
      let advicePage = try Self.pdfPages(plan)[try #require(Self.layout(plan).number(of: .advice)) - 1]
      for word in PatientCatalogue.english.glossary where used.contains(word.abbreviation) {
        #expect(advicePage.contains("\(word.abbreviation) means \(word.meaning)"), "\(name): \(word.abbreviation)")
      }
    }
  }

  @Test func everySourceIsCitedInTheReadme() throws {
    let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    for source in PatientSource.allCases {
      #expect(readme.contains(source.citation), "README lacks: \(source.citation)")
    }
    #expect(Set(Self.catalogueLines.map(\.source)).isSubset(of: Set(PatientSource.allCases)))
  }
}
