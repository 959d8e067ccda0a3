public import TaperCore
internal import Yams

/// A finding tied to a place in a plan file: `error: plans/x.yaml:12: medications[2].dose_mg: …`.
public struct LocatedDiagnostic: Hashable, Sendable, CustomStringConvertible {
  public var diagnostic: Diagnostic
  public var file: String
  public var line: Int?

  public init(_ diagnostic: Diagnostic, file: String, line: Int?) {
    self.diagnostic = diagnostic
    self.file = file
    self.line = line
  }

  public var severity: Diagnostic.Severity { diagnostic.severity }

  /// `error: FILE:LINE: path: message` (the line left out when unknown).
  public var description: String {
    "\(diagnostic.severity.rawValue): \(file)\(line.map { ":\($0)" } ?? ""): \(diagnostic)"
  }
}

/// The plan file could not be read, or the plan was refused; `diagnostics` holds every finding.
public struct PlanFileError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [LocatedDiagnostic]
  public init(_ diagnostics: [LocatedDiagnostic]) { self.diagnostics = diagnostics }
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A parsed plan file: the typed spec and the YAML tree that locates its keys.
public struct PlanFile: Sendable {
  /// The largest plan file Taper reads (a real plan is a few kilobytes).
  public static let maximumBytes = 256 * 1024
  /// The most YAML nodes a plan file may expand to (aliases included).
  static let maximumNodes = 20_000
  /// The deepest nesting a plan file may have.
  static let maximumDepth = 16

  public let spec: PlanSpec
  public let fileName: String
  private let lines: LineIndex

