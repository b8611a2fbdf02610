import Crypto
import Dispatch

/// The hash tree of a PZ-DRAW-2 commitment (the published method, Sources/PinzhiApp/Resources/draw-method.txt): SHA-256 throughout, a leaf hashed as
/// 0x00 ‖ salt ‖ text and a node as 0x01 ‖ left ‖ right (the prefixes keep a leaf from passing for a node); at each
/// level an odd last node is carried up unchanged. One root commits to every candidate; a path of at most log₂ n
/// hashes proves one of them without showing the others.
public enum MerkleTree {
    /// One step of a proof: the sibling's hash and on which side it stands.
    public struct Step: Sendable, Equatable, Codable {
        public var sibling: String
        /// True when the sibling is the left input of the node (the proven hash the right one).
        public var left: Bool

        public init(sibling: String, left: Bool) {
            self.sibling = sibling
            self.left = left
        }
    }

    public static func leafHash(salt: [UInt8], text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        startLeaf(salt: salt, in: &bytes)
        bytes.append(contentsOf: text.utf8)
        return Array(SHA256.hash(data: bytes))
    }

    /// Starts a leaf's hashed bytes in `buffer`, 0x00 ‖ salt; the leaf text is appended after it.
    static func startLeaf(salt: [UInt8], in buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0x00)
        buffer.append(contentsOf: salt)
    }

    /// The root over leaf hashes laid end to end, 32 bytes each, reduced in place level by level: a million leaves
    /// make a million nodes, without an array for each.
    public static func root(flat: [UInt8]) -> [UInt8] {
        precondition(flat.count % 32 == 0, "32 bytes a hash")
        var count = flat.count / 32
        guard count > 0 else { return Array(SHA256.hash(data: [UInt8]())) }
        var level = flat
        var node = [UInt8](repeating: 0x01, count: 65)
        level.withUnsafeMutableBytes { buffer in
            while count > 1 {
                var i = 0
                while i + 1 < count {
                    // 0x01 ‖ left ‖ right in one buffer, hashed at once.
                    node.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: 1).copyMemory(from: buffer.baseAddress!.advanced(by: i * 32), byteCount: 64) }
                    let digest = node.withUnsafeBytes { SHA256.hash(data: $0) }
                    digest.withUnsafeBytes { buffer.baseAddress!.advanced(by: i / 2 * 32).copyMemory(from: $0.baseAddress!, byteCount: 32) }
                    i += 2
                }
                if i < count {
                    buffer.baseAddress!.advanced(by: i / 2 * 32).copyMemory(from: buffer.baseAddress!.advanced(by: i * 32), byteCount: 32)
                }
                count = (count + 1) / 2
            }
        }
        return Array(level[0..<32])
    }

    /// Leaves per chunk of `root(count:hashes:)`: a power of two, so that a chunk's lower levels pair exactly as the
    /// whole tree's do; 2^13 leaves make 256 KB of hashes, a core's cache.
    public static let chunkLeaves = 1 << 13

    /// The root over `count` leaves hashed on every core (a city draw has a million; issue 21 item 3). `hashes(range,
    /// into)` appends the 32-byte hashes of the leaves in `range`, in order, to `into` and may return more from the
    /// same pass (the published lines); it is called once per chunk of `chunkLeaves` leaves, concurrently, so it may
    /// only read what it shares. Each chunk is reduced to its subtree's root — 2^k aligned leaves pair among
    /// themselves for the k lowest levels, and the last, shorter chunk carries its odd node up as the whole tree does
    /// — and the chunks' roots are reduced as `root(flat:)`: the same root as `root(flat:)` over all the hashes.
    public static func root<Extra: Sendable>(count: Int, hashes: @Sendable (Range<Int>, inout [UInt8]) -> Extra) -> (root: [UInt8], extras: [Extra]) {
        let chunks = (count + chunkLeaves - 1) / chunkLeaves
        guard chunks > 0 else { return (root(flat: []), []) }
        var chunkRoots = [UInt8](repeating: 0, count: chunks * 32)
        var extras = [Extra?](repeating: nil, count: chunks)
        chunkRoots.withUnsafeMutableBytes { roots in
            extras.withUnsafeMutableBufferPointer { extras in
                let slots = ChunkSlots(roots: roots, extras: extras)
                DispatchQueue.concurrentPerform(iterations: chunks) { k in
                    let roots = slots.roots, extras = slots.extras
                    let range = k * chunkLeaves..<min(count, (k + 1) * chunkLeaves)
                    var flat: [UInt8] = []
                    flat.reserveCapacity(range.count * 32)
                    extras[k] = hashes(range, &flat)
                    precondition(flat.count == range.count * 32, "32 bytes a leaf")
                    root(flat: flat).withUnsafeBytes { roots.baseAddress!.advanced(by: k * 32).copyMemory(from: $0.baseAddress!, byteCount: 32) }
                }
            }
        }
        return (root(flat: chunkRoots), extras.map { $0! })
    }

    /// Where the chunks of `root(count:hashes:)` write their results. Unchecked: chunk k writes only slot k, and the
    /// buffers outlive the concurrent loop.
    private struct ChunkSlots<Extra>: @unchecked Sendable {
        let roots: UnsafeMutableRawBufferPointer
        let extras: UnsafeMutableBufferPointer<Extra?>
    }

    static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root over the leaves in index order; SHA-256 of nothing for an empty list.
    public static func root(_ leaves: [[UInt8]]) -> [UInt8] {
        root(flat: Array(leaves.joined()))
    }

    static func up(_ level: [[UInt8]]) -> [[UInt8]] {
        var next: [[UInt8]] = []
        next.reserveCapacity((level.count + 1) / 2)
        var i = 0
        while i + 1 < level.count {
            next.append(node(level[i], level[i + 1]))
            i += 2
        }
        if i < level.count { next.append(level[i]) }
        return next
    }

    /// The siblings from the leaf at `index` up to the root.
    public static func path(_ leaves: [[UInt8]], index: Int) -> [Step] {
        var steps: [Step] = []
        var level = leaves
        var i = index
        while level.count > 1 {
            let sibling = i % 2 == 0 ? i + 1 : i - 1
            if sibling < level.count { steps.append(Step(sibling: Hex.encode(level[sibling]), left: sibling < i)) }
            level = up(level)
            i /= 2
        }
        return steps
    }

    /// Whether the leaf's hash, combined with the path's siblings, gives the root.
    public static func verify(leaf: [UInt8], path: [Step], root: [UInt8]) -> Bool {
        var hash = leaf
        for step in path {
            guard let sibling = Hex.decode(step.sibling), sibling.count == 32 else { return false }
            hash = step.left ? node(sibling, hash) : node(hash, sibling)
        }
        return hash == root
    }
}

/// Lower-case hexadecimal, as every hash of a draw is written.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Appends the digits of `bytes` to `out`.
    public static func append(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
    }

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var i = 0
        while i < chars.count {
            guard let high = value(chars[i]), let low = value(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
