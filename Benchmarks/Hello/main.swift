// The reference of scripts/bench's HTTP figures: the smallest Hummingbird server, built by the same toolchain in the
// same release configuration, answering "hello" on the port it is given.
import Hummingbird

let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8099
let router = Router()
router.get("/") { _, _ in "hello" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
