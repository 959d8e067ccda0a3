internal import Yams

/// A plan file to be written: its keys in order, each value typed, every key one that ``PlanFormat`` declares.
/// The web form and `taper generate` build one; ``PlanFileWriter`` turns it into YAML with Yams' emitter, so no
/// plan file is ever put together from strings.
public struct PlanFileDocument: Sendable {
  /// A value as the plan file will hold it.
  public indirect enum Value: Sendable {
    /// A string, always written as a string (quoted when YAML would read it as something else).
    case text(String)
    /// A number, a date or a word as typed: written plain, so YAML reads it as what it looks like, and a value
    /// of the wrong kind ("heavy" for a weight) reaches the parser's type check with its key.
    case scalar(String)
    case boolean(Bool)
    case list([Value])
    case mapping([(String, Value)])
    /// YAML flow text a clinician typed (`{ protocol: bands }`): parsed and written as its tree. Text that is not
    /// YAML is written as a string, which the parser then refuses with its key.
    case yaml(String)
  }

  /// A comment for the first line ("Saved by taper serve."); one line, never YAML.
  public var comment: String?
  public var entries: [(String, Value)]

  public init(comment: String? = nil, entries: [(String, Value)]) {
    self.comment = comment
    self.entries = entries
  }
}

/// Writes a ``PlanFileDocument`` as plan-file YAML, and edits a plan file's text without losing its layout.
public enum PlanFileWriter {
  /// The YAML text of `document`: block style, two-space indent, keys in the document's order.
  public static func text(_ document: PlanFileDocument) -> String {
    let root = mapping(document.entries, path: nil)
    // The emitter fails only on a malformed tree, which `mapping` never builds.
    let yaml = (try? Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true)) ?? ""
    guard let comment = document.comment else { return yaml }
    let line = comment.split(whereSeparator: \.isNewline).joined(separator: " ")
    return "# \(line)\n" + yaml
  }

  static func mapping(_ entries: [(String, PlanFileDocument.Value)], path: String?) -> Node {
    let pairs = entries.map { key, value -> (Node, Node) in
      let child = path.map { "\($0).\(key)" } ?? key
      precondition(PlanFormat.declares(child), "\(child) is not a key PlanFormat declares")
      return (Node(key), node(value, path: child))
    }
    return Node.mapping(Node.Mapping(pairs, .implicit, .block))
  }

  static func node(_ value: PlanFileDocument.Value, path: String) -> Node {
    switch value {
    case .text(let s): return Node(s, Tag(.str), .doubleQuoted)
    case .scalar(let s): return Node(s, Tag(.implicit), .plain)
    case .boolean(let b): return Node(b ? "true" : "false", Tag(.implicit), .plain)
    case .list(let items):
      // Numbers and times on one line (`[5, 2.5, 1]`); a list of mappings (medications, pauses) as a block.
      let ofMappings = items.contains {
        if case .mapping = $0 { return true }
        return false
      }
      return Node.sequence(Node.Sequence(items.map { node($0, path: path) }, .implicit, ofMappings ? .block : .flow))
    case .mapping(let entries):
      // A list of mappings (`pauses`, `taper.steps`) declares its keys under `path[]`.
      let list = PlanFormat.Section(rawValue: path + "[]") != nil || path == "revisions[].medications"
      return mapping(entries, path: list ? path + "[]" : path)
    case .yaml(let text):
      if let tree = try? Yams.compose(yaml: text), tree.mapping != nil || tree.sequence != nil { return tree }
      return Node(text, Tag(.str), .doubleQuoted)
    }
  }

  /// `text` with `plan.revision` set to `number`, keeping every other byte (comments, layout): the number replaces
  /// the old one where it is written, or a `revision:` key is added to the `plan` mapping in its own style.
  /// `nil` when the text has no `plan` mapping to put it in.
  public static func settingRevision(_ text: String, to number: Int) -> String? {
    guard let root = try? Yams.compose(yaml: text), let plan = root.mapping?["plan"]?.mapping else { return nil }
    // Lines as libyaml counts them (CRLF, LF, CR, NEL, U+2028, U+2029), in Unicode scalars as its columns are;
    // each line keeps its own break, so the text is put back byte for byte.
    var lines: [[Unicode.Scalar]] = []
    var breaks: [[Unicode.Scalar]] = []
    var current: [Unicode.Scalar] = []
    let scalars = Array(text.unicodeScalars)
    var k = 0
    while k < scalars.count {
      let c = scalars[k]
      if c == "\r" && k + 1 < scalars.count && scalars[k + 1] == "\n" {
        lines.append(current); breaks.append(["\r", "\n"]); current = []; k += 2; continue
      }
      if c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
        lines.append(current); breaks.append([c]); current = []; k += 1; continue
      }
      current.append(c)
      k += 1
    }
    lines.append(current)
    breaks.append([])
    func replace(line: Int, column: Int, length: Int, with new: String) -> Bool {
      guard line >= 1, line <= lines.count, column >= 1, column - 1 + length <= lines[line - 1].count else {
        return false
      }
      lines[line - 1].replaceSubrange((column - 1)..<(column - 1 + length), with: Array(new.unicodeScalars))
      return true
    }
    var done = false
    if let old = plan["revision"]?.scalar, let mark = old.mark {
      // The scalar as written: plain digits, or quoted digits (quotes included).
      let quoted = old.style == .doubleQuoted || old.style == .singleQuoted
      done = replace(line: mark.line, column: mark.column, length: old.string.unicodeScalars.count + (quoted ? 2 : 0),
        with: "\(number)")
    } else if let mark = plan.mark, mark.line >= 1, mark.line <= lines.count, mark.column >= 1,
      mark.column <= lines[mark.line - 1].count, lines[mark.line - 1][mark.column - 1] == "{"
    {
      // `plan: { id: x, … }`: the key goes first inside the braces.
      done = replace(line: mark.line, column: mark.column + 1, length: 0, with: " revision: \(number),")
    } else if let first = plan.keys.compactMap(\.mark).min(by: { ($0.line, $0.column) < ($1.line, $1.column) }),
      first.line >= 1, first.line <= lines.count
    {
      // A block mapping: a line of its own before the first key, at its indent, ending as that line's break does.
      lines.insert(Array((String(repeating: " ", count: first.column - 1) + "revision: \(number)").unicodeScalars),
        at: first.line - 1)
      breaks.insert(breaks[first.line - 1].isEmpty ? ["\n"] : breaks[first.line - 1], at: first.line - 1)
      done = true
    }
    guard done else { return nil }
    var view = String.UnicodeScalarView()
    for (line, end) in zip(lines, breaks) {
      view.append(contentsOf: line)
      view.append(contentsOf: end)
    }
    let result = String(view)
    // The edit must give the same file with the new number, or it is not made.
    guard let check = try? Yams.compose(yaml: result), check.mapping?["plan"]?.mapping?["revision"]?.int == number
    else { return nil }
    return result
  }
}

