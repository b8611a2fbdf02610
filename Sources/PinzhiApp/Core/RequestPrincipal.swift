import PinzhiDomain

/// The principal of the API request being handled. The OpenAPI handlers receive no request context, so the API's
/// authentication middleware binds the principal to the task that runs the handler.
public enum RequestPrincipal {
    @TaskLocal public static var current: Principal?
}
