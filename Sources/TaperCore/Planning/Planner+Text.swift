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

  /// Every text field of the plan with its plan-file path.
  var textFields: [(path: String, text: String, role: TextRole)] {
    var fields: [(String, String, TextRole)] = [
      ("plan.id", spec.id, .value), ("plan.title", spec.title, .prose), ("plan.timezone", spec.timeZone, .value),
    ]
    if let clinic = spec.clinic {
      if let v = clinic.name { fields.append(("clinic.name", v, .prose)) }
      if let v = clinic.phone { fields.append(("clinic.phone", v, .value)) }
      if let v = clinic.prescriber { fields.append(("clinic.prescriber", v, .prose)) }
    }
    if let v = spec.patient.label { fields.append(("patient.label", v, .prose)) }
    if let v = spec.patient.previousTreatment { fields.append(("patient.previous_treatment", v, .prose)) }
    for (i, m) in spec.medications.enumerated() {
      let path = "medications[\(i)]"
      fields.append(("\(path).drug", m.drug, .drugName))
      if let v = m.name { fields.append(("\(path).name", v, .drugName)) }
      if let v = m.doseText { fields.append(("\(path).dose", v, .value)) }
      if let v = m.route { fields.append(("\(path).route", v, .value)) }
      if let v = m.pattern { fields.append(("\(path).pattern", v, .value)) }
      if let v = m.dosingWeight { fields.append(("\(path).dosing_weight", v, .value)) }
      if let v = m.instructions { fields.append(("\(path).instructions", v, .prose)) }
      if case .protocol(let name, _) = m.taper { fields.append(("\(path).taper.protocol", name, .value)) }
      for (j, pause) in m.pauses.enumerated() {
        if let v = pause.reason { fields.append(("\(path).pauses[\(j)].reason", v, .prose)) }
      }
    }
    return fields
  }

  /// Refuses bidirectional controls in every text field (they reorder what is shown: "Prednisolone
  /// \u{202E}5.0 gm\u{202C}" displays as "Prednisolone mg 0.5"), format characters in drug names, and control
  /// characters anywhere but line breaks and tabs in prose.
  mutating func checkTextFields() {
    for (path, text, role) in textFields {
      for (offset, scalar) in text.unicodeScalars.enumerated() {
        let p = scalar.properties
        let problem: String?
        if p.isBidiControl {
          problem = "a bidirectional control, which reorders the text around it on pages, in print and in calendars"
        } else if role == .drugName, p.generalCategory == .format {
          problem = "an invisible format character, which a drug name must not carry"
        } else if p.generalCategory == .control,
          !(role == .prose && (scalar == "\n" || scalar == "\t" || scalar == "\r"))
        {
          problem = "a control character"
        } else {
          problem = nil
        }
        guard let problem else { continue }
        error(
          path,
          "character \(offset + 1) is U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)) "
            + "\(p.name ?? p.nameAlias ?? "(unnamed)"), \(problem): remove it")
        break
      }
    }
  }

  /// Warns when free text (a medicine's `instructions`) names a drug Taper checks other than the medicine
  /// itself, and refuses one in a `dose` text: a second, unchecked instruction for a checked drug ("Also take
  /// methotrexate 15 mg every day").
  mutating func checkDrugMentions() {
    for (i, m) in spec.medications.enumerated() {
      let own = DrugCatalog.identify(drug: m.drug)
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
      func foreign(_ text: String) -> [DrugEntry] {
        DrugDictionary.mentions(in: text).filter { entry in
          guard case .checked = entry.plannedAs else { return false }
          return entry.id != ownID && !partners.contains(entry.id)
        }
      }
      if let text = m.doseText, let named = foreign(text).first {
        error(
          "medications[\(i)].dose",
          "the dose text names \(named.displayName), a drug Taper checks: `dose` is this medicine's own amount; "
            + "give \(named.displayName.lowercased()) as its own entry (drug: \(named.id))")
      }
      if let text = m.instructions, let named = foreign(text).first {
        warning(
          "medications[\(i)].instructions",
          "the instructions name \(named.displayName), a drug Taper checks only as its own entry (drug: \(named.id)): "
            + "make sure they do not add a second, unchecked \(named.displayName.lowercased()) instruction")
      }
    }
  }
}

extension DrugDictionary {
  /// The dictionary drugs a piece of free text names (runs of up to 4 of its words), in order of appearance.
  public static func mentions(in text: String) -> [DrugEntry] {
    let words = Words(text)
    var found: [DrugEntry] = []
    var start = 0
    let count = words.cased.count
    // Only runs of words made of letters: "1 g IV" must not read as the abbreviation "IgIV" (the digit 1 and
    // the letter I share a skeleton).
    let lettersOnly = words.cased.map { $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic } }
    while start < count {
      var matched = 0
      for length in stride(from: min(4, count - start), through: 1, by: -1)
      where lettersOnly[start..<start + length].allSatisfy({ $0 }) {
        if let hit = index.byKey[words.key(Array(start..<start + length))], let entry = index.byID[hit.entry] {
          if !found.contains(entry) { found.append(entry) }
          matched = length
          break
        }
      }
      start += max(matched, 1)
    }
    return found
  }
}
