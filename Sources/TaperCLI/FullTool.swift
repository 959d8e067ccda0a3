#if canImport(Glibc)
  import Glibc
#endif
import Foundation

/// `taper` runs `print`, `batch`, `bench` and `serve` by replacing itself with `taper-full`, the executable
/// installed next to it that links the PDF and server stacks (cairo, pango, Hummingbird, GRDB); every other
/// command runs in `taper` itself, which loads only Foundation, libical and ICU. One command for users, and a
/// start-up that pays only for what it runs (README, "Performance").
package enum FullTool {
  /// The commands that need `taper-full`.
  package static let commands = ["print", "batch", "bench", "serve", "migrate", "backup"]

  /// The executable's name, next to `taper`.
  package static let executableName = "taper-full"

  /// Whether `arguments` (without the program name) name a `taper-full` command, directly or as `help print`.
  package static func isFull(_ arguments: [String]) -> Bool {
    guard let first = arguments.first else { return false }
    if commands.contains(first) { return true }
    return first == "help" && arguments.dropFirst().first.map(commands.contains) == true
  }

  /// Replaces this process with `taper-full` and the same arguments (stdin, stdout, stderr and the exit status
  /// are its own); returns only if that fails, with the reason.
  package static func exec(_ arguments: [String]) -> String {
    let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let path = own.deletingLastPathComponent().appendingPathComponent(executableName).path
    guard FileManager.default.isExecutableFile(atPath: path) else {
      let command = arguments.first == "help" ? arguments.dropFirst().first ?? "" : arguments.first ?? ""
      return "\(path) is missing: `taper \(command)` runs in it (build both executables: bash scripts/build)"
    }
    let argv: [UnsafeMutablePointer<CChar>?] = (["taper"] + arguments).map { strdup($0) } + [nil]
    execv(path, argv)
    return "\(path) could not be started: \(String(cString: strerror(errno)))"
  }
}
