import TaperUnicode

/// Every drug name Taper recognises, and what a name typed into a plan refers to.
///
/// A name is matched by its *key*, made the same way for the dictionary's names and for what a clinician
/// typed:
/// 1. Unicode NFKC_Casefold (ICU): compatibility forms folded ("ｍｔｘ", "ﬁ"), case folded, and every
///    default-ignorable code point removed (soft hyphen, zero-width space and joiners, BOM, variation
///    selectors);
/// 2. split into words at anything that is not a letter or a digit (spaces of every kind, hyphens, dots,
///    slashes, brackets), so spacing and punctuation do not matter;
/// 3. the words joined and reduced to their UTS #39 confusables skeleton (ICU `uspoof`): a Cyrillic "е"
///    or a Greek "ο" in a Latin name matches the Latin letter, "rn" matches "m".
///
/// Then, in order: the whole name; the name without strength, form and route words ("methotrexate 2.5 mg
/// tablets"); any run of its words ("Prednisolone EC (flare top-up)"); and, failing all of those, a near miss
/// of a checked drug's name ("metotrexate"), which is refused with a did-you-mean.
public enum DrugDictionary {
  /// Every entry, seed drugs first.
  public static var all: [DrugEntry] { entries }

  /// The entry with this generic name.
  public static func entry(id: String) -> DrugEntry? { index.byID[id] }

  /// The entry whose name this is, exactly (after normalisation): what a plan's `drug:` key accepts.
  public static func exact(_ raw: String) -> DrugEntry? {
    let words = Words(raw)
    return index.byKey[words.key(words.indices)].flatMap { index.byID[$0.entry] }
  }

  /// Everything the dictionary can say about a name: what it matched, and how.
  public static func resolve(_ raw: String) -> Resolution {
    let words = Words(raw)
    var resolution = Resolution(typed: raw, normalised: words.normalised, key: words.key(words.indices))
    if let hit = index.byKey[resolution.key] {
      resolution.matches = [Match(entry: index.byID[hit.entry]!, name: hit.name, how: .exact)]
      return resolution
    }
    // The name without strengths and dosage forms ("methotrexate 2.5 mg tablets"), then without every word set
    // aside (routes, frequencies, qualifiers: "IV methotrexate weekly").
    let strengthless = words.indices.filter { !Self.isStrength(words.all[$0]) }
    let formless = strengthless.filter { !Self.formWords.contains(words.all[$0]) }
    let plain = formless.filter { !Self.setAside.contains(words.all[$0]) }
    let oral = words.all.contains { Self.oralWords.contains($0) || Self.intramuscularWords.contains($0) }
    let subcutaneous = words.all.contains { Self.subcutaneousWords.contains($0) }
    // A local form counts only when nothing in the name says systemic ("Prednisolone 40 mg tablets (skin)" is
    // a tablet).
    if !words.all.contains(where: { Self.systemicWords.contains($0) }) {
      resolution.localForm = words.all.first { Self.localWords.contains($0) }
    }
    for candidate in [strengthless, formless, plain] where !candidate.isEmpty && candidate.count < words.all.count {
      if let hit = index.byKey[words.key(candidate)] {
        resolution.matches = [
          Match(
            entry: redirect(hit.entry, oral: oral, subcutaneous: subcutaneous), name: hit.name, how: .withoutFormWords)
        ]
        return resolution
      }
    }
    // Runs of words: a name that contains a drug's name ("Prednisolone EC (flare top-up)"). A lone set-aside
    // word ("oral", "flare", "5 mg") names no drug.
    let found = namedRuns(words, longest: 5) { run in
      run.count > 1
        || !(Self.setAside.contains(words.all[run.lowerBound]) || Self.formWords.contains(words.all[run.lowerBound])
          || Self.isStrength(words.all[run.lowerBound]))
    }.map { Match(entry: redirect($0.hit.entry, oral: oral, subcutaneous: subcutaneous), name: $0.hit.name, how: .contained) }
    if !found.isEmpty {
      resolution.matches = found
      return resolution
    }
    resolution.nearMiss = nearMiss(words: plain.isEmpty ? words.indices : plain, text: words.letters)
    if resolution.nearMiss == nil {
      resolution.nearPartner = nearMiss(
        words: plain.isEmpty ? words.indices : plain, text: words.letters, among: nearNames.partners)
    }
    return resolution
  }

