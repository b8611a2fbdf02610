/// The answer of the access policy for one role, record kind and action.
public enum Access: Sendable, Equatable {
    case denied
    case all
    /// Only rows whose column for the dimension equals the principal's binding.
    case restricted(ScopeDimension)
}
