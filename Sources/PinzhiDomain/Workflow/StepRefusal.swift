/// Why a step is refused: not this principal's step, not in this state (or not now), or bad input. Nothing is
/// written. The same three answers for every kind of record (the API maps them to 403/404, 409 and 400).
public enum StepRefusal: Error, Sendable, Equatable {
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

public typealias BatchRefusal = StepRefusal