extension PlanFileWriter {
  /// `text` with one more entry at the end of its `revisions` list (the list is added at the end of the file if
  /// there is none): every existing byte is kept, comments and order included, and the entry is emitted by Yams.
  /// `nil` when `revisions` is not the file's last key (an entry can then not be appended without moving text).
  public static func appendingRevision(_ text: String, _ entries: [(String, PlanFileDocument.Value)]) -> String? {
    guard let root = try? Yams.compose(yaml: text), let top = root.mapping else { return nil }
    let existing = top["revisions"]
    if existing != nil {
      // The list must be the last thing in the file, a block list, so the new entry follows its last one.
      let lastKey = top.keys.compactMap(\.mark).max { ($0.line, $0.column) < ($1.line, $1.column) }
      let revisionsKey = top.keys.first { $0.scalar?.string == "revisions" }?.mark
      // Yams reads every parsed list's style as `any`: a block list is one whose mark is at a `-`.
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      guard let lastKey, let revisionsKey, (lastKey.line, lastKey.column) == (revisionsKey.line, revisionsKey.column),
        let mark = existing?.sequence?.mark, mark.line >= 1, mark.line <= lines.count,
        lines[mark.line - 1].unicodeScalars.dropFirst(mark.column - 1).first == "-"
      else { return nil }
    }
    let entry = blockStyle(mapping(entries, path: "revisions[]"))
    let item = Node.sequence(Node.Sequence([entry], .implicit, .block))
    guard let emitted = try? Yams.serialize(node: item, indent: 2, width: -1, allowUnicode: true) else { return nil }
    // The existing list's items are indented as its first one is.
    let indent = existing?.sequence?.mark.map { max(0, $0.column - 1) } ?? 2
    let pad = String(repeating: " ", count: indent)
    let body = emitted.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
      .joined(separator: "\n")
    var result = text
    if !result.isEmpty && !result.hasSuffix("\n") { result += "\n" }
    if existing == nil { result += "revisions:\n" }
    result += body.hasSuffix("\n") ? body : body + "\n"
    // The edit must give the same file with one more revision, or it is not made.
    guard let check = try? Yams.compose(yaml: result), let revisions = check.mapping?["revisions"]?.sequence,
      revisions.count == (existing?.sequence?.count ?? 0) + 1, result.hasPrefix(text)
    else { return nil }
    return result
  }

