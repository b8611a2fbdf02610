/// Import reports are kept, so that the error file can be downloaded later and imports can be reviewed.
enum Migration003ImportResults {
    static let migration = Migration(3, "import_results") { d in
        [
            """
            CREATE TABLE import_results (id \(d.primaryKey), account_id \(d.bigint) REFERENCES accounts(id), kind TEXT NOT NULL,
              file_name TEXT NOT NULL, created_at TEXT NOT NULL, committed \(d.bool) NOT NULL, report_json TEXT NOT NULL)
            """,
        ]
    }
}
