import Hummingbird
import PinzhiDomain

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
