import Foundation
import Mustache

/// A view model as Mustache reads it, reflected once. swift-mustache finds a name in a plain struct by reflection
/// on every lookup (its `Mirror.getValue` walks all the struct's fields each time), and a name a row lacks is looked
/// up again in every enclosing context: on a list of fifty batches that was 60 % of the request (perf, issue 21). A
/// node reflects its struct on the first lookup and answers every later one from a dictionary; what it answers is
/// what reflection would have: the stored property of that name, an optional unwrapped, a missing or nil one nil.
///
/// Only plain structs become nodes. Values that render themselves (strings, numbers, anything
/// CustomStringConvertible), enums, classes, sets and tuples stay as they are, so `{{x}}`, sections and the
/// `empty()` / `first()` transforms see the same values. Arrays and string-keyed dictionaries keep their shape,
/// their elements wrapped. Rendering is synchronous and a node lives only for one render.
final class ViewNode: MustacheParent {
    private let value: Any
    private var fields: [String: Any]?

    private init(_ value: Any) { self.value = value }

    /// `value` as Mustache should read it; nil for an empty optional.
    static func wrap(_ value: Any) -> Any? {
        // The common leaves first: a cast is far cheaper than a Mirror.
        if value is String || value is Int || value is Bool || value is Double || value is Int64 { return value }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { wrap($0.value) }
        case .struct:
            if value is CustomStringConvertible || value is MustacheParent || value is MustacheCustomRenderable
                || value is MustacheCustomRepresentation || value is MustacheLambda { return value }
            return ViewNode(value)
        case .collection:
            guard let array = value as? [Any] else { return value }
            return array.map { wrap($0) ?? $0 }
        case .dictionary:
            guard let dictionary = value as? [String: Any] else { return value }
            return dictionary.mapValues { wrap($0) ?? $0 }
        default:
            return value
        }
    }

    func child(named name: String) -> Any? {
        if let fields { return fields[name] }
        var built: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            // The first field of a name wins, as in swift-mustache's own lookup.
            guard let label = child.label, built[label] == nil, let wrapped = Self.wrap(child.value) else { continue }
            built[label] = wrapped
        }
        fields = built
        return built[name]
    }
}
