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
    Taper.main()
  }
}

struct Taper: ParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.taper(
    subcommands: [
      PlanCommand.self, CheckCommand.self, GuidelineCommand.self, DrugsCommand.self, GenerateCommand.self,
      Listed<Batch>.self, Listed<Bench>.self, CalendarCommand.self, VerifyCommand.self, Listed<Print>.self,
      WeekCommand.self, Listed<Serve>.self,
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
