import Foundation
import Hummingbird
import PinzhiStore

/// The answers of the pages' file uploads (a batch's attachments, an inspection's photos) and of their downloads.
enum AttachmentResponse {
    /// Runs the store's save of an uploaded file and answers the page's upload script in JSON: the page to reload, or
    /// the store's refusal as `{"error": {"code", "message"}}` with its status.
    static func upload(reload url: String, _ save: () async throws -> Void) async throws -> Response {
        do {
            try await save()
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            let payload = try encoder.encode(["url": url])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: payload)))
        } catch let error as StoreError {
            let web = WebError(error)
            let payload = try JSONEncoder().encode(["error": ["code": web.code, "message": web.message]])
            return Response(status: web.status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: payload)))
        }
    }

    /// A stored file shown inline under its own name (RFC 5987 for the Chinese), never cached by the browser.
    static func file(_ open: () async throws -> (filename: String, contentType: String, data: Data)) async throws -> Response {
        do {
            let file = try await open()
            let encoded = file.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
            return Response(status: .ok, headers: [
                .contentType: file.contentType, .cacheControl: "private, no-store",
                .contentDisposition: "inline; filename=\"file\"; filename*=UTF-8''\(encoded)",
            ], body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
        } catch let error as StoreError {
            throw WebError(error)
        }
    }
}
