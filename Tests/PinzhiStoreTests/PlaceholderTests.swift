import Testing
@testable import PinzhiStore
@Test func placeholder() { #expect(Bool(true)) }
