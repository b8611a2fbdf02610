import Foundation
import Hummingbird
import Mustache

/// Renders a view model with its Mustache template. Templates are loaded once at start from the resource bundle.
public struct ViewRenderer: Sendable {
    let library: MustacheLibrary

    public init(library: MustacheLibrary) { self.library = library }

    public static func load() async throws -> ViewRenderer {
        ViewRenderer(library: try await MustacheLibrary(directory: ResourcePaths.templates))
    }

    public func render(_ model: Any, _ template: String) throws -> String {
        guard let html = library.render(model, withTemplate: template) else {
            throw WebError(.internalServerError, code: "internal", "页面模板“\(template)”缺失")
        }
        return html
    }

    public func page(_ model: Any, _ template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        HTMLResponse(try render(model, template), status: status).response
    }
}

/// Where the bundled resources are; PINZHI_RESOURCES overrides it (useful when editing templates).
enum ResourcePaths {
    static var root: String {
        if let override = ProcessInfo.processInfo.environment["PINZHI_RESOURCES"] { return override }
        return Bundle.module.bundleURL.appendingPathComponent("Resources").path
    }

    static var templates: String { root + "/templates" }
    static var staticFiles: String { root + "/static" }
    static var openAPI: String { Bundle.module.bundleURL.appendingPathComponent("openapi.yaml").path }
}
