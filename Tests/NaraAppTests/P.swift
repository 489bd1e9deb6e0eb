import Testing
import VaporTesting
@testable import NaraWeb
@Test func placeholder2() { #expect(1 == 1) }
