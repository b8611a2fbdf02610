import Foundation
import Hummingbird
import Prometheus
import SQLKit
import Yams

/// Health, metrics and the OpenAPI document: no login needed.
struct SystemRoutes: Sendable {
    let services: AppServices
    let registry: PrometheusCollectorRegistry
    let openAPIJSON: Data

    init(services: AppServices, registry: PrometheusCollectorRegistry) throws {
        self.services = services
        self.registry = registry
        self.openAPIJSON = try Self.loadOpenAPI()
    }

    /// The document the server types are generated from, served as JSON: what is served is what is implemented.
    static func loadOpenAPI() throws -> Data {
        let yaml = try String(contentsOfFile: ResourcePaths.openAPI, encoding: .utf8)
        guard let object = try Yams.load(yaml: yaml) else { return Data("{}".utf8) }
        return try JSONSerialization.data(withJSONObject: JSONSafe.convert(object), options: [.sortedKeys])
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ -> Response in
            do {
                try await services.database.session { db in try await db.raw("SELECT 1").run() }
                return Self.json(#"{"status":"ok","database":"\#(services.database.dialect.rawValue)"}"#, .ok)
            } catch {
                return Self.json(#"{"status":"unavailable"}"#, .serviceUnavailable)
            }
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
        }
        router.get("/api/v1/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPIJSON)))
        }
    }

    static func json(_ text: String, _ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// YAML gives dictionaries keyed by AnyHashable and numbers of several types; JSONSerialization wants plain ones.
enum JSONSafe {
    static func convert(_ value: Any) -> Any {
        switch value {
        case let d as [AnyHashable: Any]:
            var out: [String: Any] = [:]
            for (k, v) in d { out["\(k)"] = convert(v) }
            return out
        case let d as [String: Any]: return d.mapValues(convert)
        case let a as [Any]: return a.map(convert)
        default: return value
        }
    }
}
