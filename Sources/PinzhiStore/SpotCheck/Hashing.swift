import Crypto
import Foundation

enum Hashing {
    static func sha256(_ text: String) -> String { sha256(parts: [text]) }

    /// The hash of the parts' UTF-8 one after the other, read in place: a draw's candidate list is tens of
    /// megabytes, and copying it into Data (or joining it with the rest) cost more than hashing it.
    static func sha256(parts: [String]) -> String {
        var hasher = SHA256()
        for var part in parts {
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hex(hasher.finalize())
    }

    static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// Lower-case hex by table: String(format:) per byte cost more than the hash itself, in a bulk import's audit
    /// chain and in the session lookup of every request.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
