import TaperUnicode

/// Names, routes, instructions and the seed's safety notes for each drug the planner knows.
enum DrugCatalog {
  /// What a plan file's `drug:` value names: its kind, its key ("methotrexate") and how it is printed.
  struct Identified: Sendable {
    var kind: DrugKind
    /// The dictionary name it matched, lower case ("mycophenolate", "mmf"); a brand is keyed by its generic
    /// name.
    var key: String
    var displayName: String
    var entry: DrugEntry?
  }

  /// The drug a plan file's `drug:` value refers to: `other`, or a checked drug under any name the
  /// dictionary records (after normalisation); `nil` for anything else.
  static func identify(drug raw: String) -> Identified? {
    if NameFolding.nfkcCasefold(raw).trimmed == "other" {
      return Identified(kind: .other, key: "other", displayName: "Other", entry: nil)
    }
    guard let match = DrugDictionary.resolve(raw).matches.first, match.how == .exact,
      case .checked(let kind) = match.entry.plannedAs
    else { return nil }
    let entry = match.entry
    let named = entry.names.first { $0.text == match.name }?.kind
    switch named {
    case .brand?:
      return Identified(
        kind: kind, key: entry.id, displayName: "\(displayName(kind, key: entry.id, entry: entry)) (\(match.name))",
        entry: entry)
    case .abbreviation?:
      return Identified(kind: kind, key: entry.id, displayName: displayName(kind, key: entry.id, entry: entry), entry: entry)
    default:
      // The generic name, another spelling or a salt: keyed as written ("mycophenolate"), printed as the
      // dictionary's generic name ("Amethopterin" is shown as Methotrexate).
      return Identified(
        kind: kind, key: match.name.lowercased(), displayName: displayName(kind, key: entry.id, entry: entry),
        entry: entry)
    }
  }

  /// The drug a plan-file name refers to; `nil` for a name Taper does not plan as its own entry.
  static func kind(named raw: String) -> DrugKind? { identify(drug: raw)?.kind }

  /// Why a `drug:` value is not accepted, with what to write instead.
  static func unknownDrugMessage(_ raw: String) -> String {
    let shown = "'\(visible(raw.prefix(80)))' is not a drug Taper knows"
    let otherwise = " (list any other medicine as drug: other, with its name and dose)"
    let resolution = DrugDictionary.resolve(raw)
    if let match = resolution.matches.first ?? resolution.nearMiss {
      switch match.entry.plannedAs {
      case .checked:
        if resolution.localForm != nil, match.entry.drugClass == .systemicCorticosteroid {
          return "'\(visible(raw.prefix(80)))' is not systemic (\(resolution.localForm!)): list it as drug: other, "
            + "with its name and dose"
        }
        return shown + "; did you mean '\(match.entry.id)'?" + otherwise
      case .other:
        return "'\(visible(raw.prefix(80)))' is not a drug Taper plans as its own entry"
          + ": \(match.entry.displayName) (\(match.entry.drugClass.rawValue)) is not dose-checked by Taper; list it as "
          + "drug: other, with name: \(match.entry.id) and its dose"
      }
    }
    return shown + otherwise
  }

  static func displayName(_ kind: DrugKind, key: String, entry: DrugEntry? = nil) -> String {
    switch kind {
    case .ivig: "IVIG"
    case .mycophenolate: "Mycophenolate mofetil"
    case .mycophenolicAcid, .corticosteroid: entry?.displayName ?? key.prefix(1).uppercased() + key.dropFirst()
    default: key.prefix(1).uppercased() + key.dropFirst()
    }
  }

