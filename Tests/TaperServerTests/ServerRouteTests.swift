import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

@testable import TaperServer

@Suite struct ServerRouteTests {
  @Test func createShowsThePlanWithItsFirstWeek() async throws {
    try await withNewPlan { client, session, id, store in
      let page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("revision 1 of 1"))
      #expect(page.contains("Prednisolone"))
      #expect(page.contains("<svg"))  // the taper chart
      let plan = try PlanDocuments.plan(try #require(try await store.revisions(planID: id).first))
      for day in plan.days.prefix(7) {
        for a in day.administrations { #expect(page.contains(WeeklyHTMLEscape(a.amount.description))) }
      }
      let list = try await client.execute(uri: "/", method: .get, headers: signedIn)
      #expect(list.text.contains(id))
    }
  }

  @Test func newPlanFormIsPrefilledFromTheGuideline() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      let page = try await client.execute(uri: "/plans/new?group=severe&line=1", method: .get, headers: signedIn).text
      #expect(page.contains("name=\"medications[0].drug\" value=\"methylprednisolone\""))
      #expect(page.contains("value=\"prednisolone\""))
      #expect(page.contains("value=\"methotrexate\""))
      #expect(page.contains("value=\"folic acid\""))
      #expect(page.ranges(of: "<script").count == 1 && page.contains("<script src=\"/assets/plan-form.js\"></script>"))
      // Each alternative of "methotrexate or azathioprine or mycophenolate" is offered; the first is pre-filled.
      #expect(page.contains("name=\"choice0\" value=\"azathioprine\""))
      let azathioprine = try await client.execute(
        uri: "/plans/new?group=severe&line=1&choice0=azathioprine", method: .get, headers: signedIn).text
      #expect(azathioprine.contains("value=\"azathioprine\""))
      #expect(!azathioprine.contains("name=\"medications[2].drug\" value=\"methotrexate\""))
      let remission = try await client.execute(uri: "/plans/new?group=remission&line=1", method: .get, headers: signedIn).text
      #expect(remission.contains("value=\"mycophenolate mofetil\""))
    }
  }

  @Test func reviseSavesRevisionTwoAndSaysWhatChanged() async throws {
    try await withNewPlan { client, session, id, store in
      let revise = try await session.open(client, "/plans/\(id)/revise")
      #expect(revise.contains("value=\"omeprazole\""))
      #expect(revise.contains("name=\"base\" value=\"1\""))
      #expect(revise.contains("name=\"revision.from\" value=\"2026-11-01\""), "today in the plan's zone by default")
      var fields = nonSevereForm(omeprazole: "40 mg")
      fields.removeAll { $0.0 == "note" }
      fields.append(("note", "higher omeprazole"))
      fields += revisionFields(reason: "Reflux on prednisolone")
      // A preview says what changes and shows the first week it changes, and saves nothing.
      let preview = try await session.post(
        client, "/plans/\(id)/revisions", fields.filter { $0.0 != "action" } + [("base", "1"), ("action", "preview")])
      #expect(preview.status == .ok)
      #expect(preview.text.contains("What changes (not saved yet)"))
      #expect(preview.text.contains("From Monday 1 February 2027:"))
      #expect(preview.text.contains("Omeprazole"))
      #expect(preview.text.contains("Week 5 of"))
      #expect(try await store.revisions(planID: id).count == 1)
      let saved = try await session.post(client, "/plans/\(id)/revisions", fields + [("base", "1")])
      #expect(saved.status == .seeOther, "\(errorMessages(saved.text))")
      let revisions = try await store.revisions(planID: id)
      #expect(revisions.map(\.number) == [1, 2])
      // The stored file is revision 1's, byte for byte, with revision 2 appended: what changes from the date.
      #expect(revisions[1].text.hasPrefix(revisions[0].text))
      #expect(revisions[1].text.contains("revisions:\n  - revision: 2\n    from: 2027-02-01\n    written: 2026-11-01\n"))
      #expect(revisions[1].text.contains("reason: \"Reflux on prednisolone\""))
      #expect(!revisions[1].text.contains("drug: \"prednisolone\"\n      mg_per_kg"), "unchanged rows are not in the revision")
      let page = try await session.open(client, "/plans/\(id)")
      #expect(page.contains("revision 2 of 2"))
      #expect(page.contains("Revision 2 from 2027-02-01 (Local clinician (prescriber, admin)): Reflux on prednisolone"))
      #expect(page.contains("<td>2027-02-01</td><td>Reflux on prednisolone</td>"), "the history shows the date and why")
      #expect(page.contains("Omeprazole from Mon 1 February 2027"))
      #expect(page.contains("40 mg at 07:30 (was 20 mg at 07:30)"))
      // Every day before the date is revision 1's.
      let one = try PlanDocuments.plan(revisions[0])
      let two = try PlanDocuments.plan(revisions[1])
      let date = try #require(CivilDate(iso: "2027-02-01"))
      #expect(Array(two.days.prefix { $0.date < date }) == Array(one.days.prefix { $0.date < date }))
      // A second save from the same (now old) form is refused, not silently stacked.
      let stale = try await session.post(client, "/plans/\(id)/revisions", fields + [("base", "1")])
      #expect(stale.status == .conflict)
      #expect(try await store.revisions(planID: id).count == 2)
    }
  }

  @Test func revisePlanFileKeepsIdAndNumbersTheRevision() async throws {
    let store = try makeStore()
    let text = try Fixtures.text("plans/specialist.yaml")
    try await PlanImport.save(text: text, fileName: "specialist.yaml", into: store, author: "t", note: "", now: 1)
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      let page = try await session.open(client, "/plans/demo-specialist-004/revise")
      #expect(page.contains("demo-specialist-004"))
      // A whole re-issued file is refused: a revision says what changes from a date.
      let reissued = text.replacingOccurrences(of: "dose_mg: 30, weeks: 4 }", with: "dose_mg: 30, weeks: 2 }")
      let whole = try await session.post(
        client, "/plans/demo-specialist-004/revisions", [("mode", "file"), ("base", "1"), ("plan_file", reissued)])
      #expect(whole.status == .unprocessableContent)
      #expect(whole.text.contains("add revision 2 at the end of its `revisions` list"))
      // The saved file with revision 2 appended is accepted as it is.
      let stored = try #require(try await store.revisions(planID: "demo-specialist-004").first).text
      let edited = stored + "revisions:\n  - from: 2027-05-03\n    written: 2026-11-01\n    reason: no longer needed\n    stop: omeprazole\n"
      let response = try await session.post(
        client, "/plans/demo-specialist-004/revisions",
        [("mode", "file"), ("base", "1"), ("plan_file", edited), ("author", "Dr B"), ("note", "shorter")])
      #expect(response.status == .seeOther, "\(errorMessages(response.text))")
      let latest = try #require(try await store.revisions(planID: "demo-specialist-004").last)
      #expect(latest.number == 2)
      #expect(latest.text == edited)
      let (plan, _) = try PlanFile.plan(text: latest.text, fileName: "x.yaml")
      #expect(plan.revision == 2)
      // Another id in the text is refused beside the field.
      let other = edited.replacingOccurrences(of: "id: demo-specialist-004", with: "id: someone-else")
      let refused = try await session.post(
        client, "/plans/demo-specialist-004/revisions", [("mode", "file"), ("base", "2"), ("plan_file", other)])
      #expect(refused.status == .unprocessableContent)
      #expect(refused.text.contains("plan.id: this plan&#39;s id") || refused.text.contains("plan.id: this plan's id"))
    }
  }

  @Test(arguments: ["calendar.ics", "schedule.pdf", "plan.json", "plan.yaml"])
  func downloadsEachFormat(file: String) async throws {
    try await withNewPlan { client, session, id, store in
      let response = try await client.execute(
        uri: "/plans/\(id)/revisions/1/\(file)", method: .get, headers: session.headers)
      #expect(response.status == .ok)
      let disposition = try #require(response.headers[.contentDisposition])
      #expect(disposition.contains("\(id)-r1."))
      let bytes = Array(response.body.readableBytesView)
      switch file {
      case "calendar.ics":
        #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
        #expect(response.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(response.text.contains("SEQUENCE:1\r\n"))
      case "schedule.pdf":
        #expect(bytes.starts(with: Array("%PDF".utf8)))
      case "plan.json":
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        #expect(object is [String: Any])
      default:
        // The CLI accepts the plan file unchanged.
        let (plan, _) = try PlanFile.plan(text: response.text, fileName: "download.yaml")
        #expect(plan.id == id)
        #expect(plan.patient.label == "J. Smith")
      }
      let missing = try await client.execute(uri: "/plans/\(id)/revisions/9/\(file)", method: .get, headers: signedIn)
      #expect(missing.status == .notFound)
    }
  }

  @Test func refusedInputIsShownBesideTheFieldAndNeverStored() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      var fields = nonSevereForm()
      fields.removeAll { $0.0 == "patient.weight_kg" || $0.0 == "medications[1].dose_mg" }
      fields += [("patient.weight_kg", "heavy"), ("medications[1].dose_mg", "5000")]
      let response = try await session.post(client, "/plans", fields)
      #expect(response.status == .unprocessableContent)
      #expect(try await store.plans().isEmpty)
      // The messages are the command line's, for the same plan file.
      let form = PlanForm.from(submitted: Dictionary(fields, uniquingKeysWith: { $1 }))
      let text = form.planFileText(id: "x", revision: 1)
      let error = try #require(throws: PlanFileError.self) { try PlanFile.plan(text: text, fileName: "x.yaml") }
      let weight = try #require(error.diagnostics.first { $0.diagnostic.path == "patient.weight_kg" })
      let html = response.text
      let block = try #require(html.range(of: "data-field=\"patient.weight_kg\"")).upperBound
      let next = html.range(of: "data-field=", range: block..<html.endIndex)?.lowerBound ?? html.endIndex
      #expect(html[block..<next].contains(WeeklyHTMLEscape(weight.diagnostic.description)))
      #expect(html.contains("value=\"heavy\""))
    }
  }

  @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let missing = try await session.post(client, "/plans", nonSevereForm(), csrf: false)
      #expect(missing.status == .forbidden)
      var forged = session
      forged.csrf = String(repeating: "0", count: 32)
      let wrong = try await forged.post(client, "/plans", nonSevereForm())
      #expect(wrong.status == .forbidden)
      var noCookie = session
      noCookie.cookie = ""
      #expect(try await noCookie.post(client, "/plans", nonSevereForm()).status == .unauthorized)
      #expect(try await store.plans().isEmpty)
      let id = try await createPlan(client, &session)
      let feed = try await session.post(client, "/plans/\(id)/feeds", [], csrf: false)
      #expect(feed.status == .forbidden)
      #expect(try await store.feeds(planID: id).isEmpty)
    }
  }

  @Test func subscribeFeedRevokeAndRotate() async throws {
    try await withNewPlan { client, session, id, store in
      let token = try await subscribe(client, &session, planID: id)
      let feed = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn)
      #expect(feed.status == .ok)
      #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
      let text = feed.text
      // Exactly one refresh hint of each kind, the feed's (RFC 7986 allows REFRESH-INTERVAL once); FeedCheckTests
      // also lints the feed with python icalendar (tools/ics/check.py: each calendar property once).
      #expect(text.components(separatedBy: "\r\nREFRESH-INTERVAL").count == 2)
      #expect(text.components(separatedBy: "\r\nX-PUBLISHED-TTL").count == 2)
      #expect(text.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))
      #expect(text.contains("\r\nX-PUBLISHED-TTL:PT1H\r\n"))
      #expect(text.contains("SEQUENCE:1\r\n"))
      #expect(!text.contains("Smith"))
      #expect(!text.contains("63.5"))
      #expect(!text.contains(id))
      // The token is stored hashed only.
      let feeds = try await store.feeds(planID: id)
      #expect(feeds.count == 1)
      let raw = try String(contentsOfFile: store.path ?? "", encoding: .isoLatin1)
      #expect(!raw.contains(token))
      // Revise: the same URL serves revision 2, cancelling what is gone.
      let saved = try await session.post(
        client, "/plans/\(id)/revisions", nonSevereForm(omeprazole: "40 mg") + revisionFields() + [("base", "1")])
      #expect(saved.status == .seeOther)
      let updated = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn).text
      #expect(updated.contains("SEQUENCE:2\r\n"))
      // The 20 mg doses before the date stay (the series ends the day before); 40 mg from the date.
      #expect(updated.contains("SUMMARY:Omeprazole 20 mg"))
      #expect(updated.contains("SUMMARY:Omeprazole 40 mg"))
      #expect(updated.contains("DTSTART;TZID=Europe/London:20270201T073000"))
      // Omeprazole stopped from 1 March: its series ends the day before, and nothing of it comes after.
      let stopped = nonSevereForm(azathioprine: "25").filter { !$0.0.hasPrefix("medications[2]") }
        + revisionFields(from: "2027-03-01", reason: "reflux settled")
      let third = try await session.post(client, "/plans/\(id)/revisions", stopped + [("base", "2")])
      #expect(third.status == .seeOther, "\(errorMessages(third.text))")
      let feed3 = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn).text
      #expect(feed3.contains("SEQUENCE:3\r\n"))
      let plan3 = try PlanDocuments.plan(try #require(try await store.revisions(planID: id).last))
      #expect(plan3.days.filter { $0.date.description >= "2027-03-01" }.allSatisfy { !$0.administrations.contains { $0.drug == "omeprazole" } })
      #expect(plan3.days.first { $0.date.description == "2027-02-28" }?.administrations.contains { $0.drug == "omeprazole" } == true)
      // Revoke: 404 from then on, like a token that never existed.
      _ = try await session.open(client, "/plans/\(id)")
      let revoked = try await session.post(client, "/plans/\(id)/feeds/\(feeds[0].id)/revoke", [])
      #expect(revoked.status == .seeOther)
      let gone = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn)
      #expect(gone.status == .notFound)
      // Rotate: a new link; the old one stops working.
      let second = try await subscribe(client, &session, planID: id)
      let active = try #require(try await store.feeds(planID: id).first { $0.isActive })
      let rotated = try await session.post(client, "/plans/\(id)/feeds/\(active.id)/rotate", [])
      #expect(rotated.status == .ok)
      let fresh = try #require(rotated.text.firstMatch(of: /\/feeds\/([0-9a-f]{32})\.ics/)).1
      #expect(try await client.execute(uri: "/feeds/\(second).ics", method: .get, headers: signedIn).status == .notFound)
      #expect(try await client.execute(uri: "/feeds/\(fresh).ics", method: .get, headers: signedIn).status == .ok)
    }
  }

  @Test func feedAnswersNotModifiedAndKeepsItsBytes() async throws {
    try await withNewPlan { client, session, id, store in
      let token = try await subscribe(client, &session, planID: id)
      let first = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn)
      let etag = try #require(first.headers[.eTag])
      let again = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: signedIn)
      #expect(again.body == first.body)
      #expect(again.headers[.eTag] == etag)
      let notModified = try await client.execute(
        uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: etag])
      #expect(notModified.status == .notModified)
      #expect(notModified.body.readableBytes == 0)
      // A fresh server over the same database renders the same bytes (DTSTAMP is the revision's saved time).
      try await Application(router: makeRouter(store)).test(.router) { other in
        let fresh = try await other.execute(uri: "/feeds/\(token).ics", method: .get)
        #expect(fresh.body == first.body)
      }
      let stale = try await client.execute(uri: "/feeds/\(token).ics", method: .get, headers: [.ifNoneMatch: "\"old\""])
      #expect(stale.status == .ok)
    }
  }

  @Test(arguments: ["0123456789abcdef0123456789abcdef.ics", "nope.ics", "x", "%00.ics"])
  func unknownFeedTokensAreNotFound(file: String) async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      let response = try await client.execute(uri: "/feeds/\(file)", method: .get, headers: signedIn)
      #expect(response.status == .notFound)
    }
  }

  @Test func accessTokenGuardsPagesButNotFeeds() async throws {
    let store = try makeStore()
    let router = WebServer.router(
      store: store, settings: ServerSettings(host: "0.0.0.0", accessToken: "correct-horse-battery-staple", version: "t")
    )
    try await Application(router: router).test(.router) { client in
      #expect(try await client.execute(uri: "/", method: .get, headers: signedIn).status == .unauthorized)
      let ok = try await client.execute(
        uri: "/", method: .get, headers: [.authorization: "Bearer correct-horse-battery-staple"])
      #expect(ok.status == .ok)
      #expect(try await client.execute(uri: "/feeds/\(Secrets.newFeedToken()).ics", method: .get, headers: signedIn).status == .notFound)
    }
    // Behind a TLS proxy, links use the public address.
    let proxied = WebServer.router(
      store: store, settings: ServerSettings(accessToken: testToken, version: "t", publicURL: "https://taper.example.org/"))
    try await Application(router: proxied).test(.router) { client in
      var session = Session()
      let id = try await createPlan(client, &session)
      _ = try await session.open(client, "/plans/\(id)")
      let page = try await session.post(client, "/plans/\(id)/feeds", []).text
      #expect(page.contains("https://taper.example.org/feeds/"))
      #expect(page.contains("webcal://taper.example.org/feeds/"))
    }
    #expect(!ServerSettings.isLoopback("0.0.0.0"))
    #expect(ServerSettings.isLoopback("127.0.0.1") && ServerSettings.isLoopback("::1"))
  }

  @Test(arguments: Fixtures.planNames)
  func importedExamplesShowTheirPages(name: String) async throws {
    let store = try makeStore()
    let id = try await PlanImport.save(
      text: try Fixtures.text("plans/\(name).yaml"), fileName: "\(name).yaml", into: store, author: "t", note: "",
      now: 1
    ).id
    try await Application(router: makeRouter(store)).test(.router) { client in
      let page = try await client.execute(uri: "/plans/\(id)", method: .get, headers: signedIn)
      #expect(page.status == .ok)
      #expect(page.text.contains("Download .ics"))
      let revise = try await client.execute(uri: "/plans/\(id)/revise", method: .get, headers: signedIn)
      #expect(revise.text.contains("<textarea"))
    }
    // Stored as revision 1 whatever the file said (remission.yaml says 2), and the text still plans.
    let stored = try #require(try await store.revisions(planID: id).first)
    #expect(try PlanDocuments.plan(stored).revision == 1)
  }

  @Test func pastedPlanFileIsSavedOrRefusedWithItsLine() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let text = try Fixtures.text("plans/leap-day.yaml")
      let bad = text.replacingOccurrences(of: "start:", with: "strat:")
      let refused = try await session.post(client, "/plans/import", [("plan_file", bad)])
      #expect(refused.status == .unprocessableContent)
      let expected = try #require(throws: PlanFileError.self) { try PlanFile.plan(text: bad, fileName: "plan.yaml") }
      for d in expected.diagnostics where d.severity == .error {
        #expect(refused.text.contains("line \(d.line ?? 0): \(WeeklyHTMLEscape(d.diagnostic.description))"))
      }
      #expect(try await store.plans().isEmpty)
      let saved = try await session.post(client, "/plans/import", [("plan_file", text), ("author", "Dr P")])
      #expect(saved.status == .seeOther)
      #expect(try await store.plans().count == 1)
    }
  }
}

/// The HTML renderer's escaping, written out again here (not `HTML(escaping:)`) so the test is its own oracle.
func WeeklyHTMLEscape(_ text: String) -> String {
  text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    .replacingOccurrences(of: "'", with: "&#39;")
}
