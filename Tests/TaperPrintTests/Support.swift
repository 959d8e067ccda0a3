import Foundation
import TaperCore
import TaperPrint
import TaperRender
import TaperTestSupport
import Testing

/// The options every test renders with: a fixed stamp, so output is reproducible.
let fixedOptions = PrintOptions(
  paper: .a4, weekStart: .monday, generatedAt: PrintTimestamp(iso: "2026-01-01T00:00:00Z")!, version: "0.1.0")

/// The dates of each printed week, worked out here from the plan alone (not from `WeeklySchedule`).
func expectedWeeks(_ plan: TreatmentPlan, weekStart: Weekday = .monday) -> [[CivilDate]] {
  let back = (plan.start.weekday.isoIndex - weekStart.isoIndex + 7) % 7
  var first = plan.start.adding(days: -back)
  var weeks: [[CivilDate]] = []
  while first <= plan.end {
    weeks.append((0..<7).map { first.adding(days: $0) })
    first = first.adding(days: 7)
  }
  return weeks
}

/// Every dose amount ("35 mg", "28.0 g") the plan gives on `dates`.
func expectedDoses(_ plan: TreatmentPlan, on dates: [CivilDate]) -> Set<String> {
  let wanted = Set(dates)
  return Set(plan.days.filter { wanted.contains($0.date) }.flatMap { $0.administrations.map(\.amount.description) })
}

/// Runs a poppler tool (`pdfinfo`, `pdftotext`, `pdftoppm`) and returns its standard output.
@discardableResult
func poppler(_ tool: String, _ arguments: [String]) throws -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
  process.arguments = arguments
  let out = Pipe()
  process.standardOutput = out
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = readAll(out.fileHandleForReading)
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw PopplerError(message: "\(tool) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
  }
  return data
}

struct PopplerError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// A rendered PDF written to a temporary folder, for the poppler tools.
struct RenderedPDF {
  let folder: URL
  let url: URL

  init(_ bytes: [UInt8], name: String = "schedule.pdf") throws {
    folder = try temporaryFolder()
    url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
  }

  /// `Pages:` from `pdfinfo`.
  func pageCount() throws -> Int {
    let info = String(decoding: try poppler("pdfinfo", [url.path]), as: UTF8.self)
    let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
    return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
  }

  /// `pdftotext -layout` of the whole document.
  func text() throws -> String {
    String(decoding: try poppler("pdftotext", ["-layout", url.path, "-"]), as: UTF8.self)
  }

  /// The text of each page in the order it was drawn (`pdftotext -raw`): a column's lines stay together.
  func rawPages() throws -> [String] {
    let text = String(decoding: try poppler("pdftotext", ["-raw", url.path, "-"]), as: UTF8.self)
    var pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
    if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
    return pages
  }

  /// The text of each page (pdftotext ends every page with a form feed).
  func pages() throws -> [String] {
    var pages = try text().split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
    if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
    return pages
  }

  /// Page `page` (1-based) rasterised in grey at 40 dpi: the share of pixels that are not white.
  func inkShare(page: Int) throws -> Double {
    let prefix = folder.appendingPathComponent("page-\(page)").path
    try poppler("pdftoppm", ["-r", "40", "-gray", "-f", "\(page)", "-l", "\(page)", "-singlefile", url.path, prefix])
    let image = try PGM(Data(contentsOf: URL(fileURLWithPath: prefix + ".pgm")))
    let inked = image.pixels.reduce(0) { $0 + ($1 < 200 ? 1 : 0) }
    return Double(inked) / Double(max(image.pixels.count, 1))
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// A binary greyscale PGM (P5) image, as `pdftoppm -gray` writes it.
struct PGM {
  var width: Int
  var height: Int
  var pixels: [UInt8]

  init(_ data: Data) throws {
    let bytes = [UInt8](data)
    var fields: [String] = []
    var i = 0
    // Four whitespace-separated header fields: magic, width, height, maximum value; then one whitespace.
    while fields.count < 4, i < bytes.count {
      while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
      if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
        while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        continue
      }
      var field = ""
      while i < bytes.count, !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) {
        field.append(Character(UnicodeScalar(bytes[i])))
        i += 1
      }
      fields.append(field)
    }
    i += 1
    guard fields.count == 4, fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]), fields[3] == "255",
      bytes.count - i >= w * h
    else { throw PopplerError(message: "not an 8-bit binary PGM: \(fields)") }
    width = w
    height = h
    pixels = Array(bytes[i..<(i + w * h)])
  }
}
