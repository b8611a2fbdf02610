import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Login, logout and password change (SPEC ORG-3).
struct AuthRoutes: Sendable {
    let services: AppServices

    struct LoginPage {
        var chrome: PageChrome
        var csrf: String
        var next: String
        var username: String
        var error: String?
        var message: String?
    }

    struct PasswordPage {
        var chrome: PageChrome
        var errors: [String]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/login") { request, context in try loginPage(request, context) }
        router.post("/login") { _, context in try await login(context) }
        router.post("/logout") { _, context in try await logout(context) }
        router.get("/password") { _, context in try passwordPage(context, errors: [], status: .ok) }
        router.post("/password") { _, context in try await changePassword(context) }
    }

    func loginPage(_ request: Request, _ context: AppRequestContext) throws -> Response {
        if context.principal != nil { return redirect("/") }
        let pre = request.cookies[CSRFMiddleware.preSessionCookie]?.value ?? SecretToken.make(bytes: 24)
        let model = LoginPage(chrome: PageChrome(title: "登录", context: context), csrf: pre,
                              next: safeNext(request.uri.queryParameters.get("next")), username: "", error: nil,
                              message: Flash.message(request.uri.queryParameters.get("msg")))
        var response = try services.views.page(model, "login")
        response.setCookie(Cookie(name: CSRFMiddleware.preSessionCookie, value: pre, path: "/",
                                  secure: services.settings.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func login(_ context: AppRequestContext) async throws -> Response {
        let username = (context.form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = context.form["password"] ?? ""
        let next = safeNext(context.form["next"])
        let result = try await services.accounts.authenticate(username: username, password: password, address: context.remoteAddress)
        switch result {
        case .failure(let failure):
            let model = LoginPage(chrome: PageChrome(title: "登录", context: context), csrf: context.form["_csrf"] ?? "",
                                  next: next, username: username, error: failure.message, message: nil)
            return try services.views.page(model, "login", status: failure == .throttled(minutes: AccountRepository.throttleWindowMinutes) ? .tooManyRequests : .unauthorized)
        case .success(let principal):
            // A new session token at every login, so a token planted before login is worth nothing after it.
            let (token, _) = try await services.sessions.start(principal)
            var response = redirect(next)
            response.setCookie(sessionCookie(token, maxAge: Int(SessionStore.lifetime)))
            return response
        }
    }

    func logout(_ context: AppRequestContext) async throws -> Response {
        if let token = context.sessionToken, let principal = context.principal {
            try await services.sessions.end(token, principal: principal)
        }
        var response = redirect("/login?msg=loggedout")
        response.setCookie(sessionCookie("", maxAge: 0))
        return response
    }

    func sessionCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: value, maxAge: maxAge, path: "/",
               secure: services.settings.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Only a local path is followed after login, never another site.
    func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"), !raw.hasPrefix("/login") else { return "/" }
        return raw
    }

    func passwordPage(_ context: AppRequestContext, errors: [String], status: HTTPResponse.Status) throws -> Response {
        _ = try context.requirePrincipal()
        return try services.views.page(PasswordPage(chrome: PageChrome(title: "修改密码", context: context), errors: errors), "password", status: status)
    }

    func changePassword(_ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let new = context.form["new"] ?? ""
        guard new == context.form["confirm"] else {
            return try passwordPage(context, errors: ["两次输入的新密码不一致"], status: .badRequest)
        }
        do {
            try await services.accounts.changePassword(principal, current: context.form["current"] ?? "", new: new,
                                                       keepSession: context.sessionToken)
        } catch let error as StoreError {
            return try passwordPage(context, errors: error.fieldErrors.map(\.message), status: .badRequest)
        }
        return redirect("/?msg=password")
    }
}
