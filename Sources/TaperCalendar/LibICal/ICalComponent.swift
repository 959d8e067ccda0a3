internal import CLibical

/// Owns one libical component tree (a root `icalcomponent`) and frees it, children included, in `deinit`.
///
/// Only roots have an owner. Children are built inside ``ICalNode/addChild(_:_:)``, which hands them to
/// their parent straight away, so no Swift object ever points at a component another one frees.
final class ICalComponent {
  let pointer: OpaquePointer

  /// A new, empty root component. The corresponding libical function is `icalcomponent_new`.
  init(kind: icalcomponent_kind) throws(ICalendarError) {
    ICalCheck.clear()
    pointer = try ICalCheck.checked("icalcomponent_new", icalcomponent_new(kind))
  }

  /// Takes ownership of a root returned by libical (a parser result, a clone).
  init(adopting pointer: OpaquePointer) { self.pointer = pointer }

  /// `icalcomponent_free` is recursive: it frees every child component and property.
  deinit { icalcomponent_free(pointer) }

  /// The tree as a borrowed node, valid while `self` lives.
  var node: ICalNode { ICalNode(pointer: pointer) }

  /// Appends the tree's iCalendar text (UTF-8 bytes, as libical writes them) to `out`.
  func appendICalText(to out: inout [UInt8]) throws(ICalendarError) {
    ICalCheck.clear()
    // The _r variant returns a buffer the caller owns (the plain one lends libical's ring buffer).
    let buffer = try ICalCheck.checked("icalcomponent_as_ical_string_r", icalcomponent_as_ical_string_r(pointer))
    defer { icalmemory_free_buffer(buffer) }
    let bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
    var count = 0
    while bytes[count] != 0 { count += 1 }
    out.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
  }

  /// The whole tree as iCalendar text: CRLF line ends, folded at 75 octets, TEXT escaped (by libical).
  func icalText() throws(ICalendarError) -> String {
    ICalCheck.clear()
    // The _r variant returns a buffer the caller owns (the plain one lends libical's ring buffer).
    let buffer = try ICalCheck.checked("icalcomponent_as_ical_string_r", icalcomponent_as_ical_string_r(pointer))
    defer { icalmemory_free_buffer(buffer) }
    return String(cString: buffer)
  }
}

/// A component borrowed from a tree that an ``ICalComponent`` owns; never freed through this value.
struct ICalNode {
  let pointer: OpaquePointer

  /// Adds a property made by an `icalproperty_new_*` function; a NULL one is an error.
  /// Ownership of the property moves to this component (`icalcomponent_add_property`).
  func add(_ function: StaticString, _ property: OpaquePointer?) throws(ICalendarError) {
    let property = try ICalCheck.checked(function, property)
    icalcomponent_add_property(pointer, property)
  }

  /// Builds a child component in `build` and adds it to this one.
  ///
  /// On success ownership of the child moves to this component (`icalcomponent_add_component`); if
  /// `build` throws, the child is freed here and never attached.
  func addChild(
    _ kind: icalcomponent_kind, _ build: (ICalNode) throws(ICalendarError) -> Void
  ) throws(ICalendarError) {
    ICalCheck.clear()
    let child = try ICalCheck.checked("icalcomponent_new", icalcomponent_new(kind))
    do {
      try build(ICalNode(pointer: child))
    } catch {
      icalcomponent_free(child)  // still ours: not attached yet
      throw error
    }
    icalcomponent_add_component(pointer, child)  // the parent owns the child from here on
  }

  /// Adds a clone of `component`; the clone belongs to this component from then on.
  func addClone(of component: OpaquePointer) throws(ICalendarError) {
    ICalCheck.clear()
    let clone = try ICalCheck.checked("icalcomponent_new_clone", icalcomponent_new_clone(component))
    icalcomponent_add_component(pointer, clone)  // ownership of the clone moves to this component
  }
}
