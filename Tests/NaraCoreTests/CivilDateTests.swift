import Testing
@testable import NaraCore

@Suite("Dates")
struct CivilDateTests {
    @Test("ISO dates are read strictly and written in Swedish")
    func dates() {
        #expect(CivilDate(iso: "2024-03-31")?.swedish == "31 mars 2024")
        #expect(CivilDate(iso: "2023-12-01")?.swedish == "1 december 2023")
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "31/03/2024") == nil)
        #expect(CivilDate(iso: "2024-3-31") == nil)
        #expect(CivilDate.make(2023, 12, 1) < .make(2024, 3, 31))
    }
}
