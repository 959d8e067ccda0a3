package import Foundation

/// Writes output files atomically: a temporary file in the same folder, then a rename, so a failure leaves
/// no file (or the previous file untouched) and never half a file. A device or a pipe is written to directly.
package enum Output {
  package static func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }

  package static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
      throw CLIError("\(path): the folder \(folder.path) does not exist")
    }
    guard isDirectory.boolValue else { throw CLIError("\(path): \(folder.path) is a file, not a folder") }
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw CLIError("\(path): is a folder")
    }
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written to, never replaced: a rename
    // onto /dev/null run as root would put a plain file in its place.
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw CLIError("\(path): cannot be written (\(String(cString: strerror(errno))))")
      }
      defer { try? handle.close() }
      do { try handle.write(contentsOf: data) } catch {
        throw CLIError("\(path): cannot be written (\(error.localizedDescription))")
      }
      return
    }
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try data.write(to: temporary, options: [.withoutOverwriting])
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        throw CLIError("\(path): cannot be written (\(reason))")
      }
    } catch let error as CLIError {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw CLIError("\(path): cannot be written (\(error.localizedDescription))")
    }
  }

  /// Writes to `path`, or to standard output when `path` is nil or "-".
  package static func emit(_ text: String, to path: String?) throws {
    if let path, path != "-" {
      try write(text, to: path)
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}
