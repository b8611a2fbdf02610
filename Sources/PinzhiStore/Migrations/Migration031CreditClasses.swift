/// Computed credit risk classes (SPEC RK-3): every change of an enterprise's class with the model's inputs, points and
/// reasons, and what it was before (the typed class, for the first computation); the queue of enterprises whose
/// inputs a step changed; each draw records the latest computation it read (`draws.credit_version`), so the classes
/// it weighted by can be recovered.
enum Migration031CreditClasses {
    static let migration = Migration(31, "credit_classes") { d in
        [
            """
            CREATE TABLE credit_classes (id \(d.primaryKey), enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), credit_class TEXT NOT NULL,
              previous_class TEXT, total \(d.bigint) NOT NULL, static_points \(d.bigint) NOT NULL, dynamic_points \(d.bigint) NOT NULL,
              credit_points \(d.bigint) NOT NULL, facts_json TEXT NOT NULL, reasons TEXT NOT NULL, cause TEXT NOT NULL, day TEXT NOT NULL,
              at TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX credit_classes_enterprise ON credit_classes (enterprise_id, id)",
            "ALTER TABLE draws ADD COLUMN credit_version \(d.bigint)",
            // Enterprises whose inputs changed in a step, recomputed right after it in a transaction of their own.
            "CREATE TABLE credit_queue (id \(d.primaryKey), enterprise_id \(d.bigint) NOT NULL, cause TEXT NOT NULL, queued_at TEXT NOT NULL)",
        ]
    }
}
