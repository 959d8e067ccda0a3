package import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// Writes output files atomically: a temporary file in the same folder, then a rename, so a failure leaves
/// no file (or the previous file untouched) and never half a file. A device or a pipe is written to directly.
package enum Output {
  package static func write(_ text: String, to path: String) throws {
    try write(Data(text.utf8), to: path)
  }

  package static func write(_ data: Data, to path: String) throws {
    // One of this process's own streams (`-o /dev/stdout`, `/dev/fd/1`, `/proc/self/fd/2`): written through the
    // descriptor itself, so a shell's `>` or `>>` behind it is honoured and nothing in /dev is touched.
    if let descriptor = ownDescriptor(path) {
      try writeAll(data, to: descriptor, path: path)
      return
    }
    let given = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: given.path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw CLIError("\(path): is a folder")
    }
    // A device or a pipe (`-o /dev/null`, a FIFO) is written to, never replaced: a rename onto /dev/null run as
    // root would put a plain file in its place. A symbolic link to a file has its target replaced, not itself.
    var target = given
    if let resolved = realpath(path, nil) {
      defer { free(resolved) }
      var status = stat()
      if stat(resolved, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
          throw CLIError("\(path): cannot be written (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        try writeAll(data, to: descriptor, path: path)
        return
      }
      target = URL(fileURLWithPath: String(cString: resolved))
    }
    let folder = target.deletingLastPathComponent()
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
      throw CLIError("\(path): the folder \(folder.path) does not exist")
    }
    guard isDirectory.boolValue else { throw CLIError("\(path): \(folder.path) is a file, not a folder") }
    let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try data.write(to: temporary, options: [.withoutOverwriting])
      if rename(temporary.path, target.path) != 0 {
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

  /// The descriptor a path names when it is one of this process's own: `/dev/stdout`, `/dev/stderr`,
  /// `/dev/fd/N`, `/proc/self/fd/N`.
  static func ownDescriptor(_ path: String) -> Int32? {
    switch path {
    case "/dev/stdout": return 1
    case "/dev/stderr": return 2
    default:
      for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
        return Int32(path.dropFirst(prefix.count))
      }
      return nil
    }
  }

  static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw CLIError("\(path): cannot be written (\(String(cString: strerror(errno))))")
        }
        offset += written
      }
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
