/// One number that every committed write of any process moves on (PinzhiDatabase bumps it in each transaction):
/// a server's read cache asks it whether anything changed before it reads a page of figures again, instead of
/// reading it again every `maxAge` seconds whether or not anything did (ReadCache, issue 21 item 1).
enum Migration045DataVersion {
    static let migration = Migration(45, "data version") { _ in
        ["CREATE TABLE data_version (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)",
         "INSERT INTO data_version (id, n) VALUES (1, 0)"]
    }
}
