import Foundation
import Hummingbird
import Mustache

/// Renders a view model with its Mustache template. Templates are loaded once at start from the resource bundle.
public struct ViewRenderer: Sendable {
    let library: MustacheLibrary

    public init(library: MustacheLibrary) { self.library = library }

    /// Templates sit in a folder per area (templates/SpotCheck/plan.mustache) and are named by their file name alone
    /// ("plan"), which must be unique: Mustache's closing tags cannot carry a folder.
    public static func load() async throws -> ViewRenderer {
        let root = URL(fileURLWithPath: ResourcePaths.templates)
        MustacheContentTypes.register(HTMLEscaping(), named: HTMLEscaping.name)
        var library = MustacheLibrary()
        var seen: [String: String] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            if let other = seen[name] { throw ViewError.duplicateTemplate(name, other, file.path) }
            seen[name] = file.path
            try library.register(HTMLEscaping.pragma + String(contentsOf: file, encoding: .utf8), named: name)
        }
        return ViewRenderer(library: library)
    }

    enum ViewError: Error {
        case duplicateTemplate(String, String, String)
    }

    public func render(_ model: Any, _ template: String) throws -> String {
        guard let html = library.render(ViewNode.wrap(model) ?? model, withTemplate: template) else {
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
