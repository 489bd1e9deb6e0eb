import Testing
@testable import NaraCore
@Test func placeholder() { #expect(1 == 1) }
