import ArgumentParser
import TaperCLI

/// `taper-full`: every command, the PDF and server ones included; `taper` becomes it for those (``FullTool``).
/// Its messages and help say `taper`, the one command users type.
@main
struct TaperFull: AsyncParsableCommand, HouseErrors {
  static let configuration = CommandConfiguration.taper(
    subcommands: [
      PlanCommand.self, CheckCommand.self, DiffCommand.self, ReviseCommand.self, GuidelineCommand.self,
      DrugsCommand.self, GenerateCommand.self, BatchCommand.self, BenchCommand.self, CalendarCommand.self, VerifyCommand.self, PrintCommand.self,
      WeekCommand.self, ServeCommand.self, MigrateCommand.self, BackupCommand.self,
    ])
}