  /// The runs of up to `longest` consecutive words that are a dictionary name, in order of appearance: longest
  /// first, none overlapping another ("co trimoxazole forte" is co-trimoxazole, not two names). The one scanner
  /// for a name that contains a drug's name and for drug names in free text.
  static func namedRuns(
    _ words: Words, longest: Int, where allowed: (Range<Int>) -> Bool
  ) -> [(run: Range<Int>, hit: Indexed)] {
    let count = words.all.count
    var found: [(run: Range<Int>, hit: Indexed)] = []
    var covered = Set<Int>()
    for length in stride(from: min(count, longest), through: 1, by: -1) {
      for start in 0...(count - length) {
        let run = start..<start + length
        guard !run.contains(where: covered.contains), allowed(run), let hit = index.byKey[words.key(Array(run))]
        else { continue }
        found.append((run, hit))
        covered.formUnion(run)
      }
    }
    return found.sorted { $0.run.lowerBound < $1.run.lowerBound }
  }

  /// A checked drug's name within a few letters of the name (or of one of its words), compared as plain letters
  /// (case and accents folded): one slip for 5–9 letters, two from 10.
  static func nearMiss(words: [Int], text: ([Int]) -> String, among names: [CheckedName] = nearNames.checked)
    -> Match?
  {
    var candidates = [text(words)]
    if words.count > 1 { candidates += words.map { text([$0]) } }
    var best: (Match, Int)?
    for candidate in candidates {
      let length = candidate.count
      let allowed = length >= 10 ? 2 : length >= 5 ? 1 : 0
      guard allowed > 0 else { continue }
      for name in names where abs(name.letters.count - length) <= allowed {
        let d = levenshtein(candidate, name.letters)
        if d <= allowed, d < (best?.1 ?? .max) {
          best = (Match(entry: index.byID[name.entry]!, name: name.name, how: .nearMiss), d)
        }
      }
    }
    return best?.0
  }

  static func redirect(_ id: String, oral: Bool, subcutaneous: Bool) -> DrugEntry {
    let entry = index.byID[id]!
    if oral, let form = entry.oralForm, let target = index.byID[form] { return target }
    if subcutaneous, let form = entry.subcutaneousForm, let target = index.byID[form] { return target }
    return entry
  }

  // MARK: - Words set aside

  /// Dosage-form and packaging words: the same drug at the same strength whatever the form.
  static let formWords: Set<String> = [
    "tablet", "tablets", "tab", "tabs", "tabl", "capsule", "capsules", "cap", "caps", "caplet", "caplets",
    "solution", "suspension", "liquid", "syrup", "injection", "injections", "inj", "infusion", "ec", "gastro",
    "resistant", "enteric", "coated", "soluble", "dispersible", "orodispersible", "film", "prefilled", "pre",
    "filled", "syringe", "syringes", "pen", "pens", "autoinjector", "vial", "vials", "ampoule", "ampoules",
    "modified", "release", "mr", "sr", "xl", "er", "prolonged", "generic", "brand", "strength",
  ]
  /// Routes, frequencies and qualifiers: set aside only to find a checked drug inside a longer name.
  static let setAside: Set<String> = [
    "mg", "g", "mcg", "microgram", "micrograms", "gram", "grams", "milligram", "milligrams", "ml", "unit", "units",
    "oral", "orally", "po", "iv", "ivi", "im", "sc", "sq", "subcut", "subcutaneous", "intravenous", "intravenously",
    "intramuscular", "daily", "weekly", "once", "twice", "a", "per", "day", "week", "od", "bd", "bid", "tds", "tid",
    "qds", "qid", "nocte", "mane", "stat", "dose", "doses", "x", "the", "for", "of", "and", "with", "top", "up",
    "flare", "rescue", "course", "pulse", "low", "high",
  ]
  /// Words that say a tablet or liquid by mouth (they move "methylprednisolone" off the intravenous pulse).
  static let oralWords: Set<String> = [
    "tablet", "tablets", "tab", "tabs", "oral", "orally", "po", "capsule", "capsules", "solution", "liquid",
    "soluble", "dispersible", "syrup", "suspension",
  ]
  /// Words that say an intramuscular (depot) injection: methylprednisolone so written is not the pulse.
  static let intramuscularWords: Set<String> = ["im", "intramuscular", "depot", "acetate"]
  /// Words that say subcutaneous: immunoglobulin so written is not the intravenous course.
  static let subcutaneousWords: Set<String> = ["sc", "sq", "subcut", "subcutaneous", "subcutaneously", "scig"]
  /// Dosage forms that are not systemic: creams, drops, inhalers.
  static let localWords: Set<String> = [
    "cream", "creams", "ointment", "ointments", "gel", "lotion", "topical", "topically", "drop", "drops",
    "inhaler", "inhalers", "inhaled", "inhalation", "puffer", "turbohaler", "accuhaler", "evohaler", "nebules",
    "nebuliser", "nebulised", "spray", "mouthwash", "shampoo", "enema", "foam", "suppository", "suppositories",
    "articular",
  ]
  /// Words that say the dose is systemic, whatever else the name says.
  static let systemicWords: Set<String> = [
    "tablet", "tablets", "tab", "tabs", "oral", "orally", "po", "capsule", "capsules", "iv", "intravenous",
    "intravenously", "im", "intramuscular", "injection", "infusion", "solution", "liquid", "soluble",
    "dispersible",
  ]
  /// Checked drugs that also come as creams, drops or inhalers: a name with a local form is then not a systemic
  /// dose (hydrocortisone cream, tacrolimus ointment, ciclosporin eye drops).
  static let hasLocalForms: Set<String> = ["tacrolimus", "ciclosporin"]