  /// A tree as a hand-written plan file has it: mappings and lists of mappings as blocks, lists of values on a line.
  static func blockStyle(_ node: Node) -> Node {
    switch node {
    case .mapping(let m):
      let pairs = m.map { ($0.key, blockStyle($0.value)) }
      return .mapping(Node.Mapping(pairs, m.tag, .block))
    case .sequence(let s):
      let ofMappings = s.contains { $0.mapping != nil }
      let items = s.map { ofMappings ? blockStyle($0) : flowStyle($0) }
      return .sequence(Node.Sequence(items, s.tag, ofMappings ? .block : .flow))
    default: return node
    }
  }

  static func flowStyle(_ node: Node) -> Node {
    switch node {
    case .mapping(let m): return .mapping(Node.Mapping(m.map { ($0.key, flowStyle($0.value)) }, m.tag, .flow))
    case .sequence(let s): return .sequence(Node.Sequence(s.map(flowStyle), s.tag, .flow))
    default: return node
    }
  }
}

extension PlanFormat {
  /// Whether `path` (`patient.weight_kg`, `medications[].taper.steps[].dose_mg`, or a top-level section) is a key
  /// the format declares.
  static func declares(_ path: String) -> Bool {
    if Section(rawValue: path) != nil || Section(rawValue: path + "[]") != nil { return true }
    // A revision's `patient` takes the patient keys.
    let revisionPatient = "revisions[].patient."
    if path.hasPrefix(revisionPatient) { return key(at: "patient." + path.dropFirst(revisionPatient.count)) != nil }
    // Its `medications` entries the medication keys.
    let revisionMedication = "revisions[].medications[]."
    if path.hasPrefix(revisionMedication) {
      return declares("medications[]." + path.dropFirst(revisionMedication.count))
    }
    return key(at: path) != nil
  }
}

extension PlanFileWriter {
  /// YAML text (a form field saved before the form had its own fields for it: `{ protocol: bands }`,
  /// `[{ from: 2027-01-01, to: 2027-01-07 }]`) as key paths and scalar texts: `protocol` → `bands`,
  /// `rules[0].above_mg` → `40`, `[0].from` → `2027-01-01`; a list of scalars is one value joined by ", ".
  /// `nil` when the text is not a YAML mapping or list.
  public static func flattened(yaml text: String) -> [(path: String, value: String)]? {
    guard let tree = try? Yams.compose(yaml: text), tree.mapping != nil || tree.sequence != nil else { return nil }
    var out: [(String, String)] = []
    func walk(_ node: Node, _ path: String) {
      switch node {
      case .scalar(let s): out.append((path, s.string))
      case .mapping(let m):
        for (k, v) in m { walk(v, path.isEmpty ? k.string ?? "" : "\(path).\(k.string ?? "")") }
      case .sequence(let seq):
        if seq.allSatisfy({ $0.scalar != nil }) {
          out.append((path, seq.compactMap { $0.scalar?.string }.joined(separator: ", ")))
        } else {
          for (i, item) in seq.enumerated() { walk(item, "\(path)[\(i)]") }
        }
      case .alias: break
      }
    }
    walk(tree, "")
    return out
  }
}
