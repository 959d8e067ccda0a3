import ArgumentParser
import Foundation
package import TaperCore
package import TaperPlanFile

/// Reads a plan file from disk and plans it, printing every finding on standard error.
package enum PlanInput {
  /// Loads and plans `path`; on refusal prints the errors and exits non-zero.
  package static func load(_ path: String, quiet: Bool = false, asOf revision: Int? = nil) throws -> (TreatmentPlan, PlanFile) {
    let text = try readText(path)
    do {
      let (plan, file) = try PlanFile.plan(text: text, fileName: path, asOf: revision)
      if !quiet { Console.report(file.locate(plan.notices)) }
      return (plan, file)
    } catch {
      Console.report(error.diagnostics)
      throw ExitCode(1)
    }
  }

  /// The file's text; refuses missing files, folders, huge files and bytes that are not UTF-8.
  package static func readText(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CLIError("\(path): no such file")
    }
    if isDirectory.boolValue { throw CLIError("\(path): is a folder, not a plan file") }
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    if let size = attributes?[.size] as? Int, size > PlanFile.maximumBytes {
      throw CLIError("\(path): the file is \(size) bytes; a plan file is at most \(PlanFile.maximumBytes) bytes")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CLIError("\(path): cannot be read")
    }
    guard data.count <= PlanFile.maximumBytes else {
      throw CLIError("\(path): a plan file is at most \(PlanFile.maximumBytes) bytes")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw CLIError("\(path): the file is not UTF-8 text")
    }
    return text
  }
}

/// An error for the user: printed as `error: message`, exit status 1.
package struct CLIError: Error, CustomStringConvertible {
  package var description: String
  package init(_ message: String) { description = message }

  /// Runs a command's body; a `CLIError` from it is printed as `error: …` and ends the command with exit
  /// status 1 (other errors, such as `ExitCode`, pass through unchanged).
  package static func reporting(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch {
      throw present(error)
    }
  }

  /// ``reporting(_:)`` for an async command body.
  package static func reporting(_ body: () async throws -> Void) async throws {
    do {
      try await body()
    } catch {
      throw present(error)
    }
  }

  /// Prints a user's error in the house form and returns the exit to throw; argument-parser's own errors pass
  /// through (they print `error:` themselves, see `HouseErrors`). A file-system error reads as its sentence
  /// ("The file “x” couldn’t be saved…"), never as `Error Domain=NSCocoaErrorDomain Code=516 …`.
  package static func present(_ error: any Error) -> any Error {
    switch error {
    case let error as CLIError:
      Console.printError("error: \(error)")
    case is ExitCode, is CleanExit, is ValidationError:
      return error
    case let error as NSError where [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(error.domain):
      let path = (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): " } ?? ""
      Console.printError("error: \(path)\(error.localizedDescription)")
    default:
      return error
    }
    return ExitCode(1)
  }
}

package enum Console {
  package static func report(_ diagnostics: [LocatedDiagnostic]) {
    for d in diagnostics { printError(d.description) }
  }

  package static func printError(_ line: String, terminator: String = "\n") {
    FileHandle.standardError.write(Data((line + terminator).utf8))
  }
}
