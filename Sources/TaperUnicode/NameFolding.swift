internal import CICU

/// The Unicode steps that make two spellings of a drug name compare equal, done by ICU (Debian `libicu`):
/// Unicode's NFKC_Casefold and the UTS #39 confusables skeleton. This target owns every ICU pointer; the
/// rest of Taper sees only `String` in and `String` out.
///
/// Both ICU objects are immutable once made and ICU documents them as safe to use from any thread
/// (`uspoof.h`: "a USpoofChecker … may be used concurrently … once configured"; `unorm2.h`: the
/// `UNormalizer2` instances are shared singletons), so one of each serves the whole process.
public enum NameFolding {
  /// NFKC, full case folding and removal of every Default_Ignorable_Code_Point (Unicode's NFKC_Casefold):
  /// "Metho\u{200B}TREXATE" → "methotrexate", "ｍｔｘ" → "mtx", "folic\u{00A0}acid" → "folic acid".
  public static func nfkcCasefold(_ text: String) -> String {
    Engine.shared.nfkcCasefold(text)
  }

  /// NFKC with case kept and every Default_Ignorable_Code_Point removed: "ＭＴＸ" → "MTX",
  /// "Metho\u{200B}trexate" → "Methotrexate".
  public static func nfkcWithoutIgnorables(_ text: String) -> String {
    if Engine.isASCII(text) { return text }  // its own NFKC, and no ASCII character is default-ignorable
    var kept = String.UnicodeScalarView()
    for scalar in Engine.shared.nfkc(text).unicodeScalars where !scalar.properties.isDefaultIgnorableCodePoint {
      kept.append(scalar)
    }
    return String(kept)
  }

  /// The key two names are compared by: the UTS #39 skeleton of the case-folded name. Case folding comes first so
  /// that "I" and "i" agree (the skeleton of a capital I is an "l"), but a capital letter of another script that
  /// looks like a Latin capital (Greek "Η", Cyrillic "М") is first replaced by that Latin capital: folded on its
  /// own it would become a letter that looks like something else (Greek "η" is an "n" to the eye).
  public static func matchingKey(_ text: String) -> String {
    var latin = String.UnicodeScalarView()
    for scalar in nfkcWithoutIgnorables(text).unicodeScalars {
      if !scalar.isASCII, scalar.properties.changesWhenCaseFolded {
        let look = skeleton(String(scalar)).unicodeScalars
        if look.count == 1, let only = look.first, only.isASCII, only.properties.isUppercase {
          latin.append(only)
          continue
        }
      }
      latin.append(scalar)
    }
    return withoutMarks(skeleton(nfkcCasefold(String(latin))))
  }

  /// The text with its nonspacing marks removed (the skeleton is decomposed, so "é" is "e" + U+0301): accents do
  /// not tell drug names apart ("méthotrexate").
  static func withoutMarks(_ text: String) -> String {
    if Engine.isASCII(text) { return text }
    var kept = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark { kept.append(scalar) }
    return String(kept)
  }

  /// A name as letters for edit distances: NFKC_Casefold with accents removed, confusables not mapped (a skeleton
  /// turns "m" into "rn", which would make a one-letter slip cost two).
  public static func plainLetters(_ text: String) -> String {
    withoutMarks(Engine.shared.nfkd(nfkcCasefold(text)))
  }

  /// The UTS #39 confusables skeleton: two strings that look alike have the same skeleton (Cyrillic "е"
  /// and Latin "e" alike, "rn" and "m" alike). Compare skeletons with skeletons only: a skeleton is not
  /// meant to be read.
  public static func skeleton(_ text: String) -> String {
    Engine.shared.skeleton(text)
  }

  /// ICU's own answers, without the ASCII fast paths (for the tests that hold the two together).
  static func icuNFKCCasefold(_ text: String) -> String { Engine.shared.icuNFKCCasefold(text) }
  static func icuNFKC(_ text: String) -> String { Engine.shared.icuNFKC(text) }
  static func icuNFKD(_ text: String) -> String { Engine.shared.icuNFKD(text) }
  static func icuSkeleton(_ text: String) -> String { Engine.shared.icuSkeleton(text) }
  static func fastNFKD(_ text: String) -> String { Engine.shared.nfkd(text) }
  static func fastNFKC(_ text: String) -> String { Engine.shared.nfkc(text) }

  /// The Unicode version of ICU's data tables ("15.0").
  public static var unicodeVersion: String {
    var major: UInt8 = 0
    var minor: UInt8 = 0
    cicu_unicode_version(&major, &minor)
    return "\(major).\(minor)"
  }
}

/// The process's ICU spoof checker and NFKC_Casefold normaliser.
private final class Engine: @unchecked Sendable {
  // @unchecked: the pointers are set once in `init` and only read afterwards; ICU documents concurrent use of a
  // configured USpoofChecker and of the shared UNormalizer2 instances as safe.
  static let shared = Engine()

