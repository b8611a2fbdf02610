/// Why a step is refused: not this principal's step, not in this state, or bad input. Nothing is written.
public enum BatchRefusal: Error, Sendable, Equatable {
    case forbidden
    case wrongState(String)
    case invalid(ValidationFailure)

    public var message: String {
        switch self {
        case .forbidden: "无权执行此操作"
        case .wrongState(let text): text
        case .invalid(let failure): failure.summary
        }
    }
}
