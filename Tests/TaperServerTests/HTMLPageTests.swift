import Foundation
import Hummingbird
import HummingbirdTesting
import TaperCore
import TaperRender
import Testing

@testable import TaperServer

/// The clinician pages build with `HTML`: what a person typed is shown, never run.
@Suite struct HTMLPageTests {
  static let attack = "<script>alert('x')</script>"
  static let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"

  /// The non-severe form with a script in the title, the patient label and the other medicine's instructions.
  func attackForm() -> [(String, String)] {
    var fields = nonSevereForm()
    fields.removeAll { $0.0 == "plan.title" || $0.0 == "patient.label" }
    return fields + [
      ("plan.title", "Plan \(Self.attack)"), ("patient.label", "J. \(Self.attack)"),
      ("medications[2].instructions", "with food \(Self.attack)"),
    ]
  }

  @Test func scriptInTitleLabelAndInstructionIsEscapedOnThePlanPage() async throws {
    let store = try makeStore()
    try await Application(router: makeRouter(store)).test(.router) { client in
      var session = Session()
      _ = try await session.open(client, "/plans/new")
      let created = try await session.post(client, "/plans", attackForm())
      #expect(created.status == .seeOther, "\(errorMessages(created.text))")
      let id = String(try #require(created.headers[.location]).dropFirst("/plans/".count))
      let page = try await session.open(client, "/plans/\(id)")
      #expect(!page.contains("<script"))
      #expect(!page.contains("alert('x')"))
      #expect(page.contains("<title>Plan \(Self.escaped) — Taper</title>"))
      #expect(page.contains("<h1>Plan \(Self.escaped)</h1>"))
      // The embedded printed schedule shows the patient label and the instruction, escaped.
      #expect(page.contains("<p class=\"patient\">Patient: J. \(Self.escaped)</p>"))
      #expect(page.contains("with food \(Self.escaped)"))
      let revise = try await session.open(client, "/plans/\(id)/revise")
      // The builder's own script file is the one script element; nothing typed becomes one.
      #expect(revise.ranges(of: "<script").count == 1)
      #expect(revise.contains("<script src=\"/assets/plan-form.js\"></script>"))
      #expect(revise.contains("name=\"plan.title\" value=\"Plan \(Self.escaped)\""))
    }
  }

  @Test func planPageHasExactlyOneStyleBlockWithTheScheduleStyles() async throws {
    try await withNewPlan { client, session, id, store in
      let page = try await session.open(client, "/plans/\(id)")
      #expect(page.ranges(of: "<style>").count == 1)
      #expect(page.ranges(of: "</style>").count == 1)
      let revision = try #require(try await store.revisions(planID: id).first)
      let plan = try PlanDocuments.plan(revision, approval: nil)
      let parts = PlanDocuments.schedule(plan, revision: revision, version: "test", approval: nil)
      #expect(page.contains("<style>\n\(parts.css)\n\(Pages.css)\n</style>"))
      // The file says approved, but no prescriber approved it in Taper: a draft.
      #expect(page.contains("<div class=\"schedule draft\">\n\(parts.body)</div>"))
      #expect(!page.contains("<body class=\"approved\">"))
    }
  }

  @Test func reviseNoticeIsAParameterShownBeforeTheForm() throws {
    let form = PlanForm(values: ["plan.id": "p1"])
    let mode = Pages.FormMode.revise(planID: "p1", base: 1)
    let plain = Pages.planForm(form, mode: mode, findings: .init(), csrf: "t").description
    #expect(!plain.contains("class=\"notice\""))
    let page = Pages.planForm(form, mode: mode, findings: .init(), csrf: "t", notice: "Edit <below> & 'now'")
    #expect(
      page.description.contains(
        "<p class=\"notice\">Edit &lt;below&gt; &amp; &#39;now&#39;</p>"
          + "<div class=\"builder-layout\"><div class=\"form-column\">\n"
          + "<form method=\"post\" action=\"/plans/p1/revisions\" class=\"plan\">"))
  }

  @Test func messagesAndLinksEscapeWhatTheyAreGiven() {
    let page = Pages.message("T \(Self.attack)", "text \"q\" & \(Self.attack)").description
    #expect(!page.contains("<script"))
    #expect(page.contains("<h1>T \(Self.escaped)</h1>\n<p>text &quot;q&quot; &amp; \(Self.escaped)</p>"))
    let summary = PlanSummary(id: "a/b?c", title: "<i>t</i>", latest: 1, savedAt: 0)
    let index = Pages.index([summary], csrf: "").description
    #expect(index.contains("<a href=\"/plans/a%2Fb%3Fc\">a/b?c</a></td><td>&lt;i&gt;t&lt;/i&gt;</td>"))
  }
}
