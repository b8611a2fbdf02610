/// Organisations, accounts, sessions, tokens, the audit chain and the master-data tables.
enum Migration001Foundation {
    static let migration = Migration(1, "foundation") { d in
        let record = "id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, active \(d.bool) NOT NULL DEFAULT \(d.true), created_at TEXT NOT NULL, updated_at TEXT NOT NULL"
        return [
            """
            CREATE TABLE organisations (id \(d.primaryKey), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
              district_code TEXT, active \(d.bool) NOT NULL DEFAULT \(d.true))
            """,
            """
            CREATE TABLE enterprises (\(record), uscc TEXT NOT NULL UNIQUE, name TEXT NOT NULL, district_code TEXT,
              address TEXT NOT NULL, enterprise_type TEXT NOT NULL, scale TEXT NOT NULL, cluster TEXT, contact_name TEXT,
              contact_phone TEXT, licence_number TEXT, licence_product TEXT, licence_valid_until TEXT, ccc_certificates TEXT,
              quality_director TEXT, quality_officer TEXT, credit_class TEXT NOT NULL)
            """,
            "CREATE INDEX enterprises_district ON enterprises (district_code)",
            "CREATE INDEX enterprises_name ON enterprises (name)",
            """
            CREATE TABLE products (\(record), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, category_major TEXT NOT NULL,
              category_middle TEXT NOT NULL, national_key \(d.bool) NOT NULL, shanghai_key \(d.bool) NOT NULL,
              campaign_key \(d.bool) NOT NULL, licence_managed \(d.bool) NOT NULL, ccc \(d.bool) NOT NULL,
              fast_track \(d.bool) NOT NULL, season_start_month \(d.bigint), season_end_month \(d.bigint), rule_name TEXT,
              rule_version TEXT, standards TEXT)
            """,
            """
            CREATE TABLE test_items (\(record), product_id \(d.bigint) NOT NULL REFERENCES products(id), name TEXT NOT NULL,
              clause TEXT, unit TEXT, limit_expression TEXT NOT NULL, safety \(d.bool) NOT NULL, key_safety \(d.bool) NOT NULL,
              severity TEXT NOT NULL, UNIQUE (product_id, name))
            """,
            """
            CREATE TABLE agencies (\(record), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, uscc TEXT, cma_number TEXT NOT NULL,
              qualification_scope TEXT, technical_support \(d.bool) NOT NULL, first_time \(d.bool) NOT NULL, capacity \(d.bigint),
              contact_name TEXT, contact_phone TEXT, address TEXT)
            """,
            """
            CREATE TABLE agency_contracts (\(record), agency_id \(d.bigint) NOT NULL REFERENCES agencies(id), year \(d.bigint) NOT NULL,
              tender_number TEXT NOT NULL, name TEXT NOT NULL, bid_price \(d.double) NOT NULL, batches \(d.bigint) NOT NULL,
              UNIQUE (agency_id, tender_number, name))
            """,
            """
            CREATE TABLE inspectors (\(record), organisation_id \(d.bigint) NOT NULL REFERENCES organisations(id),
              name TEXT NOT NULL, certificate_number TEXT NOT NULL UNIQUE, phone TEXT)
            """,
            """
            CREATE TABLE experts (\(record), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, organisation TEXT NOT NULL, title TEXT,
              fields TEXT NOT NULL, reliability \(d.bool) NOT NULL, phone TEXT)
            """,
            """
            CREATE TABLE expert_conflicts (\(record), expert_id \(d.bigint) NOT NULL REFERENCES experts(id),
              enterprise_uscc TEXT NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL, UNIQUE (expert_id, enterprise_uscc))
            """,
            """
            CREATE TABLE accounts (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, username TEXT NOT NULL UNIQUE,
              display_name TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL,
              organisation_id \(d.bigint) NOT NULL REFERENCES organisations(id), district_code TEXT,
              agency_id \(d.bigint) REFERENCES agencies(id), enterprise_id \(d.bigint) REFERENCES enterprises(id),
              expert_id \(d.bigint) REFERENCES experts(id), active \(d.bool) NOT NULL DEFAULT \(d.true),
              failed_logins \(d.bigint) NOT NULL DEFAULT 0, locked_until TEXT, password_changed_at TEXT, created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, account_id \(d.bigint) NOT NULL REFERENCES accounts(id),
              csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_account ON sessions (account_id)",
            """
            CREATE TABLE api_tokens (id \(d.primaryKey), account_id \(d.bigint) NOT NULL REFERENCES accounts(id), name TEXT NOT NULL,
              token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT)
            """,
            "CREATE TABLE login_failures (id \(d.primaryKey), subject TEXT NOT NULL, at TEXT NOT NULL)",
            "CREATE INDEX login_failures_subject ON login_failures (subject, at)",
            "CREATE TABLE audit_head (id \(d.bigint) PRIMARY KEY, seq \(d.bigint) NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
            """
            CREATE TABLE audit_log (seq \(d.bigint) PRIMARY KEY, at TEXT NOT NULL, actor_id \(d.bigint), actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, actor_organisation TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,
              entity_id \(d.bigint), summary TEXT NOT NULL, before_json TEXT, after_json TEXT, prev_hash TEXT NOT NULL,
              hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
        ]
    }
}