  /// A number, with or without a unit ("2", "5mg", "500mcg").
  static func isStrength(_ word: String) -> Bool {
    if units.contains(word) { return true }
    guard let first = word.unicodeScalars.first, first.properties.numericType != nil else { return false }
    let letters = String(String.UnicodeScalarView(word.unicodeScalars.drop { $0.properties.numericType != nil }))
    return letters.isEmpty || units.contains(letters)
  }

  static let units: Set<String> = [
    "mg", "g", "mcg", "microgram", "micrograms", "milligram", "milligrams", "gram", "grams", "ml", "mgml", "iu",
    "unit", "units",
  ]

  // MARK: - Index

  struct Indexed: Sendable {
    var entry: String
    var name: String
  }
  struct CheckedName: Sendable {
    /// The name as plain letters (``Words/letters(_:)``).
    var letters: String
    var entry: String
    var name: String
  }
  struct Index: Sendable {
    var byID: [String: DrugEntry] = [:]
    var byKey: [String: Indexed] = [:]
    /// Names that two entries share: a dictionary error, reported by its tests.
    var clashes: [String] = []
    /// Every name the index took for its entry, with its words joined (what the near-miss names start from).
    var taken: [(entry: DrugEntry, name: String, words: String)] = []
  }

  /// Classes of `other` medicines an interaction rule reads.
  static let partnerClasses: Set<DrugClass> = [
    .xanthineOxidaseInhibitor, .antifolateAntibacterial, .nsaid, .salicylate, .macrolide, .azoleAntifungal,
    .protonPumpInhibitor, .conventionalDMARD,
  ]

  static let index: Index = {
    var index = Index()
    for entry in entries {
      index.byID[entry.id] = entry
      for name in entry.allNames {
        let words = Words.casedWords(name).joined()
        let key = NameFolding.matchingKey(words)
        if let existing = index.byKey[key], existing.entry != entry.id {
          index.clashes.append("\(name) (\(entry.id)) and \(existing.name) (\(existing.entry))")
          continue
        }
        index.byKey[key] = Indexed(entry: entry.id, name: name)
        index.taken.append((entry, name, words))
      }
    }
    return index
  }()

  /// The names a near miss is measured against, as plain letters: built on the first name that is not found
  /// as written (most plans never need it).
  static let nearNames: (checked: [CheckedName], partners: [CheckedName]) = {
    var checked: [CheckedName] = []
    var partners: [CheckedName] = []
    for (entry, name, words) in index.taken {
      let letters = NameFolding.plainLetters(words)
      if case .checked = entry.plannedAs, letters.count >= 5 {
        checked.append(CheckedName(letters: letters, entry: entry.id, name: name))
      } else if Self.partnerClasses.contains(entry.drugClass), letters.count >= 5 {
        partners.append(CheckedName(letters: letters, entry: entry.id, name: name))
      }
    }
    return (checked, partners)
  }()

  /// Names that two entries claim (empty when the dictionary is consistent).
  public static var clashes: [String] { index.clashes }
}

