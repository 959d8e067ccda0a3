import ArgumentParser
import Foundation
import TaperCLI

/// `taper`: the commands that need only the plan, the calendar and the terminal run here; `print`, `batch`,
/// `bench` and `serve` run in `taper-full` (``FullTool``), which this process becomes before parsing anything.
@main
enum Main {
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if FullTool.isFull(arguments) {
      let problem = FullTool.exec(arguments)
      FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
      exit(1)
    }
    runDirectly(arguments)
    Taper.main()
  }

  /// The commands a script runs once per patient. A run that names one of them is parsed against that
  /// command alone: argument-parser reflects on every command it parses through and asks each root whether a
  /// completion script is wanted (that question alone was 8 % of a small plan's run). Their configurations carry
  /// `_superCommandName: "taper"`, so as a root they still read `taper plan` and skip that question. Whatever
  /// this parse does not accept (help, a mistake, `--version`) goes through the whole tree, which reports it.
  static let direct: [String: any ParsableCommand.Type] = [
    "plan": PlanCommand.self, "check": CheckCommand.self, "calendar": CalendarCommand.self,
    "verify": VerifyCommand.self, "week": WeekCommand.self, "diff": DiffCommand.self,
  ]

  /// Runs a `direct` command and exits, or returns when the arguments are not one it accepts.
  static func runDirectly(_ arguments: [String]) {
    guard let name = arguments.first, let type = direct[name],
      var command = try? type.parseAsRoot(Array(arguments.dropFirst()))
    else { return }
    do {
      try command.run()
    } catch {
      Taper.exit(withError: error)
    }
    Taper.exit()
  }
}

struct Taper: ParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.taper(
    subcommands: [
      PlanCommand.self, CheckCommand.self, DiffCommand.self, ReviseCommand.self, GuidelineCommand.self,
      DrugsCommand.self, GenerateCommand.self,
      Listed<Batch>.self, Listed<Bench>.self, CalendarCommand.self, VerifyCommand.self, Listed<Print>.self,
      WeekCommand.self, Listed<Serve>.self, Listed<Migrate>.self, Listed<Backup>.self,
    ])
}

/// A `taper-full` command as `taper --help` lists it; `Main` hands the command itself to `taper-full`.
struct Listed<Name: FullCommandName>: ParsableCommand, HouseErrors {
  static var configuration: CommandConfiguration { Name.configuration }
  @Argument(parsing: .captureForPassthrough) var arguments: [String] = []
  func run() throws {
    throw CLIError(FullTool.exec([Name.configuration.commandName ?? ""] + arguments))
  }
}

protocol FullCommandName { static var configuration: CommandConfiguration { get } }
enum Batch: FullCommandName { static var configuration: CommandConfiguration { .batch } }
enum Bench: FullCommandName { static var configuration: CommandConfiguration { .bench } }
enum Print: FullCommandName { static var configuration: CommandConfiguration { .print } }
enum Serve: FullCommandName { static var configuration: CommandConfiguration { .serve } }
enum Migrate: FullCommandName { static var configuration: CommandConfiguration { .migrate } }
enum Backup: FullCommandName { static var configuration: CommandConfiguration { .backup } }
