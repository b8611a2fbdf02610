import Testing
@testable import PinzhiDomain
@Test func placeholder() { #expect(Bool(true)) }
