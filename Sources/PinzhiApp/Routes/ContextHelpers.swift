import Hummingbird
import PinzhiDomain
import PinzhiStore

extension AppRequestContext {
    /// The signed-in principal, or the login page.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw WebError.unauthenticated }
        return principal
    }

    func require(_ kind: RecordKind, _ action: Action) throws -> Principal {
        let p = try requirePrincipal()
        guard AccessPolicy.access(p.role, kind, action) != .denied else { throw WebError.forbidden }
        return p
    }

    func requireAdmin() throws -> Principal {
        let p = try requirePrincipal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        return p
    }

    func id(_ name: String = "id") throws -> Int64 {
        guard let raw = parameters.get(name), let id = Int64(raw) else { throw WebError.notFound }
        return id
    }
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

/// Runs a form's write; a refusal the person can fix — the form's own checks or the store's — shows the form again
/// with its errors (400, or the store's status), anything else goes to the error page.
func submitting(_ write: () async throws -> Response,
                again: (_ errors: [FieldError], _ status: HTTPResponse.Status) async throws -> Response) async throws -> Response {
    do {
        return try await write()
    } catch let failure as ValidationFailure {
        return try await again(failure.errors, .badRequest)
    } catch let error as StoreError where error.isUserFixable {
        return try await again(error.fieldErrors.isEmpty ? [FieldError("", error.message)] : error.fieldErrors, WebError(error).status)
    }
}
