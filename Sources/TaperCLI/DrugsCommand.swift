package import ArgumentParser
import TaperCore
import TaperRender

package struct DrugsCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "drugs",
    abstract: "Print the drug dictionary, or show what a medicine name resolves to.",
    discussion: """
      Names are compared after Unicode NFKC_Casefold, with spacing and punctuation set aside and look-alike \
      letters reduced to their UTS #39 skeleton, so "Maxtrex", "MTX" and "methotrexate" with a Cyrillic "е" all \
      resolve to methotrexate.
      """)

  @Argument(help: "A medicine name as a clinician would type it (omit to print the whole dictionary).")
  var names: [String] = []

  package func run() throws {
    if names.isEmpty {
      print(DrugDictionaryText.render(DrugDictionary.all), terminator: "")
      return
    }
    for name in names {
      print(DrugDictionaryText.explain(name, DrugDictionary.resolve(name)), terminator: "")
    }
  }
}
