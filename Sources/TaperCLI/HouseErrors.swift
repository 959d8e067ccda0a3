package import ArgumentParser

package enum TaperVersion {
  package static let string = "0.1.0"
}

/// The one error format of the command line: argument-parser's own errors (a bad option value, a missing
/// argument) print `error: …` like every finding Taper prints, never `Error: …`. Every command conforms.
package protocol HouseErrors: ParsableArguments {}

extension HouseErrors {
  package static var _errorPrefix: String { "error: " }
}
