/// Licences and CCC certificates as records of the enterprise (SPEC EN-2, issue 17): the enterprise's one text field
/// (licence_number …) stays for what was entered there; new licences are kept here with their validity and status.
enum Migration024Licences {
    static let migration = Migration(24, "licences") { d in
        [
            """
            CREATE TABLE licences (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, active \(d.bool) NOT NULL DEFAULT \(d.true),
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), licence_kind TEXT NOT NULL, number TEXT NOT NULL,
              product_unit TEXT NOT NULL, issuer TEXT NOT NULL, issued_on TEXT, expires_on TEXT NOT NULL, status TEXT NOT NULL,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (licence_kind, number))
            """,
            "CREATE INDEX licences_enterprise ON licences (enterprise_id)",
            "CREATE INDEX licences_expiry ON licences (status, expires_on)",
        ]
    }
}