  /// Parses plan-file text; `fileName` is used in messages only.
  public init(text: String, fileName: String) throws(PlanFileError) {
    self.fileName = fileName
    func fail(_ message: String, line: Int? = nil, path: String? = nil) -> PlanFileError {
      PlanFileError([LocatedDiagnostic(Diagnostic(.error, path, message), file: fileName, line: line)])
    }
    guard text.utf8.count <= Self.maximumBytes else {
      throw fail("the file is \(text.utf8.count) bytes; a plan file is at most \(Self.maximumBytes) bytes")
    }
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text, .basic) else { throw fail("the file is empty") }
      root = node
    } catch let error as PlanFileError {
      throw error
    } catch let error as YamlError {
      let (message, line) = Self.describe(error)
      throw fail("not valid YAML: \(message)", line: line)
    } catch {
      throw fail("not valid YAML: \(error)")
    }
    // Guards before decoding: Yams expands aliases and recurses.
    var budget = Self.maximumNodes
    if let problem = Self.checkSize(root, depth: 0, budget: &budget) {
      throw fail(problem.message, line: problem.line)
    }
    let index = LineIndex(root: root)
    self.lines = index
    var findings: [LocatedDiagnostic] = []
    Self.unknownKeys(root, schema: .plan, path: "", into: &findings, file: fileName)
    let dto: PlanFileDTO
    do {
      dto = try PlanFileReader.read(root)
    } catch {
      findings.append(Self.describe(error, index: index, file: fileName))
      throw PlanFileError(findings)
    }
    var converter = Converter(index: index, file: fileName)
    let spec = converter.spec(dto)
    findings += converter.findings
    guard findings.isEmpty, let spec else { throw PlanFileError(findings) }
    self.spec = spec
  }

  /// The line of a key path such as `medications[2].dose_mg` (or of the nearest parent that exists).
  public func line(of path: String?) -> Int? { lines.line(of: path) }

  /// Places core findings in this file.
  public func locate(_ diagnostics: [Diagnostic]) -> [LocatedDiagnostic] {
    diagnostics.map { LocatedDiagnostic($0, file: fileName, line: line(of: $0.path)) }
  }

  /// Plans a spec as a plan file's: its findings spelled as the file's key paths, its zone's rules read from the
  /// system's tz database. Every caller that plans a file's spec goes through here.
  /// A file with later revisions is planned as of `revision` (the latest by default).
  public static func plan(_ spec: PlanSpec, asOf revision: Int? = nil) throws(PlanRefusal) -> TreatmentPlan {
    try Planner.plan(spec, keys: PlanFormat.keyNames, zones: SystemTimeZones.shared, asOf: revision)
  }

  /// Parses and plans in one step; refusals come back located in the file.
  public static func plan(
    text: String, fileName: String, asOf revision: Int? = nil
  ) throws(PlanFileError) -> (TreatmentPlan, PlanFile) {
    let file = try PlanFile(text: text, fileName: fileName)
    do {
      return (try plan(file.spec, asOf: revision), file)
    } catch {
      throw PlanFileError(file.locate(error.diagnostics))
    }
  }

  /// The revision before the plan's latest, as the file holds it (`nil` for a file with one revision): what a
  /// calendar of the latest revision replaces.
  public func previousRevision() throws(PlanFileError) -> TreatmentPlan? {
    guard let latest = spec.revisions.last else { return nil }
    do {
      return try Self.plan(spec, asOf: latest.number - 1)
    } catch {
      throw PlanFileError(locate(error.diagnostics))
    }
  }

  // MARK: - Guards and messages

  private static func checkSize(_ node: Node, depth: Int, budget: inout Int) -> (message: String, line: Int?)? {
    budget -= 1
    // A tag asks a YAML reader to make an object (`!!python/object/apply:os.system`): never in a plan file, which
    // would keep it for whoever loads the file next.
    if let problem = tagProblem(node) { return (problem, node.mark?.line) }
    if budget < 0 {
      return ("the file expands to more than \(maximumNodes) YAML nodes (aliases included); a plan is far smaller", node.mark?.line)
    }
    if depth > maximumDepth {
      return ("the file nests deeper than \(maximumDepth) levels; a plan is far flatter", node.mark?.line)
    }
    switch node {
    case .scalar: return nil
    case .alias: return nil
    case .mapping(let m):
      for (k, v) in m {
        if let p = checkSize(k, depth: depth + 1, budget: &budget) { return p }
        if let p = checkSize(v, depth: depth + 1, budget: &budget) { return p }
      }
    case .sequence(let s):
      for v in s { if let p = checkSize(v, depth: depth + 1, budget: &budget) { return p } }
    }
    return nil
  }

  /// The core YAML tags a plan's values resolve to; any other tag is refused.
  static let plainTags: Set<String> = Set(["", "?", "!"]).union(
    ["str", "int", "float", "bool", "null", "map", "seq"].map { "tag:yaml.org,2002:\($0)" })

  static func tagProblem(_ node: Node) -> String? {
    let tag: String
    switch node {
    case .scalar(let s): tag = s.tag.rawValue
    case .mapping(let m): tag = m.tag.rawValue
    case .sequence(let s): tag = s.tag.rawValue
    case .alias: return nil
    }
    guard !plainTags.contains(tag) else { return nil }
    let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
    return "the YAML tag '\(shown.prefix(60))' is not accepted: a plan file holds plain values (write the value without a tag)"
  }

  private static func unknownKeys(
    _ node: Node, schema: Schema, path: String, into findings: inout [LocatedDiagnostic], file: String
  ) {
    switch (schema, node) {
    case (.mapping(let fields), .mapping(let mapping)):
      for (keyNode, value) in mapping {
        guard let key = keyNode.scalar?.string else { continue }
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        if let child = fields[key] {
          unknownKeys(value, schema: child, path: childPath, into: &findings, file: file)
        } else {
          let hint = suggestion(for: key, among: Array(fields.keys))
          findings.append(
            LocatedDiagnostic(
              Diagnostic(
                .error, childPath,
                "unknown key `\(key)`" + (hint.map { "; did you mean `\($0)`?" } ?? "")
                  + " (keys here: \(fields.keys.sorted().joined(separator: ", ")))"),
              file: file, line: keyNode.mark?.line))
        }
      }
    case (.sequence(let element), .sequence(let sequence)):
      for (i, value) in sequence.enumerated() {
        unknownKeys(value, schema: element, path: "\(path)[\(i)]", into: &findings, file: file)
      }
    case (.scalar, _):
      if let problem = numberProblem(node, path: path) {
        findings.append(LocatedDiagnostic(Diagnostic(.error, path, problem), file: file, line: node.mark?.line))
      }
    default:
      return
    }
  }

  /// YAML 1.1 reads `010` as octal 8, `0x10` as 16, `1_000` as 1000 and `1:30` as 90: a number key's plain
  /// value must be a plain decimal, so what the clinician wrote is what the plan says.
  static func numberProblem(_ node: Node, path: String) -> String? {
    // `medications[2].days` is declared as `medications[].days`.
    var declared = ""
    var inIndex = false
    for c in path {
      if c == "[" { inIndex = true; declared.append("[") } else if c == "]" { inIndex = false; declared.append("]") } else if !inIndex { declared.append(c) }
    }
    guard let key = PlanFormat.key(at: declared) else { return nil }
    switch key.value {
    case .integer, .number, .numbers, .dayNumbers, .numberOrNumbers, .dateOrDay: break
    default: return nil
    }
    let nodes = node.sequence.map(Array.init) ?? [node]
    for item in nodes {
      guard let scalar = item.scalar, scalar.style == .plain || scalar.style == .any else { continue }
      let text = scalar.string
      // Whatever YAML 1.1 would read as a finite number (`+-1:30`, `.5`, `-010`) must be a plain decimal; a date
      // (`2026-01-05`) is not a number at all, and an infinity or NaN is refused by the converter, by name.
      let readsAsNumber =
        looksNumeric(text) && !(key.value == .dateOrDay && text.dropFirst().contains("-"))
        || PlanFileReader.yamlNumber(text)?.isFinite == true || PlanFileReader.yamlInteger(text) != nil
      if readsAsNumber && !PlanFormat.isPlainDecimal(text) {
        return "'\(text.prefix(20))' is not a plain decimal number: write it as digits, with no leading zero, "
          + "exponent, `0x`, `_` or `:` (YAML would read `010` as octal 8 and `1:30` as 90)"
      }
    }
    return nil
  }

  /// Starts like a number: a digit, maybe after a sign.
  static func looksNumeric(_ text: String) -> Bool {
    let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
    return body.first.map { ("0"..."9").contains($0) } ?? false
  }

  static func describe(_ error: YamlError) -> (String, Int?) {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      return ((context.map { "\($0.text) " } ?? "") + problem, mark.line)
    case .reader(let problem, _, _, _):
      return (problem, nil)
    case .duplicatedKeysInMapping(let duplicates, let context):
      // Never the whole file in the message (it holds the patient's facts): the keys and the mapping's line.
      let keys = duplicates.sorted().map { "`\($0)`" }.joined(separator: ", ")
      return ("\(keys) given twice in the same mapping: give each key once", context.mark.line)
    default:
      return ("\(error)", nil)
    }
  }

  static func describe(_ failure: PlanFileReader.Failure, index: LineIndex, file: String) -> LocatedDiagnostic {
    switch failure.kind {
    case .missing(let key):
      let parent = failure.path
      let path = parent.isEmpty ? key : "\(parent).\(key)"
      return LocatedDiagnostic(
        Diagnostic(.error, path, "the required key `\(key)` is missing"), file: file, line: index.line(of: parent))
    case .mismatch(let expected):
      let path = failure.path
      let found: String
      switch index.node(at: path)?.0 {
      case .scalar(let s)?: found = "'\(s.string.prefix(60))'"
      case .sequence?: found = "a list"
      case .mapping?: found = "a mapping"
      default: found = "nothing"
      }
      return LocatedDiagnostic(
        Diagnostic(.error, path.isEmpty ? nil : path, "expected \(expected), found \(found)"), file: file,
        line: index.line(of: path))
    }
  }
}

