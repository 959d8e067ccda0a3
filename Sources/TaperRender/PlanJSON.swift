public import TaperCore
import Foundation

/// The plan as JSON: stable key order, every day listed (days with no dose too).
public enum PlanJSON {
  /// Pretty-printed JSON with sorted keys, ending in a newline.
  public static func render(_ plan: TreatmentPlan) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain value structs of strings and numbers cannot fail.
    let data = try! encoder.encode(Document(plan))
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  struct Document: Encodable {
    var plan: Header
    var patient: Patient
    var medicines: [MedicineJSON]
    var days: [Day]
    var changes: [Change]
    var notices: [Notice]
    var monitoring: [Monitoring]

    init(_ p: TreatmentPlan) {
      plan = Header(
        id: p.id, title: p.title, start: "\(p.start)", end: "\(p.end)", timezone: p.timeZone,
        revision: p.revision, status: p.status.rawValue, weeks: p.weekCount)
      patient = Patient(weight_kg: p.patient.weight.kilograms, group: p.patient.group.rawValue, line: p.patient.line)
      medicines = p.medicines.map(MedicineJSON.init)
      days = p.days.map { d in
        Day(date: "\(d.date)", day: d.number, weekday: d.date.weekday.name, doses: d.administrations.map(Dose.init))
      }
      changes = p.changes.map {
        Change(date: "\($0.date)", drug: $0.drug, from: $0.from, to: $0.to, reduction: $0.isReduction, summary: $0.summary)
      }
      monitoring = p.monitoring.map {
        Monitoring(date: "\($0.date)", title: $0.title, detail: $0.detail, drugs: $0.medicines.map { p.medicines[$0].key })
      }
      notices = p.notices.map { Notice(severity: $0.severity.rawValue, path: $0.path, message: $0.message) }
    }
  }

  struct Header: Encodable {
    var id, title, start, end, timezone: String
    var revision: Int
    var status: String
    var weeks: Int
  }

  struct Patient: Encodable {
    var weight_kg: Double
    var group: String
    var line: Int
  }

  struct MedicineJSON: Encodable {
    var drug, name, route, schedule: String
    var times: [String]
    var instructions, safety_notes: [String]
    var dose_checked: Bool
    var first_date, last_date, continuation, dose_basis, guideline: String?
    var duration_minutes: Int?

    init(_ m: Medicine) {
      drug = m.key
      name = m.displayName
      route = m.route.rawValue
      schedule = m.scheduleText
      times = m.times.map(\.description)
      instructions = m.instructions
      safety_notes = m.safetyNotes
      dose_checked = m.doseChecked
      first_date = m.firstDate.map(\.description)
      last_date = m.lastDate.map(\.description)
      continuation = m.continuation
      dose_basis = m.doseBasis
      guideline = m.guideline
      duration_minutes = m.durationMinutes
    }
  }

  struct Day: Encodable {
    var date: String
    var day: Int
    var weekday: String
    var doses: [Dose]
  }

  struct Dose: Encodable {
    var drug: String
    var amount: Double?
    var unit: String?
    var dose_text: String?
    var route: String
    var time: String
    var scheduled_time: String?
    var tablets: [Tablets]
    var note: String?
    var continues_after_plan: Bool?

    init(_ a: Administration) {
      drug = a.drug
      switch a.amount {
      case .milligrams(let m):
        amount = m.milligrams
        unit = "mg"
      case .grams(let m):
        amount = (m.grams * 10).rounded() / 10
        unit = "g"
      case .text(let t):
        dose_text = t
      }
      route = a.route.rawValue
      time = a.time.description
      scheduled_time = a.time == a.scheduledTime ? nil : a.scheduledTime.description
      tablets = a.tablets.map { Tablets(strength_mg: $0.strength.milligrams, count: $0.count) }
      note = a.note
      continues_after_plan = a.continuesAfterPlan ? true : nil
    }
  }

  struct Tablets: Encodable {
    var strength_mg: Double
    var count: Int
  }

  struct Change: Encodable {
    var date, drug, from, to: String
    var reduction: Bool
    var summary: String
  }

  struct Monitoring: Encodable {
    var date, title, detail: String
    var drugs: [String]
  }

  struct Notice: Encodable {
    var severity: String
    var path: String?
    var message: String
  }
}
