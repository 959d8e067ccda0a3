// The start-up anchor: a Swift program that imports Foundation and prints one line, built as swiftc builds it by
// default (the Swift runtime and Foundation as shared libraries).
import Foundation

print("hello \(ProcessInfo.processInfo.processIdentifier > 0)")
