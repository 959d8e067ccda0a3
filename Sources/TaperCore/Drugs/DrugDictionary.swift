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
    return index.byKey[words.key(words.all)].flatMap { index.byID[$0.entry] }
  }

  /// Everything the dictionary can say about a name: what it matched, and how.
  public static func resolve(_ raw: String) -> Resolution {
    let words = Words(raw)
    var resolution = Resolution(typed: raw, normalised: words.normalised, key: words.key(words.all))
    if let hit = index.byKey[resolution.key] {
      resolution.matches = [Match(entry: index.byID[hit.entry]!, name: hit.name, how: .exact)]
      return resolution
    }
    let plain = words.all.filter { !Self.setAside.contains($0) && !Self.isStrength($0) }
    let oral = words.all.contains { Self.oralWords.contains($0) }
    resolution.localForm = words.all.first { Self.localWords.contains($0) }
    if !plain.isEmpty, plain.count < words.all.count, let hit = index.byKey[words.key(plain)] {
      resolution.matches = [Match(entry: redirect(hit.entry, oral: oral), name: hit.name, how: .withoutFormWords)]
      return resolution
    }
    // Runs of words, longest first: a name that contains a drug's name.
    var found: [Match] = []
    var covered = Set<Int>()
    let maxRun = min(plain.count, 5)
    if maxRun > 0 {
      for length in stride(from: maxRun, through: 1, by: -1) {
        for start in 0...(plain.count - length) where !(start..<start + length).contains(where: covered.contains) {
          let run = Array(plain[start..<start + length])
          guard let hit = index.byKey[words.key(run)] else { continue }
          found.append(Match(entry: redirect(hit.entry, oral: oral), name: hit.name, how: .contained))
          covered.formUnion(start..<start + length)
        }
      }
    }
    if !found.isEmpty {
      resolution.matches = found
      return resolution
    }
    resolution.nearMiss = nearMiss(words: plain.isEmpty ? words.all : plain, key: words.key)
    return resolution
  }

  /// A checked drug's name within a few letters of the name (or of one of its words).
  static func nearMiss(words: [String], key: ([String]) -> String) -> Match? {
    var candidates = [key(words)]
    if words.count > 1 { candidates += words.map { key([$0]) } }
    var best: (Match, Int)?
    for candidate in candidates {
      let allowed = candidate.count >= 8 ? 2 : candidate.count >= 5 ? 1 : 0
      guard allowed > 0 else { continue }
      for name in index.checkedNames where abs(name.key.count - candidate.count) <= allowed {
        let d = levenshtein(candidate, name.key)
        if d <= allowed, d < (best?.1 ?? .max) {
          best = (Match(entry: index.byID[name.entry]!, name: name.name, how: .nearMiss), d)
        }
      }
    }
    return best?.0
  }

  static func redirect(_ id: String, oral: Bool) -> DrugEntry {
    let entry = index.byID[id]!
    if oral, let form = entry.oralForm, let target = index.byID[form] { return target }
    return entry
  }

  // MARK: - Words set aside

  /// Strength, form, route and frequency words that do not change which drug a name is.
  static let setAside: Set<String> = [
    "mg", "g", "mcg", "microgram", "micrograms", "gram", "grams", "milligram", "milligrams", "ml", "unit", "units",
    "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "caplet", "caplets", "oral",
    "orally", "po", "solution", "suspension", "liquid", "syrup", "injection", "injections", "inj", "infusion",
    "iv", "ivi", "im", "sc", "sq", "subcut", "subcutaneous", "intravenous", "intravenously", "intramuscular",
    "ec", "gastro", "resistant", "enteric", "coated", "soluble", "dispersible", "orodispersible", "film",
    "prefilled", "pre", "filled", "syringe", "syringes", "pen", "pens", "autoinjector", "vial", "vials",
    "ampoule", "ampoules", "modified", "release", "mr", "sr", "xl", "er", "prolonged", "daily", "weekly",
    "once", "twice", "a", "per", "day", "week", "od", "bd", "bid", "tds", "tid", "qds", "qid", "nocte",
    "mane", "stat", "dose", "doses", "x", "the", "for", "of", "and", "with", "top", "up", "flare", "rescue",
    "course", "pulse", "generic", "brand", "tabl", "forte", "strength", "low", "high",
  ]
  /// Words that say a tablet or liquid by mouth (they move "methylprednisolone" off the intravenous pulse).
  static let oralWords: Set<String> = [
    "tablet", "tablets", "tab", "tabs", "oral", "orally", "po", "capsule", "capsules", "solution", "liquid",
    "soluble", "dispersible", "syrup", "suspension",
  ]
  /// Words that say a corticosteroid is not given systemically.
  static let localWords: Set<String> = [
    "cream", "ointment", "gel", "lotion", "topical", "eye", "eyes", "ear", "ears", "drop", "drops", "nasal",
    "nose", "spray", "inhaler", "inhaled", "inhalation", "puffer", "turbohaler", "accuhaler", "evohaler",
    "nebules", "nebuliser", "mouthwash", "scalp", "shampoo", "skin", "patch", "intra-articular", "articular",
    "joint", "enema", "foam", "suppository", "suppositories", "rectal",
  ]

  static func isStrength(_ word: String) -> Bool {
    guard let first = word.unicodeScalars.first, first.properties.numericType != nil else { return false }
    let letters = word.unicodeScalars.drop { $0.properties.numericType != nil }
    return setAside.contains(String(String.UnicodeScalarView(letters))) || letters.isEmpty
  }

  // MARK: - Index

  struct Indexed: Sendable {
    var entry: String
    var name: String
  }
  struct CheckedName: Sendable {
    var key: String
    var entry: String
    var name: String
  }
  struct Index: Sendable {
    var byID: [String: DrugEntry] = [:]
    var byKey: [String: Indexed] = [:]
    var checkedNames: [CheckedName] = []
    /// Names that two entries share: a dictionary error, reported by its tests.
    var clashes: [String] = []
  }

  static let index: Index = {
    var index = Index()
    for entry in entries {
      index.byID[entry.id] = entry
      for name in entry.allNames {
        let words = Words(name)
        let key = words.key(words.all)
        if let existing = index.byKey[key], existing.entry != entry.id {
          index.clashes.append("\(name) (\(entry.id)) and \(existing.name) (\(existing.entry))")
          continue
        }
        index.byKey[key] = Indexed(entry: entry.id, name: name)
        if case .checked = entry.plannedAs, key.count >= 5 {
          index.checkedNames.append(CheckedName(key: key, entry: entry.id, name: name))
        }
      }
    }
    return index
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
  /// A word that says the medicine is not given systemically ("cream", "inhaler", "eye drops").
  public var localForm: String?

  /// The first drug the name names.
  public var entry: DrugEntry? { matches.first?.entry }

  /// The first checked drug the name names, unless its form is not systemic (hydrocortisone cream).
  public var checkedMatch: Match? {
    matches.first { match in
      guard case .checked = match.entry.plannedAs else { return false }
      return localForm == nil || match.entry.drugClass != .systemicCorticosteroid
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
  /// NFKC_Casefold, whitespace collapsed.
  let normalised: String
  /// Its words: runs of letters, digits and combining marks.
  let all: [String]

  init(_ raw: String) {
    let folded = NameFolding.nfkcCasefold(raw)
    var words: [String] = []
    var current = String.UnicodeScalarView()
    var spaced = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in folded.unicodeScalars {
      let p = scalar.properties
      let isWordScalar = p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
        || p.generalCategory == .spacingMark || p.generalCategory == .enclosingMark
      if isWordScalar {
        current.append(scalar)
      } else if !current.isEmpty {
        words.append(String(current))
        current = String.UnicodeScalarView()
      }
      if p.isWhitespace {
        pendingSpace = !spaced.isEmpty
      } else {
        if pendingSpace { spaced.append(" ") }
        pendingSpace = false
        spaced.append(scalar)
      }
    }
    if !current.isEmpty { words.append(String(current)) }
    self.all = words
    self.normalised = String(spaced)
  }

  /// The matching key of some of the words.
  func key(_ words: [String]) -> String {
    NameFolding.skeleton(words.joined())
  }
}
