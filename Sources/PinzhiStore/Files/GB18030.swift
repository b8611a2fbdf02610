#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes GB18030, the superset of GBK (code page 936) in which Excel and WPS on Chinese Windows save "CSV (逗号分隔)".
/// GBK's two-byte characters are GB18030's; the four-byte sequences carry what GBK lacks (CJK extension B characters
/// such as 𠀀, some minority scripts, the euro sign's neighbours). The table is the C library's (glibc's gconv module,
/// part of libc6 on every Debian), so no table of our own is shipped or kept up to date.
enum GB18030 {
    /// The text, or nil when the bytes are not GB18030 (an invalid or cut-off sequence anywhere).
    static func decode(_ bytes: [UInt8]) -> String? {
        let descriptor = iconv_open("UTF-8", "GB18030")
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        // A GB18030 character of n bytes is at most 3 UTF-8 bytes for n = 2 and 4 for n = 4: twice the input is room.
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 4)
        let written: Int? = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw -> Int? in
                var inPointer = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outLeft = outRaw.count
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                // (size_t)-1: EILSEQ (not GB18030) or EINVAL (a sequence cut off at the end); anything left unread too.
                guard result != -1, inLeft == 0 else { return nil }
                return outRaw.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(decoding: output[..<written], as: UTF8.self)
    }
}
