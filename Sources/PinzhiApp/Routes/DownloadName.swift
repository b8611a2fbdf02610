import Foundation

/// The Content-Disposition of a download with a Chinese file name: an ASCII fallback for old clients and the
/// RFC 5987 `filename*` that browsers save under.
enum DownloadName {
    static func disposition(file: String, fallback: String) -> String {
        let encoded = file.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
