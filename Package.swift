// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "nara",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nara", targets: ["nara"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    ],
    targets: [
        // Pure domain: money, agreements, allocation, population tables. No Vapor, no Fluent.
        .target(name: "NaraCore", resources: [.copy("ReferenceData")]),
        // Fluent models and numbered migrations.
        .target(name: "NaraPersistence", dependencies: [
            "NaraCore",
            .product(name: "Fluent", package: "fluent"),
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        // zlib (deflate, CRC-32) for exports streamed as ZIP archives.
        .systemLibrary(name: "CNaraZlib", path: "Sources/CNaraZlib"),
        // Vapor application: configuration, controllers, views, JSON API, commands.
        .target(name: "NaraWeb", dependencies: [
            "NaraCore", "NaraPersistence", "CNaraZlib",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            .product(name: "Plot", package: "Plot"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ], resources: [.copy("Assets")]),
        .executableTarget(name: "nara", dependencies: ["NaraWeb"]),
        .testTarget(name: "NaraCoreTests", dependencies: ["NaraCore"]),
        .testTarget(name: "NaraAppTests", dependencies: [
            "NaraWeb",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
    ]
)
