package import ArgumentParser
import TaperCore
import TaperRender

/// A patient group on the command line.
package enum GroupArgument: String, ExpressibleByArgument, CaseIterable {
  case severe
  case nonSevere = "non-severe"
  case remission

  var group: PatientGroup { PatientGroup(rawValue: rawValue)! }
}

package enum GuidelineFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

package struct GuidelineCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "guideline", abstract: "Print the treatment algorithm Taper implements, by group and line.")

  @Option(help: "severe, non-severe or remission.") var group: GroupArgument?
  @Option(help: "1, 2 or 3.") var line: Int?
  @Option(help: "text or json.") var format: GuidelineFormat = .text

  package func validate() throws {
    if let line, !(1...3).contains(line) { throw ValidationError("--line must be 1, 2 or 3") }
  }

  package func run() throws {
    let options = Guideline.options.filter { o in
      (group == nil || o.group == group?.group) && (line == nil || o.line == line)
    }
    print(format == .json ? GuidelineText.json(options) : GuidelineText.render(options), terminator: "")
  }
}
