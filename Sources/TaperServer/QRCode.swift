import CQRencode
import TaperRender

/// A QR code drawn as inline SVG, encoded by libqrencode.
enum QRCode {
  /// An SVG element of `text` as a QR code (error correction M), or `nil` when libqrencode cannot encode it.
  ///
  /// The corresponding libqrencode function is `QRcode_encodeString`; its result is freed with `QRcode_free`.
  static func svg(_ text: String, moduleSize: Int = 4) -> HTML? {
    guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
    defer { QRcode_free(code) }
    let width = Int(code.pointee.width)
    guard let data = code.pointee.data, width > 0 else { return nil }
    let quiet = 4
    let size = (width + 2 * quiet) * moduleSize
    var path = ""
    for y in 0..<width {
      for x in 0..<width where data[y * width + x] & 1 == 1 {
        // Bit 0 of each byte is the module's colour (1 = dark), as qrencode.h documents.
        path += "M\((x + quiet) * moduleSize) \((y + quiet) * moduleSize)h\(moduleSize)v\(moduleSize)h-\(moduleSize)z"
      }
    }
    // Every value in the markup is a number computed here, never the encoded text, so it is markup made by code.
    return .raw(
      """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(size)" height="\(size)" viewBox="0 0 \(size) \(size)" \
      role="img" aria-label="QR code of the calendar subscription link"><rect width="100%" height="100%" \
      fill="#fff"/><path fill="#000" d="\(path)"/></svg>
      """)
  }
}
