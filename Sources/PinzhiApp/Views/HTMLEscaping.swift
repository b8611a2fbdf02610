import Mustache

/// HTML escaping for every template, byte by byte: the same five characters swift-mustache's HTML content type
/// replaces, with the same entities, but a text with none of them (nearly every value) is returned as it is, without
/// walking its characters or building a copy. swift-mustache's own escaping looked up every Character of every value
/// in a dictionary: 7 % of the batch list's time (issue 21). ViewRenderer names it in each template's first tag.
struct HTMLEscaping: MustacheContentType {
    static let name = "PINZHI_HTML"
    /// The tag ViewRenderer puts before each template, so that it and its partials escape with this.
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
