public import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Everything a pipe or file gives until end of file. Foundation's `readDataToEndOfFile()` traps on EINTR
/// (a child process's SIGCHLD can interrupt the read while tests run in parallel); this retries instead.
public func readAll(_ handle: FileHandle) -> Data {
  var data = Data()
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  let descriptor = handle.fileDescriptor
  while true {
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    if count > 0 {
      data.append(contentsOf: buffer[0..<count])
    } else if count == 0 || errno != EINTR {
      return data
    }
  }
}
