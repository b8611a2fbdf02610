import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Logging
import Metrics
import PinzhiApp
import PinzhiDemo
import PinzhiStore
import Prometheus

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动网页与API服务")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "监听地址") var host: String = "127.0.0.1"
    @Option(help: "端口") var port: Int = 8080
    @Flag(help: "空数据库时写入演示数据，并打印演示账号") var demo = false
    @Flag(help: "Cookie 加 Secure 标记（经TLS反向代理提供服务时使用）") var secureCookies = false
    @Option(help: "附件（照片、单据）存放目录") var files: String = "data/attachments"
    @Option(help: "开放API每个来源地址每分钟的请求数（0为不限）") var publicRateLimit: Int = 120

    func run() async throws {
        let config = ConfigReader(provider: EnvironmentVariablesProvider())
        var logger = Logger(label: "pinzhi")
        logger.logLevel = Logger.Level(rawValue: config.string(forKey: "pinzhi.log.level", default: "info")) ?? .info
        let database = try await db.open()
        let hasher = PasswordHasher.bcrypt(cost: UInt8(config.int(forKey: "pinzhi.bcrypt.cost", default: 11)))
        say("品治 Pinzhi — 数据库：\(database.location)")
        if demo {
            say("正在检查演示数据（首次启动按真实流程生成上年与本年的监督抽查，约需一至三分钟）…")
            let started = Date()
            let result = try await DemoDataSeeder(database, hasher: hasher).seedIfEmpty()
            say(result.seeded ? "已写入演示数据（用时\(Int(Date().timeIntervalSince(started)))秒）。" : "数据库已有数据，未重复写入。")
            say("演示账号（密码均为 \(DemoDataSeeder.password)）：")
            for account in result.accounts {
                say("  \(account.username.padding(toLength: 12, withPad: " ", startingAt: 0)) \(account.role)（\(account.scope)）")
            }
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let services = AppServices(database: database, hasher: hasher, views: try await ViewRenderer.load(),
                                   settings: AppSettings(secureCookies: secureCookies, attachmentsDirectory: files,
                                                         publicRequestsPerMinute: publicRateLimit, publicBurst: max(publicRateLimit / 2, 1)), logger: logger)
        // Credit classes (RK-3, docs/rules.md §6c): the enterprises a step queued are recomputed within 5 seconds; and
        // everyone at start — which after the migration turns the typed classes into computed ones — and then daily,
        // since classes move with time too (a window ages, a rectification falls overdue).
        let credit = Task {
            let store = CreditClassStore(database)
            var lastFull: Date?
            while !Task.isCancelled {
                do {
                    if lastFull.map({ Date().timeIntervalSince($0) >= 86_400 }) ?? true {
                        let moved = try await store.recomputeAll(today: services.today())
                        logger.info("credit classes recomputed", metadata: ["changed": "\(moved.count)"])
                        returnFreedMemory()
                        lastFull = Date()
                    }
                    try await store.processQueue(today: services.today())
                } catch {
                    logger.error("credit classes not recomputed: \(error)")
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
        defer { credit.cancel() }
        let app = try PinzhiApplication.application(services: services, host: host, port: port, registry: registry)
        say("访问 http://\(host):\(port)")
        try await app.runService()
        logger.info("HTTP server stopped; closing the database connections")
        await database.shutdown()
        logger.info("database connections closed")
    }
}

/// Hands the heap's free pages back to the system: the daily credit pass holds a million enterprises' facts for a
/// few seconds (about 350 MB at L), and glibc keeps what was freed, so a server's resident size stayed at that peak
/// all day (issue 21: RSS after each load run stays flat). `malloc_trim` is looked up, as Glibc's module lacks it.
func returnFreedMemory() {
    #if os(Linux)
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
    #endif
}

/// Writes a line at once, unbuffered, so the demo accounts show even when the output is piped to a log.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
