import Foundation

/// An opaque paging cursor, so that clients do not build offsets themselves and the encoding can change later.
public enum Cursor {
    public static func encode(offset: Int) -> String {
        Data("o:\(offset)".utf8).base64EncodedString()
    }

    public static func decode(_ cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("o:"), let n = Int(text.dropFirst(2)), n >= 0 else { return nil }
        return n
    }
}
