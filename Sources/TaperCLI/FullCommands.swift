package import ArgumentParser

/// The configurations (name, abstract, discussion) of the commands that live in `taper-full`, so that `taper`
/// lists them in its help exactly as `taper-full` runs them.
extension CommandConfiguration {
  package static let batch = CommandConfiguration(
    commandName: "batch",
    abstract: "Turn every plan file in a folder into its outputs (JSON, calendar, PDF, HTML), in parallel.",
    discussion: """
      Each plan's files go to OUT_DIR/<plan id>/. A bad plan is reported with its error and does not stop \
      the others; the exit status is 1 when any plan failed.
      """)

  package static let bench = CommandConfiguration(
    commandName: "bench", abstract: "Time one stage of Taper in-process (benchmark harness).", shouldDisplay: false)

  package static let print = CommandConfiguration(
    commandName: "print",
    abstract: "Write printable weekly schedules: a PDF or a self-contained HTML page.",
    discussion: """
      Page 1 lists who to call and when, the medicines with their safety notes, and a taper chart; then \
      one page per week with a tick box per dose; the last page counts the tablets the plan needs.
      """)

  package static let serve = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the clinician web page (saved plans, revisions) and calendar subscription feeds.",
    discussion: """
      Listens on 127.0.0.1 unless told otherwise; any other address needs --access-token-file, and then every \
      page asks for that token (feeds are reached by their own secret URLs).
      """)
}

extension CommandConfiguration {
  package static let migrate = CommandConfiguration(
    commandName: "migrate",
    abstract: "Move a clinic's plan database to PostgreSQL, and check every revision and audit event came across.",
    discussion: """
      taper migrate --from sqlite:/var/lib/taper --to postgres://taper@db.hospital.example/taper \
      --to-password-file FILE. The target must hold no plans; plans, revisions, subscription links, approvals \
      and the audit log are moved in one transaction and read back byte for byte. Sessions are not moved.
      """)

  package static let backup = CommandConfiguration(
    commandName: "backup",
    abstract: "Copy a live SQLite plan database consistently (SQLite's online backup), while the server runs.",
    discussion: """
      taper backup --data /var/lib/taper --to /backup/taper-2026-12-03.sqlite. For PostgreSQL use pg_dump \
      (README, "Scaling out").
      """)
}

extension CommandConfiguration {
  /// The root command, `taper`, with its subcommands (those of `taper` or of `taper-full`).
  package static func taper(subcommands: [any ParsableCommand.Type]) -> CommandConfiguration {
    CommandConfiguration(
      commandName: "taper",
      abstract: "Turns a myositis treatment decision into a day-by-day medication plan.",
      discussion: """
        Plans follow the treatment algorithm for idiopathic inflammatory myopathy (BMJ Best Practice). \
        Out-of-range doses are refused; a plan is a clinician's decision, checked, never a suggestion.
        """,
      version: TaperVersion.string,
      subcommands: subcommands)
  }
}
