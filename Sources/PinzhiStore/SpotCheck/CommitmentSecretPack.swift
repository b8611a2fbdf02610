import Foundation
import PinzhiDomain
import ZIPFoundation

/// The packed private part of a task draw's commitment (Migration038, issue 21 item 3): a header line (the request,
/// the inspectors' pool, the context, the salt key, as JSON) then the candidates as `DrawCandidateLines`, deflated and
/// Base64-encoded. About a tenth of the JSON with its stored salts and leaves for the same list; it reads back to the
/// same `CommitmentSecret`, so the commitment, the draw and every proof recompute as before.
public enum CommitmentSecretPack {
    static let magic = "PZ-SECRET-1"

    struct Header: Codable {
        var request: DrawRequest
        var inspectors: [InspectorCandidate]
        var context: CommittedDraw.Context
        var saltKey: String
        var candidates: Int
    }

    /// The packed text, or nil when the secret keeps stored salts or a candidate would not read back exactly (a
    /// USCC holding the line's separators): such a secret is kept as JSON.
    public static func pack(_ secret: CommitmentSecret) -> String? {
        guard let saltKey = secret.saltKey else { return nil }
        let lines = DrawCandidateLines.write(secret.inputs.candidates)
        guard DrawCandidateLines.parse(lines) == secret.inputs.candidates else { return nil }
        let header = Header(request: secret.inputs.request, inspectors: secret.inputs.inspectors, context: secret.context, saltKey: saltKey,
                            candidates: secret.inputs.candidates.count)
        guard let json = try? JSONEncoder().encode(header) else { return nil }
        var plain = Data((magic + "\n").utf8)
        plain.append(json)
        plain.append(UInt8(ascii: "\n"))
        plain.append(contentsOf: lines)
        guard let deflated = try? deflate(plain) else { return nil }
        return deflated.base64EncodedString()
    }

    public static func unpack(_ text: String) -> CommitmentSecret? {
        guard let data = Data(base64Encoded: text), let plain = try? inflate(data) else { return nil }
        let bytes = [UInt8](plain)
        let newline = UInt8(ascii: "\n")
        guard let first = bytes.firstIndex(of: newline), String(decoding: bytes[..<first], as: UTF8.self) == magic,
              let second = bytes[(first + 1)...].firstIndex(of: newline),
              let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[(first + 1)..<second])),
              let candidates = DrawCandidateLines.parse(bytes[(second + 1)...]), candidates.count == header.candidates else { return nil }
        return CommitmentSecret(inputs: DrawInputs(request: header.request, candidates: candidates, inspectors: header.inspectors),
                                context: header.context, salts: [], saltKey: header.saltKey)
    }

    enum PackError: Error { case truncated }

    static func deflate(_ data: Data) throws -> Data {
        var out = Data()
        _ = try Data.compress(size: Int64(data.count), bufferSize: 1 << 16, provider: { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }, consumer: { out.append($0) })
        return out
    }

    static func inflate(_ data: Data) throws -> Data {
        var out = Data()
        // The whole input as one chunk: ZIPFoundation's inflate loop tells zlib a chunk is `bufferSize` bytes long
        // whatever the provider returns, so a shorter last chunk would let zlib read past it — and a truncated text
        // could then inflate from whatever memory follows. A stream that asks for more than it has is truncated.
        _ = try Data.decompress(size: Int64(data.count), bufferSize: max(data.count, 1), skipCRC32: true, provider: { position, _ in
            guard position == 0, !data.isEmpty else { throw PackError.truncated }
            return data
        }, consumer: { out.append($0) })
        return out
    }
}
