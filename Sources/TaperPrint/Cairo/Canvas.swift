import CCairo
import TaperRender

/// A colour for the printout (0–255 components).
typealias RGB = WeeklyChart.Color

/// A font for the printout: DejaVu Sans at a size in points.
struct Font: Hashable {
  var size: Double
  var bold = false
  var italic = false

  static let family = "DejaVu Sans"
}

/// Horizontal alignment of text in its box.
enum TextAlignment { case left, center, right }

/// A multi-page PDF drawn with cairo and pango: the only drawing API the page code uses.
///
/// Coordinates are PostScript points from the top left of the page.
final class Canvas {
  let width: Double
  let height: Double
  private let surface: CairoPDFSurface
  private let context: CairoContext
  private let layout: PangoTextLayout
  private var fonts: [Font: PangoFont] = [:]
  private var cr: OpaquePointer { context.cairoContext }

  init(width: Double, height: Double, title: String, creator: String, date: String) throws(PrintError) {
    self.width = width
    self.height = height
    surface = try CairoPDFSurface(width: width, height: height)
    // Fixed dates make the bytes reproducible: without them cairo writes the current time.
    surface.setMetadata(.title, title)
    surface.setMetadata(.creator, creator)
    surface.setMetadata(.createDate, date)
    surface.setMetadata(.modDate, date)
    context = try CairoContext(surface)
    layout = try PangoTextLayout(context)
    pango_layout_set_wrap(layout.pangoLayout, PANGO_WRAP_WORD_CHAR)
  }

  /// Widens the spaces next to a one-character word ("1 g", "14 × 5 mg") a little: with DejaVu's
  /// narrow spaces, text extraction (pdftotext) reads such a word and its neighbour as one ("1g").
  /// Only those spaces: every extra attribute splits pango's runs, and widening all spaces doubled the time.
  private func setSpacing(_ text: String, font: Font) {
    var spaces: [Int] = []
    var wordLengths = [0]
    var byte = 0
    for scalar in text.unicodeScalars {
      if scalar == " " {
        spaces.append(byte)
        wordLengths.append(0)
      } else {
        wordLengths[wordLengths.count - 1] += 1
      }
      byte += scalar.utf8.count
    }
    let widened = spaces.indices.filter { wordLengths[$0] == 1 || wordLengths[$0 + 1] == 1 }
    guard !widened.isEmpty else {
      pango_layout_set_attributes(layout.pangoLayout, nil)
      return
    }
    let attributes = PangoAttributes()
    let extra = Int32((font.size * 0.12 * Double(PANGO_SCALE)).rounded())
    for i in widened {
      let attribute = pango_attr_letter_spacing_new(extra)
      attribute?.pointee.start_index = UInt32(spaces[i])
      attribute?.pointee.end_index = UInt32(spaces[i] + 1)
      attributes.insert(attribute)
    }
    pango_layout_set_attributes(layout.pangoLayout, attributes.pangoAttrList)
  }

  /// Ends the current page; the corresponding cairo function is `cairo_show_page`.
  func showPage() { cairo_show_page(cr) }

