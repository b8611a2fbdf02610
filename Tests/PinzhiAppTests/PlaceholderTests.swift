import Testing
@testable import PinzhiApp
@Test func placeholder() { #expect(Bool(true)) }