/// Finds the line of a key path in the YAML tree.
struct LineIndex: @unchecked Sendable {
  // Node is a value tree of Yams types; it is never mutated after parsing.
  let root: Node

  func node(at path: String?) -> (Node, exact: Bool)? {
    var node = root
    guard let path, !path.isEmpty else { return (node, true) }
    for component in Self.components(path) {
      switch component {
      case .key(let k):
        guard case .mapping(let m) = node, let child = m.first(where: { $0.key.scalar?.string == k }) else {
          return (node, false)
        }
        node = child.value
      case .index(let i):
        guard case .sequence(let s) = node, i >= 0, i < s.count else { return (node, false) }
        node = s[i]
      }
    }
    return (node, true)
  }

  func line(of path: String?) -> Int? { node(at: path)?.0.mark?.line }

  func scalar(at path: String) -> String? {
    guard let (node, exact) = node(at: path), exact else { return nil }
    return node.scalar?.string
  }

  enum Component { case key(String), index(Int) }

  static func components(_ path: String) -> [Component] {
    var result: [Component] = []
    for part in path.split(separator: ".") {
      var name = Substring(part)
      var indices: [Int] = []
      while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
        if let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) { indices.insert(i, at: 0) }
        name = name[..<open]
      }
      if !name.isEmpty { result.append(.key(String(name))) }
      result += indices.map(Component.index)
    }
    return result
  }
}