  /// The seed's adverse effects and monitoring text for a drug, with its reference numbers.
  static func safetyNotes(_ kind: DrugKind) -> [String] {
    switch kind {
    case .methylprednisolone:
      [
        "Pulse corticosteroid for severe myositis, followed by high-dose oral prednisolone [4][72][93].",
        "Given intravenously over at least 30 minutes (SmPC).",
      ]
    case .prednisolone:
      [
        "Tapered over several months according to clinical response; corticosteroid regimens vary, "
          + "check local guidelines [72][93].",
        "Do not stop suddenly: after more than 3 weeks the dose must be reduced gradually (SmPC); carry a steroid card.",
      ]
    case .methotrexate:
      [
        "ONCE WEEKLY ONLY. Taking methotrexate daily by mistake can be fatal (MHRA 2020).",
        "Adverse effects: leukopenia, elevated liver enzymes, interstitial pneumonitis, pulmonary fibrosis [72]. "
          + "Report fever, sore throat, mouth ulcers, bruising, breathlessness or a new cough.",
        "Folic acid supplementation is recommended; not on the methotrexate day [72].",
        "Monitoring: full blood count, renal and liver function, as the shared-care protocol sets [93].",
      ]
    case .folicAcid:
      ["Never on the methotrexate day (SPS; BSR)."]
    case .mycophenolicAcid:
      [
        "Mycophenolic acid (Myfortic): \(DoseLimits.mycophenolicAcidConversion.amount.mgText) is about "
          + "\(DoseLimits.mycophenolicAcidConversion.perMofetil.exactGramsText) of "
          + "mycophenolate mofetil; the two are not "
          + "interchangeable mg for mg (SmPC).",
        "Monitoring: full blood count, renal and liver function, as the shared-care protocol sets [93].",
      ]
    case .corticosteroid(let steroid):
      [
        "A systemic corticosteroid: \(steroid.equivalentToFiveMilligramsPrednisolone.mgText) is about 5 mg of "
          + "prednisolone (BNF).",
        "Do not stop suddenly after more than 3 weeks of treatment (SmPC); carry a steroid card.",
      ]
    case .azathioprine:
      [
        "Adverse effects: leukopenia, liver damage, gastrointestinal symptoms [72].",
        "TPMT activity is checked before starting. Monitoring: full blood count, renal and liver function [93].",
      ]
    case .mycophenolate:
      [
        "Maximum \(DoseLimits.mycophenolateMofetil.maximum.mgText) a day in "
          + "\(DoseLimits.mycophenolateMofetil.dividedDoses) divided doses [4].",
        "Monitoring: full blood count, renal and liver function, as the shared-care protocol sets [93].",
      ]
    case .ivig:
      ["Adverse effects: renal toxicity and thrombosis [4][93][95]."]
    case .specialist(let agent):
      specialistNotes(agent)
    case .other:
      ["Not part of the myositis algorithm: Taper shows this medicine but does not check its dose."]
    }
  }

  private static func specialistNotes(_ agent: SpecialistAgent) -> [String] {
    let dosed = "Dose set by a specialist; Taper never computes it."
    switch agent {
    case .ciclosporin, .tacrolimus:
      return [
        dosed,
        "Adverse effects: nephrotoxicity, gastrointestinal symptoms, hypertension, rarely reversible "
          + "posterior encephalopathy syndrome [72][99].",
        "Monitoring: serum trough levels, full blood count, renal and liver function [100][101].",
      ]
    case .rituximab:
      return [
        dosed,
        "Adverse effects: infusion reactions, severe mucocutaneous reactions, hepatitis B reactivation, "
          + "progressive multifocal leukoencephalopathy.",
      ]
    case .cyclophosphamide:
      return [
        dosed,
        "High risk of opportunistic infections; liver, bladder and bone marrow toxicity [100][102].",
      ]
    case .abatacept:
      return [dosed, "Third-line option for refractory disease [109]."]
    case .tocilizumab:
      return [dosed, "Maintenance third-line option under specialist care [77]."]
    }
  }
}

/// Edit distance, for "did you mean" suggestions.
func levenshtein(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = Swift.min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
public func suggestion(for word: String, among candidates: [String]) -> String? {
  let scored = candidates.map { ($0, levenshtein(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
  guard let (best, distance) = scored, distance <= max(2, best.count / 3) else { return nil }
  return best
}

/// The text with every character outside printable ASCII written as its code point ("metho\\u{200B}trexate"),
/// so a message shows a disguised name as it is.
func visible<S: StringProtocol>(_ text: S) -> String { CodePoints.escaped(text, .printableASCII) }

extension String {
  /// The string without leading and trailing spaces, tabs and newlines.
  var trimmed: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
