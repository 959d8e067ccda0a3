import TaperTestSupport
import Testing

@testable import TaperCore
@testable import TaperUnicode

/// The ASCII fast paths of `NameFolding` give ICU's own answers: every character, every pair of printable
/// characters, every dictionary name and a seeded sample of longer ASCII strings.
@Suite struct NameFoldingFastPathTests {
  static var samples: [String] {
    var texts = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
    let printable = (32..<127).map { String(UnicodeScalar(UInt8($0))) }
    for a in printable { for b in printable { texts.append(a + b) } }
    texts += DrugDictionary.entries.flatMap(\.allNames).filter { $0.utf8.allSatisfy { $0 < 0x80 } }
    var generator = SeededGenerator(state: 12)
    for _ in 0..<5_000 {
      let length = Int(generator.next() % 16) + 1
      texts.append(String((0..<length).map { _ in Character(UnicodeScalar(UInt8(32 + generator.next() % 95))) }))
    }
    return texts
  }

  @Test func asciiFastPathsAreICUsAnswers() {
    let texts = Self.samples
    #expect(texts.count > 14_000)
    for text in texts {
      #expect(NameFolding.nfkcCasefold(text) == NameFolding.icuNFKCCasefold(text), "\(Array(text.utf8))")
      #expect(NameFolding.fastNFKC(text) == NameFolding.icuNFKC(text), "\(Array(text.utf8))")
      #expect(NameFolding.fastNFKD(text) == NameFolding.icuNFKD(text), "\(Array(text.utf8))")
      #expect(NameFolding.skeleton(text) == NameFolding.icuSkeleton(text), "\(Array(text.utf8))")
    }
  }
}
