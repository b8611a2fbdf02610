import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Reads a list's query string (q, f_<column>, sort, dir, page, inactive) into a ListQuery, and writes it back.
struct ListRequest {
    var search: String
    var filters: [String: String]
    var sort: String?
    var descending: Bool
    var page: Int
    var includeInactive: Bool
    static let pageSize = 20

    init(_ request: Request) {
        let params = request.uri.queryParameters
        search = params.get("q") ?? ""
        var filters: [String: String] = [:]
        for (key, value) in params where key.hasPrefix("f_") && !value.isEmpty {
            filters[String(key.dropFirst(2))] = String(value)
        }
        self.filters = filters
        sort = params.get("sort")
        descending = params.get("dir") == "desc"
        page = max(1, params.get("page").flatMap { Int($0) } ?? 1)
        includeInactive = params.get("inactive") == "1"
    }

    var query: ListQuery {
        ListQuery(search: search, filters: filters, sort: sort, descending: descending, limit: Self.pageSize,
                  offset: (page - 1) * Self.pageSize, includeInactive: includeInactive)
    }

    func url(_ base: String, page: Int? = nil, sort: String? = nil, descending: Bool? = nil) -> String {
        var items: [(String, String)] = []
        if !search.isEmpty { items.append(("q", search)) }
        for (k, v) in filters.sorted(by: { $0.key < $1.key }) { items.append(("f_" + k, v)) }
        if let s = sort ?? self.sort { items.append(("sort", s)) }
        if descending ?? self.descending { items.append(("dir", "desc")) }
        if includeInactive { items.append(("inactive", "1")) }
        if let p = page, p > 1 { items.append(("page", String(p))) }
        guard !items.isEmpty else { return base }
        return base + "?" + items.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~"))) ?? s
    }
}