  /// Finishes the document and returns its bytes.
  func finish() throws(PrintError) -> [UInt8] {
    let status = cairo_status(cr)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw PrintError.cairo("cairo drawing", String(cString: cairo_status_to_string(status)))
    }
    return try surface.finish()
  }

  private func setColor(_ c: RGB, alpha: Double = 1) {
    cairo_set_source_rgba(cr, Double(c.red) / 255, Double(c.green) / 255, Double(c.blue) / 255, alpha)
  }

  func fill(x: Double, y: Double, width: Double, height: Double, color: RGB, alpha: Double = 1) {
    setColor(color, alpha: alpha)
    cairo_rectangle(cr, x, y, width, height)
    cairo_fill(cr)
  }

  func stroke(x: Double, y: Double, width: Double, height: Double, color: RGB, lineWidth: Double = 0.6) {
    setColor(color)
    cairo_set_line_width(cr, lineWidth)
    cairo_set_dash(cr, nil, 0, 0)
    cairo_rectangle(cr, x, y, width, height)
    cairo_stroke(cr)
  }

  /// A polyline through `points` (x0, y0, x1, y1, …).
  func line(_ points: [Double], color: RGB, lineWidth: Double = 0.6, dashed: Bool = false) {
    guard points.count >= 4 else { return }
    setColor(color)
    cairo_set_line_width(cr, lineWidth)
    if dashed {
      let dashes: [Double] = [4, 3]
      cairo_set_dash(cr, dashes, 2, 0)
    } else {
      cairo_set_dash(cr, nil, 0, 0)
    }
    cairo_move_to(cr, points[0], points[1])
    var i = 2
    while i + 1 < points.count {
      cairo_line_to(cr, points[i], points[i + 1])
      i += 2
    }
    cairo_stroke(cr)
    cairo_set_dash(cr, nil, 0, 0)
  }

  /// Diagonal hatching over a box, to mark a cell as deliberately empty.
  func hatch(x: Double, y: Double, width: Double, height: Double, color: RGB) {
    cairo_save(cr)
    cairo_rectangle(cr, x, y, width, height)
    cairo_clip(cr)
    setColor(color)
    cairo_set_line_width(cr, 0.4)
    var offset = -height
    while offset < width {
      cairo_move_to(cr, x + offset, y + height)
      cairo_line_to(cr, x + offset + height, y)
      offset += 6
    }
    cairo_stroke(cr)
    cairo_restore(cr)
  }

  /// What the layout holds now, so measuring and then drawing the same text lays it out once.
  private var prepared: (text: String, font: Font, width: Double?)?

  private func prepare(_ text: String, font: Font, width: Double?) {
    if let p = prepared, p.text == text, p.font == font, p.width == width { return }
    prepared = (text, font, width)
    let description = fonts[font] ?? PangoFont(family: Font.family, size: font.size, bold: font.bold, italic: font.italic)
    fonts[font] = description
    pango_layout_set_font_description(layout.pangoLayout, description.pangoFontDescription)
    pango_layout_set_width(layout.pangoLayout, width.map { Int32(($0 * Double(PANGO_SCALE)).rounded(.down)) } ?? -1)
    pango_layout_set_text(layout.pangoLayout, text, -1)
    setSpacing(text, font: font)
  }

  /// The size `text` takes when wrapped to `width` (unwrapped when nil).
  func measure(_ text: String, font: Font, width: Double? = nil) -> (width: Double, height: Double) {
    prepare(text, font: font, width: width)
    var w: Int32 = 0
    var h: Int32 = 0
    pango_layout_get_size(layout.pangoLayout, &w, &h)
    return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
  }

  /// Draws `text` with its top left at (x, y), wrapped to `width`; returns the height used.
  @discardableResult
  func text(
    _ text: String, x: Double, y: Double, width: Double? = nil, font: Font, color: RGB = .ink,
    align: TextAlignment = .left
  ) -> Double {
    prepare(text, font: font, width: width)
    pango_layout_set_alignment(
      layout.pangoLayout,
      align == .left ? PANGO_ALIGN_LEFT : (align == .center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT))
    var w: Int32 = 0
    var h: Int32 = 0
    pango_layout_get_size(layout.pangoLayout, &w, &h)
    setColor(color)
    var left = x
    if width == nil {
      // Without a width pango does not align: place the line by hand.
      let textWidth = Double(w) / Double(PANGO_SCALE)
      if align == .center { left = x - textWidth / 2 }
      if align == .right { left = x - textWidth }
    }
    cairo_move_to(cr, left, y)
    pango_cairo_show_layout(cr, layout.pangoLayout)
    pango_layout_set_alignment(layout.pangoLayout, PANGO_ALIGN_LEFT)
    return Double(h) / Double(PANGO_SCALE)
  }

  /// Draws a single line of `text` whose baseline is at `y`.
  func baselineText(_ text: String, x: Double, y: Double, font: Font, color: RGB, align: TextAlignment) {
    prepare(text, font: font, width: nil)
    let baseline = Double(pango_layout_get_baseline(layout.pangoLayout)) / Double(PANGO_SCALE)
    self.text(text, x: x, y: y - baseline, font: font, color: color, align: align)
  }

  /// Draws `text` as outlines (not text: it stays out of text extraction) rotated by `degrees` around its
  /// centre at (x, y), faded to `alpha`.
  func rotatedText(_ text: String, centerX x: Double, centerY y: Double, degrees: Double, font: Font, color: RGB, alpha: Double) {
    cairo_save(cr)
    cairo_translate(cr, x, y)
    cairo_rotate(cr, degrees * Double.pi / 180)
    prepare(text, font: font, width: nil)
    var w: Int32 = 0
    var h: Int32 = 0
    pango_layout_get_size(layout.pangoLayout, &w, &h)
    setColor(color, alpha: alpha)
    cairo_move_to(cr, -Double(w) / Double(PANGO_SCALE) / 2, -Double(h) / Double(PANGO_SCALE) / 2)
    pango_cairo_layout_path(cr, layout.pangoLayout)
    cairo_fill(cr)
    cairo_restore(cr)
  }
}
