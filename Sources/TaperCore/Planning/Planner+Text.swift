import TaperUnicode

/// Checks on the plan's free text: characters that change what a page shows, and drug names hidden in text.
extension PlanContext {
  /// What a text field holds, for which characters it may carry.
  enum TextRole {
    /// A drug's name (`drug`, an `other` medicine's `name`): plain text, no format characters at all.
    case drugName
    /// A one-line value (dose text, route, id, time zone).
    case value
    /// Prose (title, labels, notes, instructions): joiners allowed, as Arabic and Indic scripts need them.
    case prose
  }

  /// Every text field of the plan with its location.
  var textFields: [(location: PlanLocation, text: String, role: TextRole)] {
    var fields: [(PlanLocation, String, TextRole)] = [
      (.plan(.id), spec.id, .value), (.plan(.title), spec.title, .prose), (.plan(.timeZone), spec.timeZone, .value),
    ]
    if let clinic = spec.clinic {
      if let v = clinic.name { fields.append((.clinic(.name), v, .prose)) }
      if let v = clinic.phone { fields.append((.clinic(.phone), v, .value)) }
      if let v = clinic.prescriber { fields.append((.clinic(.prescriber), v, .prose)) }
    }
    if let v = spec.patient.label { fields.append((.patient(.label), v, .prose)) }
    if let v = spec.patient.previousTreatment { fields.append((.patient(.previousTreatment), v, .prose)) }
    for (i, m) in spec.medications.enumerated() {
      fields.append((.medication(i, .drug), m.drug, .drugName))
      if let v = m.name { fields.append((.medication(i, .name), v, .drugName)) }
      if let v = m.doseText { fields.append((.medication(i, .doseText), v, .value)) }
      if let v = m.instructions { fields.append((.medication(i, .instructions), v, .prose)) }
      if case .protocol(let name, _) = m.taper { fields.append((.taper(i, .protocol), name, .value)) }
      for (j, pause) in m.pauses.enumerated() {
        if let v = pause.reason { fields.append((.pause(i, pause: j, .reason), v, .prose)) }
      }
    }
    return fields
  }

  /// Refuses bidirectional controls in every text field (they reorder what is shown: "Prednisolone
  /// \u{202E}5.0 gm\u{202C}" displays as "Prednisolone mg 0.5"), format characters in drug names, and control
  /// characters anywhere but line breaks and tabs in prose.
  /// The longest text each kind of field holds (the plan-file reference states them): a 200 kB medicine name
  /// made a PDF that held the web server for minutes.
  static func maximumLength(_ location: PlanLocation) -> Int? {
    switch location {
    case .medication(_, .drug?), .medication(_, .name?): 100
    case .medication(_, .doseText?): 200
    case .medication(_, .instructions?): 500
    case .patient(.previousTreatment): 500
    case .pause(_, _, .reason?): 200
    case .clinic(.name), .clinic(.prescriber): 200
    case .clinic(.phone): 40
    case .taper(_, .protocol?): 40
    case .plan(.timeZone): 64
    default: nil
    }
  }

  mutating func checkTextFields() {
    for (location, text, role) in textFields {
      if let most = Self.maximumLength(location), text.count > most {
        error(location, "\(text.count) characters; the most is \(most)")
        continue
      }
      if let problem = Self.characterProblem(text, role: role) { error(location, problem) }
    }
  }

  /// The first character of `text` that a field of `role` must not carry, as the finding says it; `nil` when
  /// there is none. The plan's fields and a revision's reason, author and note are checked by it alike.
  static func characterProblem(_ text: String, role: TextRole) -> String? {
    for (offset, scalar) in text.unicodeScalars.enumerated() {
      let p = scalar.properties
      let problem: String?
      if p.isBidiControl {
        problem = "a bidirectional control, which reorders the text around it on pages, in print and in calendars"
      } else if role == .drugName, p.generalCategory == .format {
        problem = "an invisible format character, which a drug name must not carry"
      } else if p.generalCategory == .format, !["\u{200C}", "\u{200D}", "\u{00AD}"].contains(scalar) {
        // Tags and other invisible format characters hide text on pages and in calendars; joiners and the
        // soft hyphen stay, as scripts such as Arabic and Indic ones need them.
        problem = "an invisible format character"
      } else if p.generalCategory == .control,
        !(role == .prose && (scalar == "\n" || scalar == "\t" || scalar == "\r"))
      {
        problem = "a control character"
      } else {
        problem = nil
      }
      guard let problem else { continue }
      return "character \(offset + 1) is \(CodePoints.name(scalar)) "
        + "\(p.name ?? p.nameAlias ?? "(unnamed)"), \(problem): remove it"
    }
    return nil
  }

