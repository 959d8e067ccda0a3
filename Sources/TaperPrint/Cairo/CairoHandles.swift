import CCairo

// Every cairo, pango and GLib call of Taper lives in this folder. Each C object is owned by exactly one
// final class that frees it in `deinit`; the release functions cannot fail and need no particular thread.

/// Collects the bytes cairo writes for a PDF surface.
final class PDFByteSink {
  var bytes: [UInt8] = []
}

/// A cairo PDF surface that writes into a ``PDFByteSink``.
///
/// The corresponding cairo functions are `cairo_pdf_surface_create_for_stream` and `cairo_surface_destroy`.
final class CairoPDFSurface {
  let cairoSurface: OpaquePointer
  /// Kept alive as long as the surface, which holds an unretained pointer to it.
  let sink: PDFByteSink

  init(width: Double, height: Double) throws(PrintError) {
    let sink = PDFByteSink()
    let closure = Unmanaged.passUnretained(sink).toOpaque()
    let surface = cairo_pdf_surface_create_for_stream(
      { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<PDFByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
      }, closure, width, height)
    // > cairo_pdf_surface_create_for_stream: This function always returns a valid pointer, but it will
    // > return a pointer to a "nil" surface if an error such as out of memory occurs.
    guard let surface else { throw PrintError.cairo("cairo_pdf_surface_create_for_stream", "no surface") }
    self.cairoSurface = surface
    self.sink = sink
    try check("cairo_pdf_surface_create_for_stream")
  }

  deinit { cairo_surface_destroy(cairoSurface) }

  /// Sets a PDF document property; the corresponding cairo function is `cairo_pdf_surface_set_metadata`.
  func setMetadata(_ key: Metadata, _ value: String) {
    cairo_pdf_surface_set_metadata(cairoSurface, key.cairoValue, value)
  }

  /// The PDF document properties Taper sets.
  enum Metadata {
    case title, creator, createDate, modDate
    var cairoValue: cairo_pdf_metadata_t {
      switch self {
      case .title: CAIRO_PDF_METADATA_TITLE
      case .creator: CAIRO_PDF_METADATA_CREATOR
      case .createDate: CAIRO_PDF_METADATA_CREATE_DATE
      case .modDate: CAIRO_PDF_METADATA_MOD_DATE
      }
    }
  }

  /// Writes the rest of the document; the corresponding cairo function is `cairo_surface_finish`.
  func finish() throws(PrintError) -> [UInt8] {
    cairo_surface_finish(cairoSurface)
    try check("cairo_surface_finish")
    return sink.bytes
  }

  func check(_ function: String) throws(PrintError) {
    let status = cairo_surface_status(cairoSurface)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw PrintError.cairo(function, String(cString: cairo_status_to_string(status)))
    }
  }
}

/// A cairo drawing context; the corresponding cairo functions are `cairo_create` and `cairo_destroy`.
final class CairoContext {
  let cairoContext: OpaquePointer

  init(_ surface: CairoPDFSurface) throws(PrintError) {
    guard let cr = cairo_create(surface.cairoSurface) else {
      throw PrintError.cairo("cairo_create", "no context")
    }
    cairoContext = cr
    let status = cairo_status(cr)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw PrintError.cairo("cairo_create", String(cString: cairo_status_to_string(status)))
    }
  }

  deinit { cairo_destroy(cairoContext) }
}

/// A pango font description; freed with `pango_font_description_free`.
final class PangoFont {
  let pangoFontDescription: OpaquePointer

  init(family: String, size: Double, bold: Bool, italic: Bool) {
    // GLib aborts the process when it cannot allocate, so this never returns NULL.
    let description = pango_font_description_new()!
    pango_font_description_set_family(description, family)
    pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
    pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    pango_font_description_set_style(description, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
    pangoFontDescription = description
  }

  deinit { pango_font_description_free(pangoFontDescription) }
}

/// A pango layout bound to a cairo context; released with `g_object_unref`.
final class PangoTextLayout {
  let pangoLayout: OpaquePointer
  /// The layout draws through this context, so it must live as long.
  let context: CairoContext

  init(_ context: CairoContext) throws(PrintError) {
    guard let layout = pango_cairo_create_layout(context.cairoContext) else {
      throw PrintError.cairo("pango_cairo_create_layout", "no layout")
    }
    pangoLayout = layout
    self.context = context
  }

  deinit { g_object_unref(UnsafeMutableRawPointer(pangoLayout)) }
}

/// A pango attribute list; released with `pango_attr_list_unref`.
final class PangoAttributes {
  let pangoAttrList: OpaquePointer

  /// GLib aborts the process when it cannot allocate, so `pango_attr_list_new` never returns NULL.
  init() { pangoAttrList = pango_attr_list_new()! }

  /// Adds an attribute covering the whole text; the list takes ownership of it.
  func insert(_ attribute: UnsafeMutablePointer<PangoAttribute>?) {
    guard let attribute else { return }
    pango_attr_list_insert(pangoAttrList, attribute)
  }

  deinit { pango_attr_list_unref(pangoAttrList) }
}
