/// A printout could not be drawn.
public enum PrintError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A cairo or pango call failed: the function and cairo's message.
  case cairo(String, String)

  public var description: String {
    switch self {
    case .cairo(let function, let message): "cannot draw the PDF: \(function) failed (\(message))"
    }
  }
}