  /// Free text that names a drug Taper checks other than the medicine itself: a `dose` text with that drug's own
  /// amount ("methotrexate 15 mg") is refused, any other mention warns; instructions that name it warn, and are
  /// refused when they give it a daily frequency ("Also take methotrexate 15 mg every day"). Methotrexate's own
  /// instructions may never give a daily frequency.
  mutating func checkDrugMentions() {
    for (i, m) in spec.medications.enumerated() {
      let own = identities[i]
      let ownID = own?.entry?.id
      // Drugs defined by each other may name each other: folic acid and the methotrexate day, oral
      // prednisolone and the pulse it follows.
      let partners: Set<String> =
        switch own?.kind {
        case .folicAcid?: ["methotrexate"]
        case .methotrexate?: ["folic acid"]
        case .prednisolone?: ["methylprednisolone"]
        case .methylprednisolone?: ["prednisolone"]
        default: []
        }
      func checked(_ mention: DrugDictionary.Mention) -> Bool {
        guard case .checked = mention.entry.plannedAs else { return false }
        return mention.entry.id != ownID
      }
      if let text = m.doseText {
        let mentions = DrugDictionary.mentionsWithPlace(in: text).filter(checked)
        if let named = mentions.first(where: \.hasAmount) {
          error(
            .medication(i, .doseText),
            "the dose text gives \(named.entry.displayName) an amount ('\(visible(text.prefix(60)))'): `\(keys.key(.doseText))` is this "
              + "medicine's own amount; give \(named.entry.displayName.lowercased()) as its own entry (drug: \(named.entry.id))"
          )
        } else if let named = mentions.first {
          warning(
            .medication(i, .doseText),
            "the dose text names \(named.entry.displayName): make sure it is this medicine's dose, not another drug's")
        }
      }
      guard let text = m.instructions else { continue }
      let daily = Self.givesADailyFrequency(text)
      if own?.kind == .methotrexate, daily {
        error(
          .medication(i, .instructions),
          "methotrexate's instructions give a daily frequency ('\(visible(text.prefix(80)))'): methotrexate is taken "
            + "once weekly on one named weekday (seed; MHRA 2020) — daily methotrexate can be fatal")
        continue
      }
      let mentions = DrugDictionary.mentionsWithPlace(in: text).filter(checked)
      if let named = mentions.first(where: { $0.entry.id == "methotrexate" }), daily {
        error(
          .medication(i, .instructions),
          "the instructions give methotrexate a daily frequency ('\(visible(text.prefix(80)))'): methotrexate is taken "
            + "once weekly on one named weekday (seed; MHRA 2020); give it as its own entry (drug: \(named.entry.id))")
      } else if let named = mentions.first(where: { !partners.contains($0.entry.id) }) {
        warning(
          .medication(i, .instructions),
          "the instructions name \(named.entry.displayName), a drug Taper checks only as its own entry (drug: \(named.entry.id)): "
            + "make sure they do not add a second, unchecked \(named.entry.displayName.lowercased()) instruction")
      }
    }
  }

  /// Whether free text gives a daily (or more frequent) frequency and does not negate it ("every day",
  /// "twice a day", "bd"; not "every day except the methotrexate day").
  static func givesADailyFrequency(_ text: String) -> Bool {
    let words = NameFolding.nfkcCasefold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
    let single: Set<String> = ["daily", "everyday", "nightly", "bd", "bid", "tds", "tid", "qds", "qid", "od", "twice"]
    let pairs: Set<String> = [
      "every day", "each day", "a day", "per day", "every morning", "every evening", "every night", "each morning",
      "each night", "every 24", "7 days",
    ]
    let negations: Set<String> = ["not", "never", "no", "except", "avoid", "apart", "other", "without", "unless"]
    let frequency =
      words.contains(where: single.contains)
      || zip(words, words.dropFirst()).contains { pairs.contains("\($0) \($1)") }
    return frequency && !words.contains(where: negations.contains)
  }
}

extension DrugDictionary {
  /// A drug named in free text, and where.
  public struct Mention: Sendable {
    public var entry: DrugEntry
    /// The words of the mention.
    public var words: Range<Int>
    /// A number stands right before or after it ("methotrexate 15 mg", "15 mg MTX").
    public var hasAmount: Bool
  }

  /// The dictionary drugs a piece of free text names (runs of up to 4 of its words), in order of appearance.
  public static func mentions(in text: String) -> [DrugEntry] {
    var found: [DrugEntry] = []
    for mention in mentionsWithPlace(in: text) where !found.contains(mention.entry) { found.append(mention.entry) }
    return found
  }

  public static func mentionsWithPlace(in text: String) -> [Mention] {
    let words = Words(text)
    let count = words.cased.count
    // Only runs of words made of letters: "1 g IV" must not read as the abbreviation "IgIV" (the digit 1 and
    // the letter I share a skeleton).
    let lettersOnly = words.cased.map { $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic } }
    let numeric = words.all.map { isStrength($0) }
    return namedRuns(words, longest: 4) { run in run.allSatisfy { lettersOnly[$0] } }.compactMap { found in
      guard let entry = index.byID[found.hit.entry] else { return nil }
      let before = found.run.lowerBound > 0 && numeric[found.run.lowerBound - 1]
      let after = found.run.upperBound < count && numeric[found.run.upperBound]
      return Mention(entry: entry, words: found.run, hasAmount: before || after)
    }
  }
}
