import Foundation
import TaperTestSupport
import Testing

/// `taper` runs the plan, calendar and terminal commands itself and becomes `taper-full` for print, batch, bench
/// and serve: one command for users, with each command's own help, output and exit status.
@Suite struct TwoExecutablesTests {
  /// The light executable does not link the print or server stacks (that is its point).
  @Test func taperLinksNeitherCairoNorTheServer() throws {
    let ldd = Process()
    ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
    ldd.arguments = [Fixtures.taperBinary.path]
    let out = Pipe()
    ldd.standardOutput = out
    try ldd.run()
    let text = String(decoding: readAll(out.fileHandleForReading), as: UTF8.self)
    ldd.waitUntilExit()
    #expect(text.contains("libical"))
    for library in ["libcairo", "libpango", "libsqlite3", "libqrencode", "libglib"] {
      #expect(!text.contains(library), "taper links \(library)")
    }
  }

  @Test func fullCommandsRunThroughTaper() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pdf = folder.appendingPathComponent("severe.pdf").path
    let printed = try runTaper(["print", "Fixtures/plans/severe.yaml", "-o", pdf])
    #expect(printed.status == 0, "\(printed.stderr)")
    #expect(FileManager.default.contents(atPath: pdf)?.starts(with: Data("%PDF".utf8)) == true)
    // Its errors, help and exit status are its own, in the house form, under the name users type.
    let bad = try runTaper(["print", "Fixtures/plans/severe.yaml", "--paper", "a5"])
    #expect(bad.status != 0)
    #expect(bad.stderr.hasPrefix("error: "), "\(bad.stderr)")
    let help = try runTaper(["print", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: taper print"), "\(help.stdout)")
    #expect(help.stdout.contains("--paper"))
    let helpCommand = try runTaper(["help", "serve"])
    #expect(helpCommand.stdout.contains("USAGE: taper serve"), "\(helpCommand.stdout)")
    // The light executable's help lists every command.
    let list = try runTaper(["--help"])
    for command in ["plan", "check", "calendar", "verify", "print", "week", "batch", "serve"] {
      #expect(list.stdout.contains("\n  \(command) "), "\(command)")
    }
  }

  /// `-o /dev/stdout` with standard output redirected to a file writes through the descriptor (a rename in /dev
  /// would fail, or as root replace the link); a link to a file has its target replaced, and stays a link.
  @Test func ownStreamsAndLinksAreWrittenThrough() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out.ics").path
    let sh = Process()
    sh.executableURL = URL(fileURLWithPath: "/bin/sh")
    sh.arguments = ["-c", "\"$0\" calendar Fixtures/plans/severe.yaml -o /dev/stdout > \"$1\"", Fixtures.taperBinary.path, out]
    sh.currentDirectoryURL = Fixtures.root
    try sh.run()
    sh.waitUntilExit()
    #expect(sh.terminationStatus == 0)
    #expect(String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self).hasPrefix("BEGIN:VCALENDAR"))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: "/dev/stdout")) != nil)
    let target = folder.appendingPathComponent("target.json").path
    let link = folder.appendingPathComponent("link.json").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let result = try runTaper(["plan", "Fixtures/plans/severe.yaml", "--format", "json", "-o", link])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self).hasPrefix("{"))
  }

  /// `-o /dev/null` writes to the device: a rename onto it (as root) would replace /dev/null with a plain file.
  @Test func writingToADeviceLeavesTheDevice() throws {
    for arguments in [["plan", "Fixtures/plans/severe.yaml"], ["calendar", "Fixtures/plans/severe.yaml"]] {
      let result = try runTaper(arguments + ["-o", "/dev/null"])
      #expect(result.status == 0, "\(result.stderr)")
      let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
      #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }
  }
}
