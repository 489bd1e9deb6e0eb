#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Vapor

/// Starts Nära: reads the settings, wires the app, runs the command (serve by default).
/// - Returns: the process exit code.
public func runNara() async -> Int32 {
    #if canImport(Glibc)
    // glibc gives each thread that allocates its own arena (up to eight per core) and keeps
    // what was freed in each; with a 16-thread database pool that held tens of megabytes after
    // one large export. Two arenas serve two cores.
    // `mallopt` lives in <malloc.h>, which Swift's Glibc module does not bring; M_ARENA_MAX is -8.
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 2)
    }
    #endif
    let config: AppConfig
    do {
        config = try AppConfig.read(from: ProcessInfo.processInfo.environment)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        return 2
    }
    let app: Application
    do {
        var env = try Environment.detect()
        // Production logs one JSON object per line (NARA_LOG_FORMAT=json|text overrides).
        let format = ProcessInfo.processInfo.environment["NARA_LOG_FORMAT"]?.lowercased()
        if format == "json" || (format != "text" && env == .production) {
            try LoggingSystem.bootstrap(from: &env) { level in { label in JSONLogHandler(label: label, level: level) } }
        } else {
            try LoggingSystem.bootstrap(from: &env)
        }
        app = try await Application.make(env)
    } catch {
        FileHandle.standardError.write(Data("Nära kan inte starta: \(error)\n".utf8))
        return 2
    }
    var code: Int32 = 0
    do {
        let command = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("-") }
        // Help (`nara --help`, `nara serve --help`) touches no database.
        let help = CommandLine.arguments.dropFirst().contains { $0 == "--help" || $0 == "-h" }
        let serving = !help && (command == nil || command == "serve")
        try await configure(app, config: config, prepareDatabase: !help && command != "migrate" && command != "restore",
                            announceDemo: serving)
        if serving { AccessVersionWatcher.install(on: app) }
        if serving { PublicCacheWatcher.install(on: app) }
    } catch {
        FileHandle.standardError.write(Data("Nära kan inte starta: \(String(reflecting: error))\n".utf8))
        try? await app.asyncShutdown()
        return 1
    }
    do {
        try await app.execute()
    } catch {
        // The command line has already printed the error.
        code = 1
    }
    try? await app.asyncShutdown()
    return code
}