/// What a typed name refers to.
public struct Resolution: Hashable, Sendable {
  /// As typed.
  public var typed: String
  /// After NFKC_Casefold and whitespace collapsed: what the name reads as.
  public var normalised: String
  /// The matching key (the confusables skeleton of the name's words, joined).
  public var key: String
  /// The drugs the name names, in the order found (one for an exact match).
  public var matches: [Match] = []
  /// A checked drug's name within a few letters, when nothing matched.
  public var nearMiss: Match?
  /// An interaction partner's name within a few letters ("Alopurinol"), when nothing else matched.
  public var nearPartner: Match?
  /// A word that says the medicine is not given systemically ("cream", "inhaler", "eye drops").
  public var localForm: String?

  /// The first drug the name names.
  public var entry: DrugEntry? { matches.first?.entry }

  /// The first checked drug the name names, unless its form is not systemic (hydrocortisone cream).
  public var checkedMatch: Match? {
    matches.first { match in
      guard case .checked = match.entry.plannedAs else { return false }
      let local =
        match.entry.drugClass == .systemicCorticosteroid || DrugDictionary.hasLocalForms.contains(match.entry.id)
      return localForm == nil || !local
    }
  }
}

/// One drug found in a name.
public struct Match: Hashable, Sendable {
  public enum How: String, Hashable, Sendable {
    case exact = "the whole name"
    case withoutFormWords = "the name without its strength, form and route words"
    case contained = "a name within it"
    case nearMiss = "a near miss"
  }
  public var entry: DrugEntry
  /// The dictionary name it matched.
  public var name: String
  public var how: How
}

/// A name cut into normalised words.
struct Words {
  /// NFKC_Casefold, whitespace collapsed: what the name reads as.
  let normalised: String
  /// Its words (NFKC, case kept, default-ignorable characters removed): runs of letters, digits and marks.
  let cased: [String]
  /// The same words case folded, for the word lists (form words, strengths).
  let all: [String]

  init(_ raw: String) {
    let words = Self.casedWords(raw)
    self.cased = words
    self.all = words.map(NameFolding.nfkcCasefold)
    var spaced = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in NameFolding.nfkcCasefold(raw).unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !spaced.isEmpty
      } else {
        if pendingSpace { spaced.append(" ") }
        pendingSpace = false
        spaced.append(scalar)
      }
    }
    self.normalised = String(spaced)
  }

  /// The name's words with their case (``cased``): all the dictionary index needs of a name.
  static func casedWords(_ raw: String) -> [String] {
    let compatible = NameFolding.nfkcWithoutIgnorables(raw)
    var words: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in compatible.unicodeScalars {
      let kind = Self.kind(of: scalar)
      let isWordScalar = kind != .other
      // A strength typed onto a name ("methotrexate15mg", "MTX15") is its own word: letters and digits part.
      let isDigit = kind == .digit
      if isWordScalar, let last = current.last, (Self.kind(of: last) == .digit) != isDigit, kind != .mark {
        words.append(String(current))
        current = String.UnicodeScalarView()
      }
      if isWordScalar {
        current.append(scalar)
      } else if !current.isEmpty {
        words.append(String(current))
        current = String.UnicodeScalarView()
      }
    }
    if !current.isEmpty { words.append(String(current)) }
    return words
  }

  enum ScalarKind { case letter, digit, mark, other }

  /// What a scalar is to a word: a letter (alphabetic), a digit (any numeric type), a combining mark (nonspacing
  /// or spacing: part of the letter before it), an enclosing mark (a word scalar of its own), or neither. ASCII
  /// is answered without the Unicode property tables.
  static func kind(of scalar: Unicode.Scalar) -> ScalarKind {
    if scalar.isASCII {
      switch scalar.value {
      case 0x30...0x39: return .digit
      case 0x41...0x5A, 0x61...0x7A: return .letter
      default: return .other
      }
    }
    let p = scalar.properties
    if p.numericType != nil { return .digit }
    switch p.generalCategory {
    case .nonspacingMark, .spacingMark: return .mark
    case .enclosingMark: return .letter
    default: return p.isAlphabetic ? .letter : .other
    }
  }

  /// The matching key of the words at `indices` (in order).
  func key(_ indices: [Int]) -> String {
    NameFolding.matchingKey(indices.map { cased[$0] }.joined())
  }

  /// The words at `indices` as plain letters, joined: what edit distances compare.
  func letters(_ indices: [Int]) -> String {
    NameFolding.plainLetters(indices.map { cased[$0] }.joined())
  }

  var indices: [Int] { Array(cased.indices) }
}
