/// The columns of the access policy table: who calls.
enum MatrixColumn: Int, CaseIterable, Sendable {
    case anonymous, admin, city, district, enforcement, agency, expert, enterprise, witness
}