  private let checker: UnsafeMutableRawPointer
  private let normalizer: UnsafeRawPointer
  private let compatibility: UnsafeRawPointer
  private let decomposition: UnsafeRawPointer
  /// Each ASCII character's skeleton, when that skeleton is ASCII too (`nil` otherwise: such text goes to ICU).
  private let asciiSkeletons: [String?]

  private init() {
    var status: Int32 = 0
    guard let checker = cicu_spoof_open(&status), cicu_success(status) != 0 else {
      fatalError("ICU uspoof_open failed (\(status)): the libicu data is missing")
    }
    func normaliser(_ name: String, _ get: (UnsafeMutablePointer<Int32>) -> UnsafeRawPointer?) -> UnsafeRawPointer {
      var status: Int32 = 0
      guard let instance = get(&status), cicu_success(status) != 0 else {
        fatalError("ICU \(name) failed (\(status)): the libicu data is missing")
      }
      return instance
    }
    self.checker = checker
    self.normalizer = normaliser("unorm2_getNFKCCasefoldInstance", cicu_nfkc_casefold)
    self.compatibility = normaliser("unorm2_getNFKCInstance", cicu_nfkc)
    self.decomposition = normaliser("unorm2_getNFKDInstance", cicu_nfkd)
    self.asciiSkeletons = (0..<128).map { code in
      let look = Self.skeleton(String(UnicodeScalar(UInt8(code))), checker: checker)
      return Self.isASCII(look) ? look : nil
    }
  }

  deinit {
    cicu_spoof_close(checker)
    // The normalisers are ICU's own singletons: never freed by their users.
  }

  // ASCII text, which most drug names are, needs no ICU call for the normalisations: every ASCII character is
  // its own NFKC and NFKD, none is default-ignorable, and NFKC_Casefold maps exactly A–Z to a–z. The skeleton of
  // ASCII text is the concatenation of its characters' skeletons (UTS #39: NFD, then each code point's prototype,
  // then NFD; ASCII is its own NFD), read once from ICU for each of the 128 characters. `NameFoldingTests` holds
  // the fast paths to ICU's answers.
  func nfkcCasefold(_ text: String) -> String {
    Self.isASCII(text) ? text.lowercased() : normalize(text, with: normalizer)
  }
  func nfkd(_ text: String) -> String { Self.isASCII(text) ? text : normalize(text, with: decomposition) }
  func nfkc(_ text: String) -> String { Self.isASCII(text) ? text : normalize(text, with: compatibility) }

  static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }


  private func normalize(_ text: String, with instance: UnsafeRawPointer) -> String {
    Self.transform(text) { source, length, dest, capacity, status in
      cicu_normalize(instance, source, length, dest, capacity, &status)
    }
  }

  func skeleton(_ text: String) -> String {
    guard Self.isASCII(text) else { return icuSkeleton(text) }
    var out = ""
    for byte in text.utf8 {
      guard let look = asciiSkeletons[Int(byte)] else { return icuSkeleton(text) }
      out += look
    }
    return out
  }

  func icuSkeleton(_ text: String) -> String { Self.skeleton(text, checker: checker) }

  private static func skeleton(_ text: String, checker: UnsafeMutableRawPointer) -> String {
    transform(text) { source, length, dest, capacity, status in
      cicu_skeleton(checker, source, length, dest, capacity, &status)
    }
  }

  func icuNFKCCasefold(_ text: String) -> String { normalize(text, with: normalizer) }
  func icuNFKC(_ text: String) -> String { normalize(text, with: compatibility) }
  func icuNFKD(_ text: String) -> String { normalize(text, with: decomposition) }

  /// Runs an ICU UTF-16 → UTF-16 function, growing the buffer once if ICU asks for more.
  private static func transform(
    _ text: String,
    _ call: (UnsafePointer<UInt16>, Int32, UnsafeMutablePointer<UInt16>, Int32, inout Int32) -> Int32
  ) -> String {
    let source = Array(text.utf16)
    guard !source.isEmpty else { return "" }
    var capacity = source.count * 3 + 16
    while true {
      var status: Int32 = 0
      var out = [UInt16](repeating: 0, count: capacity)
      let length = source.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
          call(src.baseAddress!, Int32(src.count), dst.baseAddress!, Int32(dst.count), &status)
        }
      }
      if status == cicu_buffer_overflow(), Int(length) > capacity {
        capacity = Int(length)
        continue
      }
      guard cicu_success(status) != 0, length >= 0 else {
        // Unpaired surrogates cannot come from a Swift String; anything else is ICU's data failing.
        fatalError("ICU failed (\(status)) on a \(source.count)-unit string")
      }
      return String(decoding: out[..<Int(length)], as: UTF16.self)
    }
  }
}
