// swift-tools-version:6.1
import PackageDescription

/// Settings every Swift target shares: strict Swift 6 checking and explicit import visibility.
let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "Taper",
  products: [
    .library(name: "TaperCore", targets: ["TaperCore"]),
    .library(name: "TaperPlanFile", targets: ["TaperPlanFile"]),
    .executable(name: "taper", targets: ["taper"]),
    .executable(name: "taper-full", targets: ["taper-full"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
    .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
  ],
  targets: [
    // Unicode for drug names: ICU's NFKC_Casefold and UTS #39 confusables skeletons (Debian libicu-dev),
    // wrapped in one target that owns the ICU pointers; the rest of Taper sees String in, String out.
    // A C target rather than a system library: its header names no ICU type, because the toolchain's Foundation
    // carries its own copy of ICU's headers and one module may not see both (libicu-dev, installed by setup).
    .target(
      name: "CICU",
      linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]),
    .target(name: "TaperUnicode", dependencies: ["CICU"], swiftSettings: strictSettings),

    // Core: the domain model, the drug dictionary, the guideline as data and the planner. No files, no terminal,
    // no clock, no time-zone database of its own: the caller hands it a zone's rules (ZoneRulesSource) and the
    // core reads them from TZif bytes; the plan-file layer reads the system's tz database (SystemTimeZones), the
    // files libical turns into the calendar's VTIMEZONE. Names are compared through TaperUnicode.
    .target(name: "TaperCore", dependencies: ["TaperUnicode"], swiftSettings: strictSettings),

    // Plan files: the format's one declaration (PlanFormat), YAML text → the core's PlanSpec with file/line/key in
    // every error, and the YAML writer (PlanFileWriter) for the web form, generated plans and revisions.
    .target(
      name: "TaperPlanFile",
      dependencies: ["TaperCore", .product(name: "Yams", package: "Yams")],
      swiftSettings: strictSettings),

    // Renderers: the plan as JSON, CSV and a terminal table, the printable week model and its HTML (through the
    // escaping HTML type), the guideline and dictionary texts. They consume the plan and never recompute it.
    .target(name: "TaperRender", dependencies: ["TaperCore", "TaperUnicode"], swiftSettings: strictSettings),

    // Calendar export: libical, wrapped in one target that owns every pointer.
    // Only libical itself (the module map links it): pkg-config's `libical` also links libicalss and libicalvcal,
    // which Taper never calls and which load Berkeley DB at every start.
    .systemLibrary(name: "CLibical", providers: [.apt(["libical-dev"])]),
    .target(name: "TaperCalendar", dependencies: ["TaperCore", "CLibical"], swiftSettings: strictSettings),

    // Print: the PDF through cairo and pango (a system-library target like libical's), from TaperRender's week
    // model.
    // pangocairo.pc pulls in gio's -pthread (Requires.private), which SwiftPM drops with a warning; the
    // project's own .pc lists only what CCairo's headers need (Debian/Ubuntu layout, prefix=/usr).
    .systemLibrary(
      name: "CCairo", pkgConfig: Context.packageDirectory + "/Sources/CCairo/taper-pangocairo.pc",
      providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
    .target(name: "TaperPrint", dependencies: ["TaperCore", "TaperRender", "CCairo"], swiftSettings: strictSettings),

    // The clinician web page and calendar subscription feeds: Hummingbird 2 (a controller per resource), plans
    // stored with GRDB; it opens its SQLite file and reads random bytes for feed tokens, and takes the clock from
    // ServerSettings.
    .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
    .target(
      name: "TaperServer",
      dependencies: [
        "TaperCore", "TaperPlanFile", "TaperRender", "TaperCalendar", "TaperPrint", "CQRencode",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "GRDB", package: "GRDB.swift"),
        // SHA-256 and HMAC for feed-token hashes, ETags, sessions and CSRF tokens.
        .product(name: "Crypto", package: "swift-crypto"),
        // OpenID Connect sign-in: the ID token's signature checked against the provider's JWKS.
        .product(name: "JWTKit", package: "jwt-kit"),
        // The store for several processes on one database (issue 17).
        .product(name: "PostgresNIO", package: "postgres-nio"),
        // The audit log's writer runs beside the server and flushes its last batch at shutdown.
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strictSettings),

    // The command line: files, the clock and exit codes for every command (the server's own file and socket are
    // TaperServer's). Two executables, one command: `taper` holds the commands that need only the plan, the
    // calendar and the terminal, and becomes `taper-full` (installed next to it) for print, batch, bench and
    // serve, so `taper plan` never loads cairo, pango, NIO or GRDB (README, "Performance").
    .target(
      name: "TaperCLI",
      dependencies: [
        "TaperCore", "TaperPlanFile", "TaperRender", "TaperCalendar",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings),
    .executableTarget(
      name: "taper",
      dependencies: ["TaperCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: strictSettings),
    .executableTarget(
      name: "taper-full",
      dependencies: [
        "TaperCLI", "TaperCore", "TaperPlanFile", "TaperRender", "TaperCalendar", "TaperPrint", "TaperServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/TaperFull",
      swiftSettings: strictSettings),

    // Tests
    .target(
      name: "TaperTestSupport", dependencies: ["TaperCore", "TaperPlanFile", "TaperRender"],
      path: "Tests/TaperTestSupport", swiftSettings: strictSettings),
    .testTarget(
      name: "TaperCoreTests",
      dependencies: [
        "TaperCore", "TaperUnicode", "TaperTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "TaperPlanFileTests", dependencies: ["TaperPlanFile", "TaperCore", "TaperRender", "TaperTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "TaperCalendarTests", dependencies: ["TaperCalendar", "TaperPlanFile", "TaperTestSupport"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "TaperPrintTests", dependencies: ["TaperPrint", "TaperPlanFile", "TaperTestSupport", "taper", "taper-full"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "TaperServerTests",
      dependencies: [
        "TaperServer", "TaperTestSupport", "taper", "taper-full", .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      swiftSettings: strictSettings),
    .testTarget(
      name: "TaperCLITests", dependencies: ["taper", "taper-full", "TaperTestSupport"],
      swiftSettings: strictSettings),
  ],
  swiftLanguageModes: [.v6]
)
