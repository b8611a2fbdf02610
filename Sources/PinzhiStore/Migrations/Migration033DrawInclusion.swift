/// Each task draw's inclusion probabilities (SPEC RK-7): π by class and of each selected enterprise, as JSON
/// (DrawInclusion). Draws made before this migration have none; the estimate counts their batches apart.
enum Migration033DrawInclusion {
    static let migration = Migration(33, "draw_inclusion") { _ in
        ["ALTER TABLE draws ADD COLUMN inclusion_json TEXT"]
    }
}
