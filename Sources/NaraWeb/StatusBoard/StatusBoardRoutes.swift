import Foundation
import NaraCore
import Vapor

/// The status board: every recipient's report in a round, with its status, for analysts.
struct StatusBoardRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rule = AccessRule.capability(.reviewReports)
        routes.on(.GET, "uppfoljning", ":assignment", rule: rule, use: Self.board)
        routes.on(.GET, "uppfoljning", ":assignment", "status.csv", rule: rule, use: Self.csv)
    }

    /// The round named in the path, filtered by the query's `county` and `status`.
    /// `page` nil reads every row (the downloads); a number reads that page of the board.
    static func load(_ req: Request, page: Int? = nil) async throws -> StatusBoardQuery.Board {
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)),
              let board = try await StatusBoardQuery.query(assignmentID: id, county: req.query[String.self, at: "county"] ?? "",
                                                           status: req.query[String.self, at: "status"] ?? "", today: req.today, page: page, on: req.analysisDB)
        else { throw Abort(.notFound, reason: "Rapportomgången finns inte.") }
        return board
    }

    @Sendable static func board(req: Request) async throws -> Response {
        if req.query[String.self, at: "format"] != nil {
            let b = try await load(req)
            if let download = try StatusBoardQuery.table(b.rows, caption: b.title).download(req, filename: "nara-rapportstatus") { return download }
        }
        let b = try await load(req, page: req.query[Int.self, at: "sida"] ?? 1)
        return req.page { StatusBoardPage(board: b).render() }
    }

    /// The board as CSV at its older address: the same table as `?format=csv`.
    @Sendable static func csv(req: Request) async throws -> Response {
        let b = try await load(req)
        return CSVWriter.response(StatusBoardQuery.table(b.rows, caption: b.title).csv(), filename: "nara-rapportstatus.csv")
    }
}
